#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: only what grading
# needs (compilers, Criterion, libyaml, jansson, jq, libhttp-parser), not TeX or Chromium.
# Verified on Debian 12 here; the package names also exist in Ubuntu 22.04 (jammy), Gradescope's
# base, but that install was not run from here.
set -euo pipefail
cd "$(dirname "$0")/course"
apt-get update -q
tools/install-deps.sh core
make -s build/tools/grade build/project.mk
# No user to create: the grader gives the submission's code a user id of its own for each run.
