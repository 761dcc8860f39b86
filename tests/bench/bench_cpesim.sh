#!/bin/sh
# bench_cpesim.sh: cpe-sim fleets against acsd on loopback, sustaining
# periodic Informs.  A baseline fleet (BASE devices) and the target fleet
# (N devices, default 10,000) run side by side in turn; the script prints
# sessions per second, resident memory per device and their ratios.
# Not a test: it asserts nothing.  Knobs: CPESIM_BENCH_N, CPESIM_BENCH_BASE,
# CPESIM_BENCH_SECONDS, CPESIM_BENCH_PERIODIC.
set -u
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
N=${CPESIM_BENCH_N:-10000}
BASE=${CPESIM_BENCH_BASE:-1000}
SECS=${CPESIM_BENCH_SECONDS:-60}
PER=${CPESIM_BENCH_PERIODIC:-30}
SIM=$top_builddir/cpe-sim/cpe-sim
ACSD=$top_builddir/acs/acsd
MODEL=$top_srcdir/cpe-sim/models/thomson-st780.yaml
[ -x "$SIM" ] && [ -x "$ACSD" ] || { echo "build cpe-sim and acsd first"; exit 1; }
D=$(mktemp -d "${TMPDIR:-/tmp}/bench-cpesim.XXXXXX")
[ -d /dev/shm ] && [ -w /dev/shm ] && D2=$(mktemp -d /dev/shm/bench-cpesim.XXXXXX) || D2=$D
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$D" "$D2"' EXIT

cat >"$D/acsd.yaml" <<Y
http:
  listen: 127.0.0.1
  port: 0
  threads: 2
  connection_limit: 4096
session:
  max_sessions: 0
  discover_on_bootstrap: false
  discover_on_first_contact: false
store:
  state_dir: $D2/acs
  fsync: false
Y
chmod 600 "$D/acsd.yaml"
"$ACSD" -d -f "$D/acsd.yaml" >"$D/acsd.log" 2>&1 &
pid=$!
i=0
while ! grep -q 'listening on' "$D/acsd.log" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(sed -nE 's/.*listening on 127.0.0.1:([0-9]+).*/\1/p' "$D/acsd.log" |
    head -1)

# run COUNT: prints "sessions_per_s bytes_per_device sessions_ok failed"
run() {
	"$SIM" -a "http://127.0.0.1:$port/" -m "$MODEL" -n "$1" \
	    -s "B$1-%06d" -S "$D2/sim-$1" --cr-port -1 \
	    --stagger $((10000 / $1 + 1)) --periodic "$PER" --duration "$SECS" \
	    --json 2>"$D/sim-$1.log" >"$D/sim-$1.json"
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); \
print(d['sessions_ok'] * 1000.0 / d['elapsed_ms'], d['rss_bytes_per_device'], \
d['peak_rss_kb'], d['sessions_ok'], d['sessions_failed'])" "$D/sim-$1.json"
}

set -- $(run "$BASE")
b_rate=$1 b_mem=$2 b_peak=$3 b_ok=$4 b_fail=$5
set -- $(run "$N")
n_rate=$1 n_mem=$2 n_peak=$3 n_ok=$4 n_fail=$5
printf 'cpe-sim against acsd, periodic %ss, %ss per run\n' "$PER" "$SECS"
printf '%8s %12s %14s %12s %10s %8s\n' devices sessions/s bytes/device \
    'peak RSS KB' sessions failed
printf '%8s %12.1f %14s %12s %10s %8s\n' "$BASE" "$b_rate" "$b_mem" "$b_peak" \
    "$b_ok" "$b_fail"
printf '%8s %12.1f %14s %12s %10s %8s\n' "$N" "$n_rate" "$n_mem" "$n_peak" \
    "$n_ok" "$n_fail"
python3 -c "import sys; a=[float(x) for x in sys.argv[1:]]; \
print('ratio %d/%d devices: sessions/s x%.2f, bytes/device x%.2f' % \
(a[4], a[5], a[0] / a[1] if a[1] else 0, a[2] / a[3] if a[3] else 0))" \
    "$n_rate" "$b_rate" "$n_mem" "$b_mem" "$N" "$BASE"
