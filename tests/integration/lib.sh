# lib.sh: helpers for integration tests (POSIX sh).  Source it, then use
# start_daemon/wait_for_log/stop_daemon.  Every test gets its own temporary
# directory ($T) and kills only the processes it started, by PID.
set -u
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/anthill-test.XXXXXX")
PIDS=""
LOGS=""

# is_child PID: true while PID is still running and is a process this
# shell started (a pid that exited may already belong to someone else
# under load; an exited child not yet reaped is a zombie, state Z).
is_child() {
	[ -n "${1:-}" ] || return 1
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1,2)
	[ -n "$_st" ] && [ "${_st% *}" != Z ] && [ "${_st#* }" = "$$" ]
}

# forget PID: drops PID from the list cleanup kills.
forget() {
	_keep=""
	for _p in $PIDS; do
		[ "$_p" = "$1" ] || _keep="$_keep $_p"
	done
	PIDS=$_keep
}

# sanitizer_reports LOG...: true (and shows them) if any log holds a
# report of AddressSanitizer, LeakSanitizer or UBSan: a daemon built with
# --enable-sanitizers that leaks or misbehaves fails the test that ran it.
sanitizer_reports() {
	_found=1
	for _l in "$@"; do
		[ -f "$_l" ] || continue
		if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$_l"; then
			echo "sanitizer report in $_l:" >&2
			grep -E -A30 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
			    "$_l" | head -60 >&2
			_found=0
		fi
	done
	return $_found
}

cleanup() {
	_rc=$?
	for p in $PIDS; do
		is_child "$p" && kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		i=0
		while is_child "$p" && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		is_child "$p" && kill -9 "$p" 2>/dev/null
	done
	# shellcheck disable=SC2086
	if sanitizer_reports $LOGS; then
		echo "FAIL: a daemon reported a sanitizer error" >&2
		_rc=1
	fi
	if [ "${KEEP_TEST_DIR:-0}" = 1 ]; then
		echo "test directory kept: $T"
	else
		rm -rf "$T"
	fi
	exit $_rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# start_daemon NAME LOGFILE CMD...: runs CMD in the background, records PID.
start_daemon() {
	_name=$1
	_log=$2
	shift 2
	# Empty the log before the fork: a restarted daemon's old "started"
	# line must not satisfy the next wait_for_log.
	: >"$_log"
	"$@" >>"$_log" 2>&1 &
	_pid=$!
	PIDS="$PIDS $_pid"
	LOGS="$LOGS $_log"
	eval "${_name}_pid=$_pid"
	eval "${_name}_log=\$_log"
}

# stop_daemon NAME: SIGTERM then wait for the process named by start_daemon.
stop_daemon() {
	eval "_pid=\${${1}_pid:-}"
	[ -n "$_pid" ] || return 0
	is_child "$_pid" && kill "$_pid" 2>/dev/null
	i=0
	while is_child "$_pid" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	is_child "$_pid" && kill -9 "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
	forget "$_pid"
	eval "_l=\${${1}_log:-}"
	if [ -n "$_l" ] && sanitizer_reports "$_l"; then
		fail "$1 reported a sanitizer error"
	fi
	return 0
}

# wait_for_log FILE REGEX [SECONDS]: waits until an extended regex matches.
wait_for_log() {
	_i=0
	_max=$(( ${3:-10} * 10 ))
	while [ $_i -lt $_max ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "timed out waiting for /$2/ in $1:" >&2
	tail -20 "$1" >&2
	return 1
}

# log_value FILE SED-REGEX: prints the first capture of a sed -E expression.
log_value() {
	sed -nE "s/$2/\\1/p" "$1" | head -1
}
