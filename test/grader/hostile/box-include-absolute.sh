# Taking the reference by absolute path (a student who guessed where the checkout is): with
# namespaces the sandbox's root holds only /usr, /etc and the scratch copy at /work.
sub=$1 root=$2
for f in clock.c sleep.c sequential.c; do
    printf '#include "%s/solutions/01-sequential/%s"\n' "$root" "$f" >"$sub/01-sequential/$f"
done
