# bootptftpd_lib.sh: shared steps of the t_bootptftpd_*.sh tests (POSIX sh,
# sourced after lib.sh).  btd_conf writes a loopback configuration into
# $T/btd.yaml from the TFTP part given on stdin; btd_start runs the daemon
# in the foreground and sets $TPORT and $BPORT from its log.
BTD=$top_builddir/bootp-tftp/bootp-tftpd
PY=${PYTHON:-python3}
TCLIENT="$PY $top_srcdir/tests/integration/tftp_client.py"
BCLIENT="$PY $top_srcdir/tests/integration/bootp_client.py"
ROOT=$T/root
mkdir -p "$ROOT"
# The daemon keeps its user when started as root with user = us.
BTD_USER=$(id -un)

# btd_conf: stdin is appended under "tftp:" (indented by the caller).
btd_conf() {
	{
		echo "user: $BTD_USER"
		echo "chroot: false"
		echo "bootp:"
		echo "  enable: false"
		echo "tftp:"
		echo "  root: $ROOT"
		echo "  listen: 127.0.0.1"
		echo "  port: 0"
		echo "  progress: 1s"
		cat
	} >"$T/btd.yaml"
}

btd_start() {
	start_daemon btd "$T/btd.log" "$BTD" -d -v -f "${1:-$T/btd.yaml}"
	wait_for_log "$T/btd.log" 'bootp-tftpd .* started' 10 ||
	    fail "daemon did not start"
	TPORT=$(log_value "$T/btd.log" '.*tftp: serving .* on [0-9.]+:([0-9]+).*')
	BPORT=$(log_value "$T/btd.log" '.*bootp: listening on [0-9.]+:([0-9]+).*')
}

# same FILE1 FILE2 WHAT: fails unless both exist and are byte-identical.
same() {
	[ -f "$2" ] || fail "$3: nothing received"
	cmp -s "$1" "$2" || fail "$3: content differs"
}

# btd_finish: stops the daemon, fails if a sanitizer complained, exits 0.
btd_finish() {
	stop_daemon btd
	if grep -Eq 'Sanitizer|runtime error' "$T/btd.log"; then
		cat "$T/btd.log" >&2
		fail "sanitizer report from the daemon"
	fi
	exit 0
}
