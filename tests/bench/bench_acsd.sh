#!/bin/sh
# bench_acsd.sh: full CWMP Inform sessions per second (Inform,
# InformResponse, empty POST, 204, device record stored) through acsd,
# side by side with a bare libmicrohttpd server that only parses the same
# Inform with libxml2 (bench_acsd_base), for several client counts on
# loopback; then acsd's memory with BENCH_DEVICES (100000) stored devices.
# Not a test: it prints figures.  Knobs: BENCH_SECONDS (5), BENCH_CLIENTS
# ("50 200 500"), BENCH_THREADS (2), BENCH_RUNS (3: base and acsd
# alternate, medians are shown), BENCH_DEVICES (100000),
# BENCH_STATE (a directory for the store; default under $TMPDIR),
# BENCH_ACSD_EXTRA (YAML lines added to the store section, e.g.
# "  fsync: false" and "  shared: false" for a store on tmpfs).
set -u
top_builddir=${top_builddir:-.}
B=$top_builddir
SECS=${BENCH_SECONDS:-5}
CLIENTS=${BENCH_CLIENTS:-"50 200 500"}
THREADS=${BENCH_THREADS:-2}
RUNS=${BENCH_RUNS:-3}
NDEV=${BENCH_DEVICES:-100000}
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-acsd.XXXXXX")
STATE=${BENCH_STATE:-$T/state}
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
	[ -n "${BENCH_STATE:-}" ] && rm -rf "$STATE"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

wait_port() {
	i=0
	while [ $i -lt 100 ]; do
		p=$(sed -nE 's/.*listening on 127.0.0.1:([0-9]+).*/\1/p' "$1" | head -1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	echo "no port in $1" >&2
	exit 1
}

"$B/tests/bench/bench_acsd_base" -t "$THREADS" >"$T/base.log" 2>&1 &
PIDS="$PIDS $!"
bport=$(wait_port "$T/base.log")
mkdir -p "$STATE"
cat >"$T/acsd.yaml" <<Y
http:
  listen: 127.0.0.1
  port: 0
  threads: $THREADS
  connection_limit: 4096
session:
  max_sessions: 0
  discover_on_first_contact: false
  timeout: 2s
store:
  state_dir: $STATE
${BENCH_ACSD_EXTRA:-}
Y
"$B/acs/acsd" -d -f "$T/acsd.yaml" >"$T/acsd.log" 2>&1 &
apid=$!
PIDS="$PIDS $apid"
aport=$(wait_port "$T/acsd.log")

load() {
	"$B/tests/bench/bench_acsd_load" -p "$1" -c "$2" -d "$SECS" -o "$3" \
	    ${4:+-n "$4"}
}
field() {
	echo "$1" | sed -nE "s/.* $2 ([0-9.]+).*/\\1/p"
}

median() {
	tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 }
	    END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2];
	    else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "acsd vs bare libmicrohttpd+libxml2, $THREADS threads, ${SECS}s per run," \
    "$RUNS run(s) each, alternating; medians"
printf '%8s %12s %10s %12s %10s %7s\n' clients base/s base_p99 acsd/s \
    acsd_p99 ratio
off=0
for c in $CLIENTS; do
	br="" bp="" ar="" ap="" rs=""
	r=0
	while [ $r -lt "$RUNS" ]; do
		rb=$(load "$bport" "$c" $off)
		ra=$(load "$aport" "$c" $off)
		echo "  base: $rb" >>"$T/runs"
		echo "  acsd: $ra" >>"$T/runs"
		br="$br $(field "$rb" rate)" bp="$bp $(field "$rb" p99)"
		ar="$ar $(field "$ra" rate)" ap="$ap $(field "$ra" p99)"
		rs="$rs $(awk -v a="$(field "$ra" rate)" -v b="$(field "$rb" rate)" \
		    'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
		r=$((r + 1))
		# sessions cut off by the end of a run time out; new devices
		off=$((off + c))
	done
	printf '%8s %12s %10s %12s %10s %7s\n' "$c" "$(echo $br | median)" \
	    "$(echo $bp | median)ms" "$(echo $ar | median)" \
	    "$(echo $ap | median)ms" "$(echo $rs | median)"
	echo "  ratios:$rs"
	cat "$T/runs"
	: >"$T/runs"
done
ls "$STATE/devices" | wc -l | sed 's/^/records stored: /'

# Memory with NDEV stored devices: clone one stored record NDEV times.
tmpl=$(ls "$STATE/devices"/*.yaml | head -1)
python3 - "$tmpl" "$STATE/devices" "$NDEV" <<'PY'
import os, re, sys
tmpl, d, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(tmpl).read()
key = re.search(r"^key: '?([^'\n]+)'?$", text, re.M).group(1)
serial = re.search(r"serial: '?([^',}]+)", text).group(1)
for i in range(n):
    k = "00D09E-Load-B%d" % i
    p = os.path.join(d, k + ".yaml")
    if os.path.exists(p):
        continue
    t = text.replace(key, k).replace("serial: " + serial, "serial: B%d" % i)
    with open(p, "w") as f:
        f.write(t)
PY
echo "records stored: $(ls "$STATE/devices" | wc -l)"
rss() {
	awk -v k="$1" '$1 == k":" { print $2 " kB" }' "/proc/$apid/status"
}
sleep 3	# sessions cut off by the end of a run time out
echo "acsd memory before: RSS $(rss VmRSS), peak $(rss VmHWM)"
r=$(load "$aport" 200 0 "$NDEV")
echo "  acsd over $NDEV devices: $r"
echo "acsd memory after:  RSS $(rss VmRSS), peak $(rss VmHWM)"
