#!/bin/sh
# t_cpesim_firmware.sh: cpe-sim's fault-injection options reach the
# firmware engine (FIRMWARE.md 11) through a real rollout from acsd: a new
# image that never boots rolls back with 9010, one failed boot still
# commits, a download cut short gives 9017, a power cut while writing the
# kernel gives 9010, a bad block in the target kernel is skipped, and
# --expect-fw-fault / --expect-version decide the exit status.
TMPDIR=${top_builddir:-.}/tests/tmp
mkdir -p "$TMPDIR" && export TMPDIR
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
ACSCTL=$top_builddir/acs/acsctl
MKIMAGE=$top_builddir/cpe-sim/anthill-mkimage
[ -x "$ACSCTL" ] && [ -x "$MKIMAGE" ] || skip "acsctl or anthill-mkimage missing"

mkdir -p "$T/files"
(cd "$T" && "$MKIMAGE" keygen -o "$T/fw" >/dev/null) || fail keygen
"$MKIMAGE" build -k "$T/fw.key" -o "$T/files/fw.zip" -m BCM7255 -r B0 \
    -v 2.0.0 >/dev/null || fail "image build"
acsd_conf s <<Y
session:
  discover_on_bootstrap: false
  discover_on_first_contact: false
store:
  state_dir: $T/s/state
  fsync: false
files:
  dir: $T/files
Y
acsd_start s
ACS=http://127.0.0.1:$s_port/

# scenario NAME EXPECT-OPTION CPE-SIM-OPTIONS...: bootstrap two boxes,
# queue the Download, run the update; the summary is in $T/sim.out.
n=0
scenario() {
	_name=$1
	_expect=$2
	shift 2
	n=$((n + 1))
	run_sim 30 -a "$ACS" -n 2 -m "$MODELS/bcm7255-stb.yaml" \
	    -s "FW$n-%02d" -S "$T/sim$n" --cr-port -1 --until-idle --json \
	    >/dev/null || fail "$_name: bootstrap"
	# Earlier scenarios' boxes get a job too; they never run again.
	"$ACSCTL" -f "$T/s.yaml" queue -p BCM7255 download \
	    "${ACS}files/fw.zip" >"$T/queue.out" 2>&1 ||
	    fail "$_name: queue: $(cat "$T/queue.out")"
	run_sim 40 -a "$ACS" -n 2 -m "$MODELS/bcm7255-stb.yaml" \
	    -s "FW$n-%02d" -S "$T/sim$n" --cr-port -1 --until-idle --json \
	    --boot-time 20 --fw-key "$T/fw.pub" "$_expect" "$@" >/dev/null ||
	    fail "$_name: unexpected outcome: $(cat "$T/sim.out")"
}

scenario "never boots" --expect-fw-fault --inject-boot-failures 3
[ "$(json_get "$T/sim.out" "d['fault_codes'].get('9010')")" = 2 ] ||
    fail "rollback is not 9010"
scenario "boots second time" --expect-version=2.0.0 --inject-boot-failures 1
[ "$(json_get "$T/sim.out" "d['firmware_ok']")" = 2 ] || fail "commit"
scenario "truncated" --expect-fw-fault --inject-truncate 1000
[ "$(json_get "$T/sim.out" "d['fault_codes'].get('9017')")" = 2 ] ||
    fail "truncation is not 9017"
scenario "power cut" --expect-fw-fault --inject-power-cut kernel
[ "$(json_get "$T/sim.out" "d['fault_codes'].get('9010')")" = 2 ] ||
    fail "power cut is not 9010"
scenario "bad block" --expect-version=2.0.0 --inject-bad-block kernel1:2
exit 0
