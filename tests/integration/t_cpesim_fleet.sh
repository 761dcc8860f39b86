#!/bin/sh
# t_cpesim_fleet.sh: a fleet of 1,000 simulated devices (two models, three
# quirk profiles) bootstraps against the real acsd on loopback; then a
# firmware rollout: acsctl queues a Download of a signed image for every
# set-top box, the restarted fleet (same state directory) fetches it from
# acsd's file server, writes and boots the new bank, and reports
# TransferComplete; every box must end on the new version.  The summaries
# are checked through --json.
TMPDIR=${top_builddir:-.}/tests/tmp
mkdir -p "$TMPDIR" && export TMPDIR
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
ACSCTL=$top_builddir/acs/acsctl
MKIMAGE=$top_builddir/cpe-sim/anthill-mkimage
[ -x "$ACSCTL" ] || skip "acsctl not built"
[ -x "$MKIMAGE" ] || skip "anthill-mkimage not built"
N=${CPESIM_FLEET:-1000}
# The firmware engine fsyncs its journal: keep fleet state on tmpfs.
SHM=$T
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SHM=$(mktemp -d /dev/shm/anthill-cpesim.XXXXXX) || SHM=$T
	trap 'rm -rf "$SHM"; cleanup' EXIT
fi

mkdir -p "$T/files"
(cd "$T" && "$MKIMAGE" keygen -o "$T/fw" >/dev/null) || fail "keygen"
"$MKIMAGE" build -k "$T/fw.key" -o "$T/files/fw-2.0.0.zip" -m BCM7255 \
    -r B0 -v 2.0.0 >/dev/null || fail "image build"
acsd_conf s <<Y
session:
  max_sessions: 0
  discover_on_bootstrap: false
  discover_on_first_contact: false
store:
  state_dir: $SHM/s
  fsync: false
files:
  dir: $T/files
Y
acsd_start s
ACS=http://127.0.0.1:$s_port/

# Bootstrap: every device informs once and is stored.
run_sim 60 -a "$ACS" -n "$N" -m "$MODELS/bcm7255-stb.yaml=1" \
    -m "$MODELS/thomson-st780.yaml=1" -q strict=2 -q thomson=1 \
    -q zyxel=1 -s 'FLEET%05d' -S "$SHM/sim" --cr-port -1 --stagger 1 \
    --periodic 3600 --retry-scale 0.01 --until-idle --json ||
    fail "bootstrap fleet failed"
J=$T/sim.out
[ "$(json_get "$J" "d['devices']")" = "$N" ] || fail "device count"
[ "$(json_get "$J" "d['unexpected']")" = 0 ] || fail "unexpected devices"
[ "$(json_get "$J" "d['sessions_ok'] >= $N")" = True ] || fail "sessions"
nrec=$(ls "$SHM/s/devices" | wc -l)
[ "$nrec" = "$N" ] || fail "acsd stored $nrec of $N devices"

# Firmware rollout to the set-top boxes.
"$ACSCTL" -f "$T/s.yaml" queue -p BCM7255 download \
    "${ACS}files/fw-2.0.0.zip" >"$T/queue.out" 2>&1 ||
    fail "acsctl queue: $(cat "$T/queue.out")"
run_sim 60 -a "$ACS" -n "$N" -m "$MODELS/bcm7255-stb.yaml=1" \
    -m "$MODELS/thomson-st780.yaml=1" -q strict=2 -q thomson=1 \
    -q zyxel=1 -s 'FLEET%05d' -S "$SHM/sim" --cr-port -1 --stagger 1 \
    --periodic 3600 --retry-scale 0.01 --boot-time 50 \
    --fw-key "$T/fw.pub" --until-idle --json ||
    fail "rollout fleet failed"
boxes=$(grep -l 'model: bcm7255-stb' "$SHM"/sim/*/state.yaml | wc -l)
[ "$(json_get "$J" "d['firmware_ok']")" = "$boxes" ] ||
    fail "firmware_ok is not $boxes"
[ "$(json_get "$J" "d['transfer_complete_sent'] >= $boxes")" = True ] ||
    fail "TransferComplete count"
[ "$(json_get "$J" "d['unexpected']")" = 0 ] || fail "unexpected devices"
for f in $(grep -l 'model: bcm7255-stb' "$SHM"/sim/*/state.yaml | head -5); do
	grep -q "v: '2.0.0'\|v: 2.0.0" "$f" || fail "$f: not on 2.0.0"
done
stop_daemon s
exit 0
