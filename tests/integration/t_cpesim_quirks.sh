#!/bin/sh
# t_cpesim_quirks.sh: every quirk profile completes a session (bootstrap
# plus one GetParameterValues) against the scripted ACS, and shows its
# wire habits: Thomson's constant N_THOM_TR69_ID, empty SOAPAction,
# ISO-8859-1, RFC 2109 cookie echo, bare arrayType, relative
# .ExternalIPAddress and chunked bodies; Thomson 5.4's incrementing IDs and
# NoMoreRequests; ZyXEL without cwmp:ID; ZTE without SOAPAction and with a
# serial ending in a newline; the cwmp-1-4 namespace; and the empty POST
# without any header.
TMPDIR=${top_builddir:-.}/tests/tmp
mkdir -p "$TMPDIR" && export TMPDIR
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/cpesim_lib.sh"

# run_profile PROFILE MODEL ROOT
run_profile() {
	printf '{"*": [{"rpc": "GetParameterValues", "names": ["%sDeviceInfo."]}]}\n' \
	    "$3" >"$T/$1.json"
	start_acs "acs-$1" --script "$T/$1.json"
	run_sim 30 -a "http://127.0.0.1:$ACS_PORT/cwmp" -m "$MODELS/$2.yaml" \
	    -q "$1" -S "$T/state-$1" --until-idle ||
	    fail "$1: cpe-sim exited non-zero"
	stop_daemon "acs-$1"
	L=$T/acs-$1.log
	check "$L" "len(I) == 1 and I[0]['events'] == ['0 BOOTSTRAP', '1 BOOT']" \
	    "$1: bootstrap Inform"
	check "$L" "len(M('GetParameterValuesResponse')) == 1" "$1: GPV answered"
	check "$L" "R[-1]['kind'] == 'message'" "$1: session ended after the response"
}

run_profile strict bcm7255-stb Device.
check "$L" "I[0]['headers']['SOAPAction'] == '\"\"' and I[0]['id'] == 'cpe-0'" \
    "strict: SOAPAction and ID"
check "$L" "M('GetParameterValuesResponse')[0]['id'] == 'acs-2'" "strict: ID echoed"
check "$L" "I[0]['prefixed_arraytype'] and not I[0]['chunked']" "strict: arrayType"

run_profile thomson thomson-st780 InternetGatewayDevice.
check "$L" "I[0]['headers']['SOAPAction'] == '' and 'ISO-8859-1' in I[0]['headers']['Content-Type']" \
    "thomson: empty SOAPAction, ISO-8859-1"
check "$L" "I[0]['latin1_decl'] and I[0]['chunked'] and I[0]['bare_arraytype']" \
    "thomson: body habits"
check "$L" "I[0]['id'].endswith('_THOM_TR69_ID') and M('GetParameterValuesResponse')[0]['id'] == I[0]['id']" \
    "thomson: constant ID"
check "$L" "'.ExternalIPAddress' in I[0]['values']" "thomson: relative WAN address"
check "$L" "[r for r in R if r['kind'] == 'empty'][0]['headers']['Cookie'].startswith('\$Version=\"0\"; session=')" \
    "thomson: RFC 2109 cookie"
check "$L" "I[0]['headers']['User-Agent'].startswith('Thomson_cwmp-engine')" \
    "thomson: user agent"

run_profile thomson-5.4 thomson-st780 InternetGatewayDevice.
check "$L" "I[0]['id'].startswith('THOM_CPE_ALC_ID_') and M('GetParameterValuesResponse')[0]['id'] != I[0]['id']" \
    "thomson-5.4: incrementing ID"
check "$L" "I[0].get('no_more_requests') and M('GetParameterValuesResponse')[0].get('no_more_requests')" \
    "thomson-5.4: NoMoreRequests in every message"

run_profile zyxel bcm7255-stb Device.
check "$L" "I[0]['id'] is None and M('GetParameterValuesResponse')[0]['id'] is None" \
    "zyxel: no cwmp:ID"

run_profile zte bcm7255-stb Device.
check "$L" "'SOAPAction' not in I[0]['headers'] and I[0]['serial'] == 'SIM000000\\n'" \
    "zte: no SOAPAction, serial with a newline"

run_profile cwmp-1-4 bcm7255-stb Device.
check "$L" "I[0]['ns'] == 'urn:dslforum-org:cwmp-1-4' and 'SupportedCWMPVersions' in I[0]['raw_head']" \
    "cwmp-1-4: namespace and version header"

run_profile bare-empty-post bcm7255-stb Device.
check "$L" "[r for r in R if r['kind'] == 'empty'][0]['headers'] == {}" \
    "bare-empty-post: no headers at all"
exit 0
