# As forge-replace-criterion.sh, graded with the object check off.
bash "$(dirname "$0")/forge-replace-criterion.sh" "$@"
