# As forge-main.sh, graded with the object check off.
bash "$(dirname "$0")/forge-main.sh" "$@"
