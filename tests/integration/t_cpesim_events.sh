#!/bin/sh
# t_cpesim_events.sh: a failed session is retried with the TR-069 back-off
# (scaled down), the same events and a growing RetryCount; an active
# notification set by the ACS makes a parameter changed by the device
# itself start a session with 4 VALUE CHANGE and the new value.
TMPDIR=${top_builddir:-.}/tests/tmp
mkdir -p "$TMPDIR" && export TMPDIR
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/cpesim_lib.sh"

start_acs acs --fail-informs 2
run_sim 30 -a "http://127.0.0.1:$ACS_PORT/cwmp" -m "$MODELS/bcm7255-stb.yaml" \
    -S "$T/state" --until-idle --retry-scale 0.01 ||
    fail "cpe-sim exited non-zero"
check "$T/acs.log" "[i['retry_count'] for i in I] == [0, 1, 2]" "RetryCount"
check "$T/acs.log" "all(i['events'] == ['0 BOOTSTRAP', '1 BOOT'] for i in I)" \
    "events kept across failed sessions"
grep -q 'sessions: 1 ok, 2 failed' "$T/sim.out" || fail "summary"
stop_daemon acs

P=Device.IP.Interface.2.IPv4Address.1.IPAddress
printf '{"*": [{"rpc": "SetParameterAttributes", "params": [["%s", 2]]}]}\n' \
    "$P" >"$T/spa.json"
start_acs acs2 --script "$T/spa.json"
run_sim 30 -a "http://127.0.0.1:$ACS_PORT/cwmp" -m "$MODELS/bcm7255-stb.yaml" \
    -S "$T/state2" --duration 4 --volatile 1 >/dev/null
check "$T/acs2.log" "any('4 VALUE CHANGE' in i['events'] and '$P' in i['values'] for i in I[1:])" \
    "active notification"
check "$T/acs2.log" "'4 VALUE CHANGE' not in I[0]['events']" \
    "no VALUE CHANGE before the attribute"
exit 0
