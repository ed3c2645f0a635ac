# Taking the reference: the lab's sources replaced by symbolic links to the reference's, both
# absolute and relative. The scratch copy takes regular files only.
sub=$1 root=$2
ln -sf "$root/solutions/01-sequential/clock.c" "$sub/01-sequential/clock.c"
ln -sf "$root/solutions/01-sequential/sleep.c" "$sub/01-sequential/sleep.c"
ln -sf "../../../../../solutions/01-sequential/sequential.c" "$sub/01-sequential/sequential.c"
