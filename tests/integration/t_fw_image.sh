#!/bin/sh
# t_fw_image.sh: firmware images that arrive whole but must not be
# installed (FIRMWARE.md section 11 C17-C21, B15): a bad or foreign
# signature and a component changed after signing are 9019; another
# board, a flipped byte and a truncated archive are 9018; a truncated file
# with the full FileSize is 9017.  Nothing is armed: bank A keeps running
# 1.0.0 and bank B is marked ValidationFailed.
. "$top_srcdir/tests/integration/lib.sh"
[ -f "$top_srcdir/tests/integration/cpesim_lib.sh" ] || skip "no cpe-sim"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
. "$top_srcdir/tests/data/fw/fw_lib.sh"

fw_image badsig.zip -v 2.0.0 -x badsig
fw_image foreign.zip -v 2.0.0 -k "$T/other.key"
fw_image tamper.zip -v 2.0.0 -x tamper
fw_image board.zip -v 2.0.0 -m OTHER-BOX
fw_image corrupt.zip -v 2.0.0 -x corrupt
fw_image cut.zip -v 2.0.0 -x truncate
fw_image whole.zip -v 2.0.0
start_files plain
url=http://127.0.0.1:$plain_PORT

# run KEY FILE FILESIZE CODE FAULT-STRING-PART
run() {
	fw_download "$1" "$url/$2" "$3"
	fw_run --expect-fw-fault || fail "cpe-sim failed ($1)"
	fw_expect "$1" "$4" 1.0.0 0 "$5"
}

run badsig badsig.zip "$(fw_size badsig.zip)" 9019 signature
run foreign foreign.zip "$(fw_size foreign.zip)" 9019 "unknown key"
run tamper tamper.zip "$(fw_size tamper.zip)" 9019 "signed manifest"
grep -q '^status: ValidationFailed$' "$FW_STATE/image1.yaml" ||
    fail "bank B status after a bad image"
run board board.zip "$(fw_size board.zip)" 9018 "another model"
run corrupt corrupt.zip "$(fw_size corrupt.zip)" 9018 damaged
run cut cut.zip "$(fw_size cut.zip)" 9018 ""
run short cut.zip "$(fw_size whole.zip)" 9017 ""
grep -q '^upgrade_available\|BOOT_ORDER' "$FW_STATE/image1.yaml" &&
    fail "bootenv leaked into the image record"
exit 0
