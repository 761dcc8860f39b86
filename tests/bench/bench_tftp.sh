#!/bin/sh
# bench_tftp.sh: bootp-tftpd side by side with stock TFTP servers on
# loopback, same files, same clients, in one run so the ratios are fair on
# a shared machine.  Cases (BOOTP-TFTP.md section 11): a 64 MiB fetch with
# blksize 512 (tftp-hpa, plain RFC 1350), with blksize 1468 (curl), with
# blksize 1468 + windowsize 16 (atftp), and N clients at once fetching
# 8 MiB (curl).  Single fetches pin the servers to CPU 0 and the client to
# the last CPU; the concurrent case pins nothing.  Every fetch is timed
# around the client process and counts only if the copy matches.  The
# table shows the median of BENCH_RUNS runs and ours against the best
# anchor (above 1.00: ours is faster).  A second table gives the CPU time
# each server used per case (user + system, with reaped children, from
# /proc/PID/stat): on a loaded machine the wall time of a one-process
# server depends on its single scheduler share, while forked or threaded
# servers get one share per transfer, so CPU time is the fairer measure of
# efficiency there.
#
# Anchors (started here, stopped by PID): tftpd-hpa (in.tftpd) and
# dnsmasq need root (chroot, port 69); atftpd if ATFTPD names a binary
# (apt-get download atftpd && dpkg-deb -x atftpd_*.deb DIR, then
# ATFTPD=DIR/usr/sbin/atftpd).  Without root only ours runs.
#
# Environment: BENCH_RUNS (3), BENCH_SIZE (64M), BENCH_CLIENTS (100),
# BENCH_CONC_SIZE (8M), BENCH_CASES ("b512 b1468 w16 conc"), ATFTPD,
# BENCH_ANCHORS ("tftpd-hpa atftpd dnsmasq": which anchors to start),
# BENCH_OUT (also write the table there).  Never a timed assertion: it
# exits 0 unless a fetch fails.
set -u
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
RUNS=${BENCH_RUNS:-3}
SIZE=${BENCH_SIZE:-64M}
NCLI=${BENCH_CLIENTS:-100}
CSIZE=${BENCH_CONC_SIZE:-8M}
CASES=${BENCH_CASES:-b512 b1468 w16 conc}
ATFTPD=${ATFTPD:-$(command -v atftpd 2>/dev/null || true)}
ANCHORS=${BENCH_ANCHORS:-tftpd-hpa atftpd dnsmasq}
BTD=$top_builddir/bootp-tftp/bootp-tftpd
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-tftp.XXXXXX")
PIDS=""
SERVERS=""
LASTCPU=$(($(getconf _NPROCESSORS_ONLN) - 1))
FAILED=0

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	sleep 0.3
	for p in $PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

now() { date +%s.%N; }
HZ=$(getconf CLK_TCK)

# cpu PID: seconds of CPU the process and its reaped children used.
cpu() {
	awk -v hz="$HZ" '{ printf "%.2f", ($14 + $15 + $16 + $17) / hz }' \
	    "/proc/$1/stat" 2>/dev/null || echo 0
}

# pin PID [CPUS]: all threads of the server on CPU 0 (or CPUS).
pin() {
	command -v taskset >/dev/null 2>&1 && [ "$LASTCPU" -gt 0 ] &&
	    taskset -a -pc "${2:-0}" "$1" >/dev/null 2>&1
	return 0
}

# add LABEL PORT PID
add() {
	PIDS="$PIDS $3"
	SERVERS="$SERVERS $1:$2:$3"
}

