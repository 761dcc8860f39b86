#!/bin/sh
# t_fw_rollback.sh: boot failures and flash faults (FIRMWARE.md section 11
# D23, D27, F34, F35): an image that never boots is tried 3 times and rolled
# back (TC 9010 "activation failed", bank A, no 4 VALUE CHANGE, bank B
# ActivationFailed with its BootFailureLog); one that fails twice then
# boots is committed; a factory bad block in the target kernel partition is
# skipped; an uncorrectable ECC error in the target rootfs is 9010.
. "$top_srcdir/tests/integration/lib.sh"
[ -f "$top_srcdir/tests/integration/cpesim_lib.sh" ] || skip "no cpe-sim"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
. "$top_srcdir/tests/data/fw/fw_lib.sh"

fw_image never.zip -v 2.0.0 -b 1000000 -B "init crashed"
fw_image good.zip -v 2.1.0
fw_image next.zip -v 3.0.0
start_files plain
url=http://127.0.0.1:$plain_PORT

fw_download never "$url/never.zip" "$(fw_size never.zip)"
fw_run --expect-fw-fault || fail "cpe-sim failed (never)"
fw_expect never 9010 1.0.0 0 "activation failed after 3 attempts: init crashed"
grep -q '^status: ActivationFailed$' "$FW_STATE/image1.yaml" ||
    fail "bank B not ActivationFailed"
# bootlog BANK: the BootFailureLog lines of a bank's record.
bootlog() {
	sed -n '/^boot_failure_log:/,/^kernel_size:/p' "$FW_STATE/image$1.yaml"
}
[ "$(bootlog 1 | grep -o 'init crashed' | wc -l)" -eq 3 ] ||
    fail "BootFailureLog does not hold 3 failures"

# Two injected failures, then the image boots: committed (bank B).
fw_download twice "$url/good.zip" "$(fw_size good.zip)"
fw_run --inject-boot-failures 2 || fail "cpe-sim failed (twice)"
fw_expect twice 0 2.1.0 1
[ "$(bootlog 1 | grep -o 'injected' | wc -l)" -eq 2 ] ||
    fail "BootFailureLog does not hold the 2 injected failures"

# A factory bad block in kernel0 (the target now): skipped.
fw_download badblock "$url/next.zip" "$(fw_size next.zip)"
fw_run --inject-bad-block kernel0:0:bad || fail "cpe-sim failed (bad block)"
fw_expect badblock 0 3.0.0 0

# An uncorrectable ECC error in the first data block of rg1: 9010.
fw_download ecc "$url/good.zip" "$(fw_size good.zip)"
fw_run --inject-bad-block rg1:2:ecc --expect-fw-fault ||
    fail "cpe-sim failed (ecc)"
fw_expect ecc 9010 3.0.0 0 "flash write failed"
exit 0
