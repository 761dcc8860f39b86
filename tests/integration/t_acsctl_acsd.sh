#!/bin/sh
# t_acsctl_acsd.sh: acsctl and acsd on one configuration file: a device
# that informed shows up in "acsctl devices"; jobs acsctl queues run in
# the device's next session (scripted CPE) and their answers and faults
# come back through "acsctl jobs -D" and "acsctl faults".
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
ACSCTL="$top_builddir/acs/acsctl"
[ -x "$ACSCTL" ] || skip "acs/acsctl not built"
NTP=InternetGatewayDevice.Time.NTPServer1
KEY=00D09E-Box-E1

acsd_conf e </dev/null
acsd_start e
cpe --port "$e_port" --serial E1 --events "1 BOOT" >"$T/s1" ||
    fail "first session: $(cat "$T/s1")"

ctl() {
	"$ACSCTL" -f "$T/e.yaml" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
ctl devices -j -i "$KEY"
[ $rc -eq 0 ] || fail "devices: $rc $(cat "$T/err")"
[ "$(json_get "$T/out" '(d[0]["product_class"], d[0]["software"])')" = \
    "('Box', '1.2.3')" ] || fail "device: $(cat "$T/out")"

ctl queue -i "$KEY" spv "$NTP=ntp.acsctl.example"
[ $rc -eq 0 ] || fail "queue spv: $(cat "$T/err")"
ctl queue -i "$KEY" gpv "$NTP"
[ $rc -eq 0 ] || fail "queue gpv: $(cat "$T/err")"
ctl queue -i "$KEY" spv InternetGatewayDevice.DeviceInfo.UpTime:unsignedInt=1
[ $rc -eq 0 ] || fail "queue bad spv: $(cat "$T/err")"
ctl jobs -j
[ "$(json_get "$T/out" 'len(d)')" = 3 ] || fail "jobs: $(cat "$T/out")"

cpe --port "$e_port" --serial E1 --events "2 PERIODIC" >"$T/s2" ||
    fail "second session: $(cat "$T/s2")"
[ "$(json_get "$T/s2" "d['tree']['$NTP']")" = ntp.acsctl.example ] ||
    fail "SPV not applied: $(cat "$T/s2")"
ctl jobs -j
[ "$(json_get "$T/out" 'len(d)')" = 0 ] || fail "queue not empty: $(cat "$T/out")"
ctl jobs -D -j -i "$KEY"
[ "$(json_get "$T/out" '[x["rpc"] for x in d]')" = \
    "['SetParameterValues', 'GetParameterValues']" ] ||
    fail "done: $(cat "$T/out")"
[ "$(json_get "$T/out" 'd[1]["result"]["ParameterList"][0]["Value"]')" = \
    ntp.acsctl.example ] || fail "GPV result: $(cat "$T/out")"
ctl faults -j -i "$KEY"
json_get "$T/out" '[(x["source"], x["code"]) for x in d]' |
    grep -q "('job', '9003')" || fail "fault: $(cat "$T/out")"
echo ok
