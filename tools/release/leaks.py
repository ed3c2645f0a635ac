#!/usr/bin/env python3
"""leaks.py RELEASE_DIR: fails when any file of the release holds a line of a solution region.

A solution region is what stubgen cuts out of solutions/ (between BEGIN SOLUTION and BEGIN STUB).
Its lines are searched for, whitespace-normalised, in every text file under RELEASE_DIR, the git
history included (.git is searched as text where git stored it uncompressed, and through
`git log -p` otherwise), the book's HTML without its markup, and its PDF through pdftotext. Lines too short to be telling ("}", "return 0;") and lines that also
appear outside the regions (in labs/ or test/: public anyway) are skipped.
"""
import html
import os
import re
import shutil
import subprocess
import sys

MIN_LEN = 16


def norm(line):
    return " ".join(line.split())


def solution_lines():
    found = {}
    for root, _, files in os.walk("solutions"):
        for name in files:
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            inside = False
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    marker = line.strip()
                    if marker == "/* BEGIN SOLUTION */":
                        inside = True
                    elif marker == "/* BEGIN STUB":
                        inside = False
                    elif inside and len(norm(line)) >= MIN_LEN:
                        found.setdefault(norm(line), f"{path}:{number}")
    return found


def public_lines():
    seen = set()
    for top in ("labs", "test"):
        for root, _, files in os.walk(top):
            for name in files:
                try:
                    with open(os.path.join(root, name), encoding="utf-8") as f:
                        seen.update(norm(line) for line in f)
                except (UnicodeDecodeError, OSError):
                    pass
    return seen


def release_texts(release):
    for root, dirs, files in os.walk(release):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".pdf"):
                if shutil.which("pdftotext"):
                    yield path, subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                                               errors="replace").stdout
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except (UnicodeDecodeError, OSError):
                continue  # binary: the reference libraries are object code on purpose
            if name.endswith((".html", ".htm", ".svg")):
                # Highlighted code is split into spans: search what a reader sees.
                text = html.unescape(re.sub(r"<[^>]*>", "", text))
            yield path, text
    if os.path.isdir(os.path.join(release, ".git")):
        history = subprocess.run(["git", "-C", release, "log", "-p", "--all"], capture_output=True, text=True,
                                 errors="replace").stdout
        yield os.path.join(release, ".git (history)"), history


def main():
    release = sys.argv[1]
    lines = solution_lines()
    public = public_lines()
    secret = {line: where for line, where in lines.items() if line not in public}
    leaks = 0
    for path, text in release_texts(release):
        present = {norm(line) for line in text.splitlines()}
        for line in secret.keys() & present:
            leaks += 1
            print(f"  {path} holds {secret[line]}: {line}")
    print(f"leaks: {len(secret)} solution lines searched for, {leaks} found")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
