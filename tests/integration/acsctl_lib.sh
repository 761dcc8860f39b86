# acsctl_lib.sh: shared set-up for the t_acsctl_*.sh tests (sourced after
# lib.sh): a fixture store, a configuration naming it, and helpers.
ACSCTL="$top_builddir/acs/acsctl"
FIXTURE="$top_builddir/tests/acsctl_fixture"
[ -x "$ACSCTL" ] || skip "acs/acsctl not built"
[ -x "$FIXTURE" ] || skip "tests/acsctl_fixture not built"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"
DEV1=00147F-ST780-CP0001
DEV2=00259E-ZX%2D1-S%2D2
DEV3=0090D0-S3

# make_store CR-URL: writes the fixture store and $T/acsd.yaml.
make_store() {
	mkdir -p "$T/state"
	"$FIXTURE" "$T/state/devices" "$1" >/dev/null ||
	    fail "fixture store"
	cat >"$T/acsd.yaml" <<EOC
store:
  state_dir: $T/state
  path: $T/state/devices
  spool: $T/state/spool
  fsync: false
connection_request:
  timeout: 2s
EOC
}

# ctl ARGS...: runs acsctl on the test configuration; stdout in $T/out,
# stderr in $T/err, exit status in $rc.
ctl() {
	"$ACSCTL" -f "$T/acsd.yaml" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect CODE ARGS...: runs ctl and checks the exit status.
expect() {
	_want=$1
	shift
	ctl "$@"
	[ "$rc" -eq "$_want" ] ||
	    fail "acsctl $*: exit $rc, want $_want: $(cat "$T/err")"
}

# json EXPR: evaluates a Python expression over the JSON in $T/out (as d).
json() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$T/out" "$1"
}

# forget PID: drops a stopped process from lib.sh's kill list, so that
# cleanup cannot signal a stranger that got its pid again.
forget() {
	_keep=""
	for _p in $PIDS; do
		[ "$_p" = "$1" ] || _keep="$_keep $_p"
	done
	PIDS=$_keep
}

# wait_port FILE: waits (30 s) for a server to write its port into FILE.
wait_port() {
	_i=0
	while [ ! -s "$1" ] && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -s "$1" ] || fail "server did not start"
	cat "$1"
}
