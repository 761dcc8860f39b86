#!/usr/bin/env bash
# tests/corpus/check_codec.sh: the CWMP codec against the real-device corpus
# in $ANTHILL_FIXTURES (run by tests/corpus/run.sh in CI).  Every file must
# decode (dump/ captures through their HTTP headers, data/http-chunked once
# de-chunked) with the values asserted below, re-encode to XML that xmllint
# accepts, and decode again to the same summary.  A fixture file with no
# assertions here fails the run, so new captures cannot slip through.
set -euo pipefail

fx=${ANTHILL_FIXTURES:-}
if [ -z "$fx" ] || [ ! -d "$fx" ]; then
	echo "SKIP: ANTHILL_FIXTURES is not a directory"
	exit 0
fi
dump=${top_builddir:-.}/tests/cwmp_dump
xmllint=${XMLLINT:-$(command -v xmllint || true)}
[ -x "$dump" ] || { echo "FAIL: $dump not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fails=0
checked=0
declare -A covered

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# summary FILE: the decoded summary, cached.
summary() {
	local key out
	key=$(printf '%s' "$1" | tr '/' '_')
	out="$tmp/$key.sum"
	if [ ! -e "$out" ]; then
		"$dump" "$fx/$1" >"$out" 2>&1 || true
	fi
	printf '%s\n' "$out"
}

# expect FILE 'key: value' ...: each line must appear exactly.
expect() {
	local f=$1 s line
	shift
	covered[$f]=1
	s=$(summary "$f")
	if grep -q '^error:' "$s"; then
		fail "$f: $(grep '^error:' "$s")"
		return
	fi
	for line in "$@"; do
		checked=$((checked + 1))
		grep -qxF -- "$line" "$s" || fail "$f: missing '$line'"
	done
}

# roundtrip FILE: re-encode (cwmp-1-0), lint, decode, same summary.
roundtrip() {
	local f=$1 s enc
	s=$(summary "$f")
	enc="$tmp/enc.xml"
	if ! "$dump" -e 0 "$fx/$f" >"$enc"; then
		fail "$f: re-encode failed"
		return
	fi
	if [ -n "$xmllint" ] && ! "$xmllint" --noout --nonet "$enc" \
	    2>"$tmp/lint" || [ -s "$tmp/lint" ]; then
		fail "$f: xmllint: $(head -1 "$tmp/lint")"
	fi
	"$dump" "$enc" >"$tmp/again.sum" 2>&1 || true
	cmp -s "$s" "$tmp/again.sum" || fail "$f: round trip changed the summary"
}

thom_hdr=('ns: 1-0' 'hold_requests: -1' 'session_timeout: -1')

expect SpeedTouch-706/Inform.xml 'method: Inform' "${thom_hdr[@]}" \
    'id: 22_THOM_TR69_ID' 'no_more_requests: -1' \
    'manufacturer: THOMSON' 'oui: 00147F' 'product_class: SpeedTouch 706' \
    'serial_number: CP0636JT3SH' 'events: 1' 'event[0]: 2 PERIODIC' \
    'max_envelopes: 2' 'current_time: 1970-01-01T03:18:53Z' \
    'retry_count: 10' 'param: 12' \
    'param[3].name: InternetGatewayDevice.DeviceInfo.SoftwareVersion' \
    'param[3].value: 6.2.15.5' 'param[7].type: xsd:dateTime' \
    'param[7].value: 0000-00-00T00:00:00' \
    'param[11].name: .ExternalIPAddress' 'param[11].value: 192.168.1.254'
expect SpeedTouch-706/Fault.xml 'method: Fault' 'id: 22_THOM_TR69_ID' \
    'faultcode: Client' 'faultstring: CWMP fault' 'fault_code: 9001' \
    'fault_string: Request Denied' 'spv_faults: 0'
expect SpeedTouch-706/GetRPCMethodsResponse.xml \
    'method: GetRPCMethodsResponse' 'methods: 9' \
    'methods[0]: GetRPCMethods' 'methods[8]: FactoryReset'
expect SpeedTouch-706/GetParameterNamesResponse.xml \
    'method: GetParameterNamesResponse' 'id: 22_THOM_TR69_ID' \
    'names: 3263' \
    'name[0]: InternetGatewayDevice.DeviceSummary writable=0' \
    'name[3262]: InternetGatewayDevice.Services.VoiceService.1.PhyInterface.2.Description writable=0'

expect SpeedTouch-780/Inform.xml 'method: Inform' "${thom_hdr[@]}" \
    'id: 0_THOM_TR69_ID' 'product_class: SpeedTouch 780' \
    'serial_number: CP0644JTHJ4' 'events: 3' 'event[0]: 1 BOOT' \
    'event[1]: 2 PERIODIC' 'event[2]: 4 VALUE CHANGE' \
    'event[2].command_key: ' 'max_envelopes: 2' 'retry_count: 5' \
    'current_time: 1970-01-01T00:01:31Z' 'param: 12' \
    'param[2].value: BANT-R' \
    'param[9].value: http://192.168.1.254:51005/' \
    'param[11].name: .ExternalIPAddress'
expect SpeedTouch-780/Fault.xml 'method: Fault' 'id: 0_THOM_TR69_ID' \
    'fault_code: 9001' 'fault_string: Request Denied'
expect SpeedTouch-780/GetRPCMethodsResponse.xml \
    'method: GetRPCMethodsResponse' 'methods: 9' 'methods[6]: Download'
expect SpeedTouch-780/GetParameterNamesResponse.xml \
    'method: GetParameterNamesResponse' 'id: 0_THOM_TR69_ID' \
    'names: 3343' \
    'name[4]: InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable writable=1' \
    'name[3342]: InternetGatewayDevice.Services.VoiceService.1.PhyInterface.3.Description writable=0'

r=dump/BANT-R/7.4.1.7
expect $r/Inform 'method: Inform' 'id: 3_THOM_TR69_ID' \
    'serial_number: CP0644JTHJ4' 'events: 1' 'event[0]: 2 PERIODIC' \
    'retry_count: 0' 'param: 8' 'param[0].name: .ExternalIPAddress' \
    'param[0].value: 10.0.0.2' 'param[2].value: test provision' \
    'param[3].value: 7.4.1.7'
expect $r/Fault 'method: Fault' 'id: 218_THOM_TR69_ID' 'fault_code: 9001'
expect $r/GetParameterAttributesResponse \
    'method: GetParameterAttributesResponse' 'id: 11_THOM_TR69_ID' \
    'attrs: 2' \
    'attr[0]: InternetGatewayDevice.DeviceInfo.SerialNumber notification=0 change=0/0 access=subscriber' \
    'attr[1]: InternetGatewayDevice.DeviceInfo.SoftwareVersion notification=0 change=0/0 access=subscriber'
expect $r/GetParameterNamesResponse 'method: GetParameterNamesResponse' \
    'names: 18' \
    'name[11]: InternetGatewayDevice.DeviceInfo.ProvisioningCode writable=1' \
    'name[17]: InternetGatewayDevice.DeviceInfo.VendorConfigFile. writable=0'
expect $r/GetRPCMethodsResponse 'method: GetRPCMethodsResponse' \
    'methods: 11' 'methods[3]: GetParameterAttributes' \
    'methods[10]: FactoryReset'
expect $r/ParameterValue 'method: GetParameterValuesResponse' 'param: 6' \
    'param[2].type: xsd:dateTime' 'param[2].value: 0001-01-01T00:00:00Z' \
    'param[4].name: InternetGatewayDevice.DeviceInfo.SerialNumber' \
    'param[4].value: CP0644JTHJ4' 'param[5].value: '

s=dump/BANT-S/5.4.0.14
expect $s/Inform 'method: Inform' 'id: THOM_CPE_ALC_ID_9' \
    'no_more_requests: 1' 'product_class: SpeedTouch 706' \
    'serial_number: CP0636JT3SH' 'param: 11' 'param[0].value: 1' \
    'param[2].value: 5.4.0.14' 'param[3].value: SKYN_PLUS' \
    'param[6].value: Configuration modified b'
expect $s/Fault 'method: Fault' 'id: THOM_CPE_ALC_ID_393' \
    'no_more_requests: 1' 'fault_code: 9000' \
    'fault_string: Method not supported'
expect $s/GetParameterNamesResponse 'method: GetParameterNamesResponse' \
    'id: THOM_CPE_ALC_ID_385' 'names: 10' \
    'name[0]: InternetGatewayDevice.DeviceInfo.ProvisioningCode writable=1' \
    'name[9]: InternetGatewayDevice.DeviceInfo.Uptime writable=0'
expect $s/GetRPCMethodsResponse 'method: GetRPCMethodsResponse' \
    'id: THOM_CPE_ALC_ID_388' 'methods: 8' 'methods[2]: Upload'

# Chunks split mid-element: the split names and values must be whole.
expect data/http-chunked 'method: Inform' 'id: 14_THOM_TR69_ID' \
    'serial_number: CP0644JTHJ4' 'events: 1' 'event[0]: 2 PERIODIC' \
    'current_time: 1970-01-01T00:28:51Z' 'param: 12' \
    'param[2].name: InternetGatewayDevice.DeviceInfo.HardwareVersion' \
    'param[2].value: BANT-R' 'param[10].type: xsd:string' \
    'param[11].value: 192.168.1.254'

expect zhone-6718-getrpcmethods-request.xml 'method: GetRPCMethods' \
    'ns: 1-0' 'id: 946498462'

while IFS= read -r f; do
	f=${f#"$fx"/}
	case $f in
	README.md) continue ;;
	esac
	if [ -z "${covered[$f]:-}" ]; then
		fail "$f: no assertions for this fixture"
		continue
	fi
	roundtrip "$f"
done < <(find "$fx" -type f | sort)

echo "codec corpus: ${#covered[@]} files, $checked values checked, $fails failures"
[ "$fails" -eq 0 ]
