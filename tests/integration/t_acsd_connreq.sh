#!/bin/sh
# acsd Connection Requests (CWMP.md 9.1): a kick file for a device makes
# acsd's background thread GET the device's ConnectionRequestURL (learned
# from its Inform) with Digest; the result is logged ("kicked (200)" or
# "offline" with the reason); wrong credentials and an unreachable CPE are
# reported, and a device without a URL is refused without a request.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

start_daemon crs "$T/crs.log" python3 "$ACS_DATA/crserver.py" cru crp-secret
wait_for_log "$T/crs.log" '^port [0-9]+' 10 || fail "CR server"
crport=$(log_value "$T/crs.log" '^port ([0-9]+)')

acsd_conf c <<'Y'
session:
  discover_on_first_contact: false
connection_request:
  timeout: 2s
  username: cru
  password: crp-secret
  poll: 200ms
Y
acsd_start c
sed "s|http://127.0.0.1:1/cr|http://127.0.0.1:$crport/cr/C1|" \
    "$ACS_DATA/tree.txt" >"$T/tree1"
sed "s|http://127.0.0.1:1/cr|http://127.0.0.1:1/dead|" \
    "$ACS_DATA/tree.txt" >"$T/tree2"
python3 "$ACS_DATA/minicpe.py" --port "$c_port" --tree "$T/tree1" \
    --serial C1 >/dev/null || fail "session C1"
python3 "$ACS_DATA/minicpe.py" --port "$c_port" --tree "$T/tree2" \
    --serial C2 >/dev/null || fail "session C2"

: >"$T/c/state/kick/00D09E-Box-C1"
wait_for_log "$T/c.log" 'connection request 00D09E-Box-C1: kicked \(200\)' 10 ||
    fail "no kick"
grep -q '^kicked /cr/C1' "$T/crs.log" || fail "CPE saw no authenticated GET"
[ ! -e "$T/c/state/kick/00D09E-Box-C1" ] || fail "kick file left"
: >"$T/c/state/kick/00D09E-Box-C2"
wait_for_log "$T/c.log" 'connection request 00D09E-Box-C2: offline' 10 ||
    fail "unreachable CPE not reported"
: >"$T/c/state/kick/00D09E-Box-NOPE"
wait_for_log "$T/c.log" 'connection request 00D09E-Box-NOPE: no ConnectionRequestURL' 10 ||
    fail "unknown device not reported"
grep -q crp-secret "$T/c.log" && fail "password logged"
stop_daemon c

# Wrong credentials: the CPE refuses, acsd reports it.
acsd_conf w <<Y
store:
  state_dir: $T/c/state
connection_request:
  username: cru
  password: wrong
  poll: 200ms
Y
acsd_start w
: >"$T/c/state/kick/00D09E-Box-C1"
wait_for_log "$T/w.log" 'connection request 00D09E-Box-C1: offline: HTTP 401' 10 ||
    fail "refused kick not reported"
grep -q '^refused /cr/C1' "$T/crs.log" || fail "CPE saw no bad digest"
stop_daemon w
stop_daemon crs
exit 0
