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

# A SetParameterValues round trip and a fault, through the simulator.
DEV=$(basename "$(ls "$T"/s/state/devices/*ACSD0000.yaml)" .yaml)
PII=InternetGatewayDevice.ManagementServer.PeriodicInformInterval
job "$T/s/state/spool" add "$DEV" SetParameterValues \
    "param=$PII=1234=xsd:unsignedInt" ParameterKey=sim1 >/dev/null
job "$T/s/state/spool" add "$DEV" SetParameterValues \
    "param=InternetGatewayDevice.DeviceInfo.SoftwareVersion=9=xsd:string" \
    >/dev/null
timeout 60 "$SIM" -a "http://127.0.0.1:$s_port/" -m "$MODEL" -n 1 \
    -s 'ACSD%04d' -S "$T/sim" --sessions 1 --cr-port -1 --until-idle \
    --json >"$T/sim2.json" 2>"$T/sim2.log" ||
    fail "cpe-sim second run: $(tail -5 "$T/sim2.log")"
job "$T/s/state/spool" list "$DEV" done | grep -q SetParameterValues ||
    fail "SPV not done: $(job "$T/s/state/spool" list "$DEV" failed)"
job "$T/s/state/spool" list "$DEV" failed | grep -q 'SetParameterValues failed fault 9' ||
    fail "no fault recorded"
grep -q "$PII: {v: '1234'" "$T/s/state/devices/$DEV.yaml" ||
    fail "SPV value not stored"
stop_daemon s
exit 0
