# As forge-report-hook.sh, graded with the object check off.
bash "$(dirname "$0")/forge-report-hook.sh" "$@"
