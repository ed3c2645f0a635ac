# Outliving and poisoning: a lab file whose name is a shell command. Built by a recipe that
# names files unquoted, from the checkout, it would append to project.yml. The scratch copy
# takes only the handout's names, and lab.mk quotes every name.
sub=$1
printf 'int nothing;\n' >"$sub/01-sequential/x;echo poisoned >>project.yml;y.c"
printf 'int nothing_either;\n' >"$sub/01-sequential/\$(echo poisoned >>project.yml).c"
