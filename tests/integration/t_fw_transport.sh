#!/bin/sh
# t_fw_transport.sh: firmware Downloads that fail before the image is
# looked at (FIRMWARE.md section 11 A2, A4, B9-B11, B15): a URL scheme
# that is not allowed and credentials in the URL are synchronous faults
# with no TransferComplete; 404, 401, a refused connection and a file
# shorter than FileSize each end in their TransferComplete code, with bank
# A still running 1.0.0.
. "$top_srcdir/tests/integration/lib.sh"
[ -f "$top_srcdir/tests/integration/cpesim_lib.sh" ] || skip "no cpe-sim"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
. "$top_srcdir/tests/data/fw/fw_lib.sh"

fw_image fw-2.0.zip -v 2.0.0
size=$(fw_size fw-2.0.zip)
start_files plain
start_files secret --basic fwuser:s3cret
url=http://127.0.0.1:$plain_PORT

# Synchronous faults: 9013 for the scheme, 9003 for userinfo.
fw_download scheme "gopher://127.0.0.1:$plain_PORT/fw-2.0.zip" "$size"
fw_run || fail "cpe-sim failed (scheme)"
check "$T/acs.log" "[r['fault'] for r in M('Fault')] == [9013]" \
    "gopher URL is not fault 9013"
check "$T/acs.log" "not M('TransferComplete')" "TC after a 9013"
fw_download userinfo "http://u:p@127.0.0.1:$plain_PORT/fw-2.0.zip" "$size"
fw_run || fail "cpe-sim failed (userinfo)"
check "$T/acs.log" "[r['fault'] for r in M('Fault')] == [9003]" \
    "userinfo in the URL is not fault 9003"

fw_download notfound "$url/missing.zip" "$size"
fw_run --expect-fw-fault || fail "cpe-sim failed (404)"
fw_expect notfound 9016 1.0.0 0 404

fw_download wrongpw "http://127.0.0.1:$secret_PORT/fw-2.0.zip" "$size" \
    fwuser wrong
fw_run --expect-fw-fault || fail "cpe-sim failed (401)"
fw_expect wrongpw 9012 1.0.0 0

fw_download nocreds "http://127.0.0.1:$secret_PORT/fw-2.0.zip" "$size"
fw_run --expect-fw-fault || fail "cpe-sim failed (401 without credentials)"
fw_expect nocreds 9012 1.0.0 0

# Nothing listens on the port of a stopped server.
stop_daemon secret
fw_download refused "http://127.0.0.1:$secret_PORT/fw-2.0.zip" "$size"
fw_run --expect-fw-fault || fail "cpe-sim failed (refused)"
fw_expect refused 9015 1.0.0 0

# The server finishes early: fewer bytes than FileSize.
fw_download short "$url/fw-2.0.zip" $((size + 1000))
fw_run --expect-fw-fault || fail "cpe-sim failed (short)"
fw_expect short 9017 1.0.0 0
grep -q '^status: DownloadFailed$' "$FW_STATE/image1.yaml" ||
    fail "bank B status after a failed download"
exit 0
