#!/bin/sh
# t_cpesim_cr.sh: the Connection Request listener (CWMP.md 9.1): a wrong
# password or Basic credentials get 401 and start nothing, an unknown path
# gets 404, a correct Digest GET gets 200 and a session whose Inform
# carries 6 CONNECTION REQUEST.
TMPDIR=${top_builddir:-.}/tests/tmp
mkdir -p "$TMPDIR" && export TMPDIR
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/cpesim_lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not found"

start_acs acs
start_daemon sim "$T/sim.log" "$SIM" -a "http://127.0.0.1:$ACS_PORT/cwmp" \
    -m "$MODELS/bcm7255-stb.yaml" -S "$T/state" --duration 25 \
    --periodic 3600 --cr-user cruser --cr-password crpass
wait_for_log "$T/acs.log" '"kind": "empty"' 15 || fail "no first session"
URL=$(acs_query "$T/acs.log" \
    "I[0]['values']['Device.ManagementServer.ConnectionRequestURL']")
case $URL in
http://127.0.0.1:*/????????????????) ;;
*) fail "bad connection request URL $URL" ;;
esac

get() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@"
}
[ "$(get --digest -u cruser:wrong "$URL")" = 401 ] || fail "wrong password"
[ "$(get --basic -u cruser:crpass "$URL")" = 401 ] || fail "Basic accepted"
[ "$(get --digest -u cruser:crpass "${URL%?}x")" = 404 ] ||
    fail "unknown path"
[ "$(get -X POST --digest -u cruser:crpass "$URL")" = 405 ] ||
    fail "POST accepted"
sleep 1
check "$T/acs.log" "len(I) == 1" "a refused request started a session"
[ "$(get --digest -u cruser:crpass "$URL")" = 200 ] || fail "digest refused"
wait_for_log "$T/acs.log" '6 CONNECTION REQUEST' 10 ||
    fail "no session after the connection request"
check "$T/acs.log" "I[1]['events'] == ['6 CONNECTION REQUEST']" \
    "connection request Inform"
stop_daemon sim
exit 0
