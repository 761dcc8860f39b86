# cpesim_lib.sh: helpers for the cpe-sim integration tests, sourced after
# lib.sh.  start_acs runs the scripted stand-in ACS (cpesim_acs.py) and
# sets ACS_PORT; acs_records prints the log's records through a python
# expression; run_sim runs cpe-sim in the foreground under a timeout.
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
SIM=$top_builddir/cpe-sim/cpe-sim
MODELS=$top_srcdir/cpe-sim/models
[ -x "$SIM" ] || fail "no $SIM"

# start_acs NAME [cpesim_acs.py options]: log in $T/NAME.log
start_acs() {
	_n=$1
	shift
	start_daemon "$_n" "$T/$_n.out" python3 \
	    "$top_srcdir/tests/integration/cpesim_acs.py" --log "$T/$_n.log" "$@"
	wait_for_log "$T/$_n.out" 'listening on port [0-9]+' 20 ||
	    fail "$_n did not start"
	ACS_PORT=$(log_value "$T/$_n.out" 'listening on port ([0-9]+)')
	: >>"$T/$_n.log"
}

# acs_query LOG PYTHON-EXPR: evaluates EXPR with R = list of records.
acs_query() {
	python3 -c "
import json, sys
R = [json.loads(l) for l in open(sys.argv[1])]
I = [r for r in R if r.get('method') == 'Inform']
M = lambda m: [r for r in R if r.get('method') == m]
print($2)" "$1"
}

# check LOG PYTHON-BOOL-EXPR MESSAGE
check() {
	_v=$(acs_query "$1" "bool($2)") || fail "query failed: $2"
	[ "$_v" = True ] || { acs_query "$1" "R" | head -c 3000 >&2; \
	    fail "$3"; }
}

# run_sim SECONDS cpe-sim-args...: foreground; the summary goes to
# $T/sim.out, the log to $T/sim.err (both are shown in the test log).
run_sim() {
	_t=$1
	shift
	timeout "$_t" "$SIM" "$@" >"$T/sim.out" 2>"$T/sim.err"
	_rc=$?
	tail -20 "$T/sim.err"
	cat "$T/sim.out"
	return $_rc
}
