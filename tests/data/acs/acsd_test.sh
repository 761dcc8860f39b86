# acsd_test.sh: shared helpers for acsd's integration tests; source it
# after tests/integration/lib.sh.  acsd_start NAME [yaml-fragment-file]
# writes a config for 127.0.0.1 port 0 under $T/NAME, starts acsd in the
# foreground and sets NAME_port; cpe runs the scripted CPE; job runs the
# spool helper.
ACSD=$top_builddir/acs/acsd
ACS_JOB=$top_builddir/tests/data/acs/acs_job
ACS_DATA=$top_srcdir/tests/data/acs
command -v python3 >/dev/null 2>&1 || skip "python3 missing"
[ -x "$ACSD" ] || fail "acsd not built"

# acsd_conf NAME [HTTP-SETTING...]: writes $T/NAME.yaml: an http section
# for 127.0.0.1 port 0 plus the given "key: value" settings, then stdin.
acsd_conf() {
	_n=$1
	shift
	mkdir -p "$T/$_n"
	{
		printf 'http:\n  listen: 127.0.0.1\n  port: 0\n'
		printf '  threads: 2\n'
		for _s in "$@"; do
			printf '  %s\n' "$_s"
		done
		cat
	} >"$T/$_n.yaml"
	set -- "$_n"
	grep -q '^store:' "$T/$1.yaml" ||
	    printf 'store:\n  state_dir: %s\n' "$T/$1/state" >>"$T/$1.yaml"
	chmod 600 "$T/$1.yaml"
}

# acsd_start NAME: starts acsd with $T/NAME.yaml, waits for its port.
acsd_start() {
	start_daemon "$1" "$T/$1.log" "$ACSD" -d -v -f "$T/$1.yaml"
	wait_for_log "$T/$1.log" 'listening on 127.0.0.1:[0-9]+' 10 ||
	    fail "acsd $1 did not start"
	eval "${1}_port=\$(log_value \"$T/$1.log\" \
	    '.*listening on 127.0.0.1:([0-9]+).*')"
}

cpe() {
	python3 "$ACS_DATA/minicpe.py" --tree "$ACS_DATA/tree.txt" "$@"
}

job() {
	"$ACS_JOB" "$@"
}

# json_get FILE EXPR: evaluates a python expression on the JSON in FILE (d).
json_get() {
	python3 -c "import json,signal,sys; signal.signal(signal.SIGPIPE, signal.SIG_DFL); d=json.load(open(sys.argv[1])); print($2)" "$1"
}
