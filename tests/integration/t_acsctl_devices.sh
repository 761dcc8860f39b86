#!/bin/sh
# t_acsctl_devices.sh: acsctl devices and show over a fixture store: the
# filters, --json, masked secrets, exit codes 0/1/2/3.
. "${top_srcdir}/tests/integration/lib.sh"
. "${top_srcdir}/tests/integration/acsctl_lib.sh"
make_store http://127.0.0.1:9/cr

expect 0 devices
[ $(wc -l <"$T/out") -eq 4 ] || fail "devices: $(cat "$T/out")"
grep -q "^$DEV1 .*ST780 .*7.4.1.7 .* lab\$" "$T/out" || fail "row: $(cat "$T/out")"
expect 0 --json devices
[ "$(json 'sorted(x["key"] for x in d)')" = "['$DEV1', '$DEV2', '$DEV3']" ] ||
    fail "json keys: $(cat "$T/out")"
expect 0 devices -j -t lab
[ "$(json '[x["key"] for x in d]')" = "['$DEV1']" ] || fail "tag filter"
expect 0 devices -j -p 'ZX*'
[ "$(json '[x["serial"] for x in d]')" = "['S-2']" ] || fail "class filter"
expect 0 devices -j -s 7.4.1.7
[ "$(json 'len(d)')" = 2 ] || fail "software filter"
expect 0 devices -j -l 1h
[ "$(json '[x["key"] for x in d]')" = "['$DEV1']" ] || fail "seen within"
expect 0 devices -j -L 1d
[ "$(json '[x["key"] for x in d]')" = "['$DEV3']" ] || fail "not seen within"
expect 0 devices -j -i '00259E-*' -l 3h
[ "$(json '[x["key"] for x in d]')" = "['$DEV2']" ] || fail "key filter"
expect 3 devices -i nothing-like-this
expect 3 devices -t lab -s 2.0.1
expect 2 devices -l soon
expect 2 frobnicate
expect 2 devices extra-argument

expect 0 show "$DEV1"
grep -q 'cr.password = \*\*\*\*\*\*\*\*' "$T/out" || fail "secret not masked"
grep -q s3cret "$T/out" && fail "secret printed"
grep -q '^InternetGatewayDevice.ManagementServer.PeriodicInformInterval = 300  (xsd:unsignedInt, writable)$' \
    "$T/out" || fail "show tree: $(cat "$T/out")"
expect 0 show -j "$DEV2" Device.DeviceInfo.
[ "$(json '[p["name"] for p in d["parameters"]]')" = \
    "['Device.DeviceInfo.', 'Device.DeviceInfo.SoftwareVersion', 'Device.DeviceInfo.UpTime']" ] ||
    fail "show subtree: $(cat "$T/out")"
[ "$(json 'd["events"]')" = "['2 PERIODIC']" ] || fail "events"
expect 0 --json show "$DEV1"
[ "$(json 'd["attributes"]["cr.password"]')" = '********' ] || fail "json mask"
expect 1 show "$DEV1" Device.NoSuch.
expect 3 show NOBODY-1
expect 3 show ../../etc/passwd
expect 2 show
echo "ok"