# ready PORT: a small fetch works.
ready() {
	i=0
	while [ $i -lt 50 ]; do
		curl -s -m 2 -o "$T/probe.out" "tftp://127.0.0.1:$1/probe.bin" &&
		    cmp -s "$T/root/probe.bin" "$T/probe.out" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

start_ours() {
	cat >"$T/ours.yaml" <<EOF
user: $(id -un)
chroot: false
bootp:
  enable: false
tftp:
  root: $T/root
  listen: 127.0.0.1
  port: 0
  progress: 0s
EOF
	"$BTD" -d -f "$T/ours.yaml" >"$T/ours.log" 2>&1 &
	pid=$!
	sleep 0.3
	port=$(sed -nE 's/.*tftp: serving .* on [0-9.]+:([0-9]+).*/\1/p' \
	    "$T/ours.log")
	[ -n "$port" ] && ready "$port" || { echo "ours did not start"; exit 1; }
	add ours "$port" "$pid"
}

# want NAME: NAME is in BENCH_ANCHORS.
want() {
	case " $ANCHORS " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

start_anchors() {
	[ "$(id -u)" = 0 ] || { echo "not root: anchors skipped"; return; }
	if want tftpd-hpa && command -v in.tftpd >/dev/null 2>&1; then
		in.tftpd -L -a 127.0.0.1:16969 -s -u nobody "$T/root" \
		    >"$T/hpa.log" 2>&1 &
		pid=$!
		ready 16969 && add tftpd-hpa 16969 "$pid"
	fi
	if want atftpd && [ -n "$ATFTPD" ] && [ -x "$ATFTPD" ]; then
		"$ATFTPD" --daemon --no-fork --port 16970 --bind-address \
		    127.0.0.1 --user nobody.nogroup --logfile /dev/null \
		    "$T/root" >"$T/atftpd.log" 2>&1 &
		pid=$!
		ready 16970 && add atftpd 16970 "$pid"
	fi
	if want dnsmasq && command -v dnsmasq >/dev/null 2>&1; then
		dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
		    --enable-tftp --tftp-root="$T/root" \
		    --listen-address=127.0.0.1 --bind-interfaces --user=nobody \
		    --group=nogroup --pid-file="$T/dnsmasq.pid" \
		    --tftp-max=1000 --log-facility="$T/dnsmasq.log" \
		    >"$T/dnsmasq.out" 2>&1 &
		pid=$!
		ready 69 && add dnsmasq 69 "$pid"
	fi
}

# Every client gives up after this long (a fetch that hangs is a failure).
TMO=${BENCH_FETCH_TIMEOUT:-600}

# fetch CASE PORT FILE OUT: one client run.
fetch() {
	case $1 in
	b512)
		timeout "$TMO" tftp -m binary 127.0.0.1 "$2" -c get "$3" "$4" >/dev/null 2>&1 ;;
	b1468)
		timeout "$TMO" curl -s --tftp-blksize 1468 -o "$4" \
		    "tftp://127.0.0.1:$2/$3" ;;
	w16)
		timeout "$TMO" atftp --option "blksize 1468" --option "windowsize 16" -g \
		    -r "$3" -l "$4" 127.0.0.1 "$2" >/dev/null 2>&1 ;;
	conc)
		timeout "$TMO" curl -s -o "$4" "tftp://127.0.0.1:$2/$3" ;;
	esac
}

# single CASE PORT: prints seconds, or "fail".
single() {
	rm -f "$T/out"
	t0=$(now)
	fetch_pinned "$1" "$2" bench.bin "$T/out"
	t1=$(now)
	cmp -s "$T/root/bench.bin" "$T/out" || { echo fail; return; }
	echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}

fetch_pinned() {
	if [ "$LASTCPU" -gt 0 ] && command -v taskset >/dev/null 2>&1; then
		case $1 in
		b512) timeout "$TMO" taskset -c "$LASTCPU" tftp -m binary 127.0.0.1 "$2" \
		    -c get "$3" "$4" >/dev/null 2>&1 ;;
		b1468) timeout "$TMO" taskset -c "$LASTCPU" curl -s --tftp-blksize 1468 \
		    -o "$4" "tftp://127.0.0.1:$2/$3" ;;
		w16) timeout "$TMO" taskset -c "$LASTCPU" atftp --option "blksize 1468" \
		    --option "windowsize 16" -g -r "$3" -l "$4" 127.0.0.1 \
		    "$2" >/dev/null 2>&1 ;;
		esac
	else
		fetch "$@"
	fi
}

# conc PORT: N curl clients at once; prints the wall time or "fail".
conc() {
	rm -f "$T"/c.*
	t0=$(now)
	i=1
	cp=""
	while [ $i -le "$NCLI" ]; do
		fetch conc "$1" conc.bin "$T/c.$i" &
		cp="$cp $!"
		i=$((i + 1))
	done
	for p in $cp; do
		wait "$p"
	done
	t1=$(now)
	i=1
	while [ $i -le "$NCLI" ]; do
		cmp -s "$T/root/conc.bin" "$T/c.$i" || { echo fail; return; }
		i=$((i + 1))
	done
	echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}

