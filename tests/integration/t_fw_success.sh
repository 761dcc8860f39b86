#!/bin/sh
# t_fw_success.sh: firmware Download end to end (FIRMWARE.md section 11,
# A1, B7, B8, F33, G40, G45): cpe-sim fetches a signed image over HTTP
# (plain, then behind Digest authentication), writes the inactive bank,
# reboots into a trial boot and commits; the Inform after the reboot has
# 1 BOOT, 7 TRANSFER COMPLETE, M Download <key> and 4 VALUE CHANGE, and the
# TransferComplete carries 0 with real times.  Updates alternate banks.
. "$top_srcdir/tests/integration/lib.sh"
[ -f "$top_srcdir/tests/integration/cpesim_lib.sh" ] || skip "no cpe-sim"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
. "$top_srcdir/tests/data/fw/fw_lib.sh"

fw_image fw-2.0.zip -v 2.0.0
fw_image fw-3.0.tar -t -v 3.0.0
start_files plain
start_files secret --digest fwuser:s3cret

fw_download plain "http://127.0.0.1:$plain_PORT/fw-2.0.zip" \
    "$(fw_size fw-2.0.zip)"
fw_run || fail "cpe-sim failed"
check "$T/acs.log" "[r['status'] for r in M('DownloadResponse')] == ['1']" \
    "DownloadResponse Status 1"
check "$T/acs.log" "'1 BOOT' in I[-1]['events'] and \
not [e for e in I[-1]['events'] if e.startswith('M Reboot')]" \
    "1 BOOT without M Reboot after the firmware reboot"
fw_expect plain 0 2.0.0 1

# Digest-protected file server; the second update goes to bank A.
fw_download digest "http://127.0.0.1:$secret_PORT/fw-3.0.tar" \
    "$(fw_size fw-3.0.tar)" fwuser s3cret
fw_run || fail "second run failed"
fw_expect digest 0 3.0.0 0
grep -q '"status": 401' "$T/secret.log" || fail "no Digest challenge"
grep -q '"status": 200, "auth": true' "$T/secret.log" ||
    fail "no authenticated fetch"
! cat "$T/sim.out" "$T/sim.err" 2>/dev/null | grep -q s3cret ||
    fail "password in the simulator's log"
exit 0
