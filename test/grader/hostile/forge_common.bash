# Shared by the forge-* cases (sourced, not a case itself: it has no .expect).
# forge_stubs LABDIR CODE [INCLUDE...]: puts CODE at the top of every stub function of the lab
# (after its "TODO(lab NN)" comment) and the includes at the top of each file, so that every
# graded test runs the forgery on its first call into student code.
forge_stubs() {
    local dir=$1 code=$2
    shift 2
    local f
    for f in "$dir"/*.c; do
        case $(basename "$f") in demo_*) continue ;; esac
        grep -q 'TODO(lab' "$f" || continue
        {
            printf '%s\n' "$@"
            # Through the environment: awk -v would read the backslashes in CODE as escapes.
            CODE=$code awk '{ print } /TODO\(lab/ { print "    " ENVIRON["CODE"] }' "$f"
        } >"$f.new" && mv "$f.new" "$f"
    done
}