median() {
	tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 }
	    END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'
}

mkdir -p "$T/root"
chmod 755 "$T" "$T/root"
head -c "$SIZE" /dev/urandom >"$T/root/bench.bin"
head -c "$CSIZE" /dev/urandom >"$T/root/conc.bin"
head -c 1000 /dev/urandom >"$T/root/probe.bin"
chmod 644 "$T/root"/*
start_ours
start_anchors
echo "servers: $SERVERS"
echo "runs: $RUNS, single size $SIZE, $NCLI clients x $CSIZE"

for c in $CASES; do
	for s in $SERVERS; do
		eval "R_${c}_$(echo "${s%%:*}" | tr -c 'a-z0-9\n' _)=''"
		eval "CR_${c}_$(echo "${s%%:*}" | tr -c 'a-z0-9\n' _)=''"
	done
	# The concurrent case pins nothing (forked children inherit this).
	for s in $SERVERS; do
		if [ "$c" = conc ]; then
			pin "${s##*:}" "0-$LASTCPU"
		else
			pin "${s##*:}"
		fi
	done
	r=1
	while [ "$r" -le "$RUNS" ]; do
		for s in $SERVERS; do
			label=${s%%:*}
			port=$(echo "$s" | cut -d: -f2)
			c0=$(cpu "${s##*:}")
			if [ "$c" = conc ]; then
				v=$(conc "$port")
			else
				v=$(single "$c" "$port")
			fi
			u=$(echo "$c0 $(cpu "${s##*:}")" |
			    awk '{ printf "%.2f", $2 - $1 }')
			[ "$v" = fail ] && FAILED=1
			key="R_${c}_$(echo "$label" | tr -c 'a-z0-9\n' _)"
			eval "$key=\"\$$key $v\""
			eval "C$key=\"\$C$key $u\""
			echo "$c $label run $r: $v s, server CPU $u s"
		done
		r=$((r + 1))
	done
done

# table PREFIX TITLE: one Markdown table of medians (R_: wall, CR_: CPU).
table() {
	printf '\n%s\n\n| case |' "$2"
	for s in $SERVERS; do
		printf ' %s |' "${s%%:*}"
	done
	printf ' best anchor / ours |\n|---|'
	for s in $SERVERS; do
		printf -- '---|'
	done
	printf -- '---|\n'
	for c in $CASES; do
		case $c in
		b512) d="$SIZE, blksize 512 (tftp-hpa)" ;;
		b1468) d="$SIZE, blksize 1468 (curl)" ;;
		w16) d="$SIZE, blksize 1468 + windowsize 16 (atftp)" ;;
		conc) d="$NCLI x $CSIZE at once (curl)" ;;
		esac
		printf '| %s |' "$d"
		ours=""
		best=""
		for s in $SERVERS; do
			label=${s%%:*}
			key="$1${c}_$(echo "$label" | tr -c 'a-z0-9\n' _)"
			eval "vals=\$$key"
			m=$(echo "$vals" | median)
			# A server that does not reap its children (tftpd-hpa
			# ignores SIGCHLD) shows only its listener's CPU time:
			# not measurable.
			if [ "$1" = CR_ ] && { [ "$m" = 0.00 ] ||
			    [ "$label" = tftpd-hpa ]; }; then
				printf ' n/a |'
				continue
			fi
			printf ' %s s (%s) |' "$m" "$(echo $vals | tr ' ' '/')"
			if [ "$label" = ours ]; then
				ours=$m
			elif [ "$m" != fail ] && [ "$m" != - ] && { [ -z "$best" ] ||
			    awk -v a="$m" -v b="$best" 'BEGIN { exit !(a < b) }'; }; then
				best=$m
			fi
		done
		if [ -n "$best" ] && [ -n "$ours" ] && [ "$ours" != fail ] &&
		    awk -v b="$ours" 'BEGIN { exit !(b > 0) }'; then
			awk -v a="$best" -v b="$ours" \
			    'BEGIN { printf " %.2f |\n", a / b }'
		else
			printf ' - |\n'
		fi
	done
}

{
	table R_ "Wall time, median (runs):"
	table CR_ "Server CPU time (user + system), median (runs):"
} >"$T/table.md"
cat "$T/table.md"
[ -n "${BENCH_OUT:-}" ] && cp "$T/table.md" "$BENCH_OUT"
exit $FAILED
