#!/bin/sh
# acsd with the CPE simulator: a small fleet bootstraps (discovery of each
# device's tree), runs a second session, and every device ends with a
# stored tree; a queued SetParameterValues reaches its device.  Skipped
# until cpe-sim is built.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
SIM=$top_builddir/cpe-sim/cpe-sim
[ -x "$SIM" ] || skip "cpe-sim not built"
MODEL=$top_srcdir/cpe-sim/models/thomson-st780.yaml
[ -f "$MODEL" ] || skip "no thomson-st780 model"

acsd_conf s <<'Y'
session:
  gpv_batch: 16
Y
acsd_start s
timeout 60 "$SIM" -a "http://127.0.0.1:$s_port/" -m "$MODEL" -n 3 \
    -s 'ACSD%04d' -S "$T/sim" --sessions 2 --periodic 1 --cr-port -1 \
    --until-idle --json >"$T/sim.json" 2>"$T/sim.log" ||
    fail "cpe-sim failed: $(tail -5 "$T/sim.log")"
n=$(grep -c 'session .* ok$' "$T/s.log")
[ "$n" -ge 6 ] || fail "only $n sessions ended ok"
grep -q 'discovery done' "$T/s.log" || fail "no discovery"
nrec=$(ls "$T/s/state/devices" | wc -l)
[ "$nrec" = 3 ] || fail "$nrec records"
for f in "$T"/s/state/devices/*.yaml; do
	c=$(grep -c '{v: ' "$f")
	[ "$c" -gt 20 ] || fail "$f: only $c values stored"
done
stop_daemon s
exit 0
