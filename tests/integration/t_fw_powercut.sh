#!/bin/sh
# t_fw_powercut.sh: a power cut at every point of FIRMWARE.md section 8,
# injected through cpe-sim --inject-power-cut, then the next power-on:
# during the transfer or the image check -> bank A, TC 9017; during the
# kernel write, the UBI rootfs update or the boot environment commit ->
# bank A, TC 9010; after arming, during the trial boot or between
# mark-good and the TC record -> bank B, TC 0.  Never a TC 0 without the
# new version running.
. "$top_srcdir/tests/integration/lib.sh"
[ -f "$top_srcdir/tests/integration/cpesim_lib.sh" ] || skip "no cpe-sim"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
. "$top_srcdir/tests/data/fw/fw_lib.sh"

fw_image fw-2.0.zip -v 2.0.0
start_files plain
url=http://127.0.0.1:$plain_PORT/fw-2.0.zip

for c in download:0:9017 verify:0:9017 kernel:0:9010 rootfs:0:9010 \
    arm:0:9010 armed:1:0 trial:1:0 commit:1:0; do
	cut=${c%%:*}
	bank=${c#*:}
	bank=${bank%%:*}
	code=${c##*:}
	rm -rf "$T/state"
	fw_download "cut-$cut" "$url" "$(fw_size fw-2.0.zip)"
	if [ "$code" = 0 ]; then
		fw_run --inject-power-cut "$cut" || fail "cpe-sim failed ($cut)"
		fw_expect "cut-$cut" 0 2.0.0 1
	else
		fw_run --inject-power-cut "$cut" --expect-fw-fault ||
		    fail "cpe-sim failed ($cut)"
		fw_expect "cut-$cut" "$code" 1.0.0 0
	fi
	cat "$T/sim.out" "$T/sim.err" 2>/dev/null | grep -q "power cut" ||
	    fail "$cut: no power cut"
	# The armed cut is kept in inject.yaml until it fires.
	[ ! -e "$FW_STATE/inject.yaml" ] || fail "$cut: the cut never fired"
done
exit 0
