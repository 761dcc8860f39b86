#!/bin/sh
# acsd: a job survives a dropped session.  The CPE closes the connection
# instead of answering the queued SetParameterValues; while the dead
# session is live a new Inform of the device gets 503 + Retry-After; after
# the session timeout the job is back in the queue and the next session
# delivers it.  (The 12 s timeout leaves a loaded machine time to start
# the second CPE before the dead session expires.)  An Inform that carries
# the dead session's cookie (the same CPE starting over) replaces the
# session at once.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

acsd_conf d <<'Y'
session:
  timeout: 12s
  retry_after: 7s
  discover_on_first_contact: false
Y
acsd_start d
P=$d_port
SP=$T/d/state/spool
NTP=InternetGatewayDevice.Time.NTPServer1
DEV=00D09E-Box-DROP1

job "$SP" add $DEV SetParameterValues "param=$NTP=dropped.example" \
    >/dev/null || fail "enqueue"
cpe --port "$P" --serial DROP1 --drop-after 1 >"$T/c1" && fail "no drop"
[ "$(json_get "$T/c1" "d['requests']")" = "['SetParameterValues']" ] ||
    fail "first session: $(cat "$T/c1")"
cpe --port "$P" --serial DROP1 >"$T/c2" && fail "second session accepted"
[ "$(json_get "$T/c2" "d['status']")" = "[503]" ] || fail "no 503: $(cat "$T/c2")"
[ "$(json_get "$T/c2" "d['retry_after']")" = 7 ] || fail "Retry-After"
wait_for_log "$T/d.log" "job .* \\(SetParameterValues\\) returned to the queue" 30 ||
    fail "job not returned"
grep -q "session $DEV .*timeout" "$T/d.log" || fail "no timeout line"
job "$SP" list $DEV queue | grep -q SetParameterValues || fail "job lost"
cpe --port "$P" --serial DROP1 >"$T/c3" || fail "third session: $(cat "$T/c3")"
[ "$(json_get "$T/c3" "d['tree']['$NTP']")" = dropped.example ] ||
    fail "job not delivered after the drop"
job "$SP" list $DEV done | grep -c SetParameterValues | grep -qx 1 ||
    fail "job not finished exactly once"

# The same CPE starting over on the same connection replaces its session.
job "$SP" add $DEV GetParameterValues "ParameterNames[]=$NTP" >/dev/null
python3 - "$P" "$ACS_DATA" >"$T/c4" 2>&1 <<'PY' || fail "restart: $(cat "$T/c4")"
import subprocess, sys, socket, re
port, data = sys.argv[1], sys.argv[2]
sys.path.insert(0, data)
import minicpe
class A: pass
a = minicpe.argparse.Namespace(host="127.0.0.1", port=int(port),
    tree=data + "/tree.txt", oui="00D09E", product_class="Box",
    serial="DROP1", events="1 BOOT", ns="1-0", supported=None, user=None,
    password="", fault={}, send=None, drop_after=0, hang=0, reconnect=False,
    reconnect_each=False, reconnect_after_401=False, rfc2109=False,
    chunked=False, gzip=False, bare=False, latin1=False,
    no_soapaction=False, no_id=False, incrementing_id=False, timeout=5)
c = minicpe.Cpe(a)
st, h, b = c.post(c.inform())
assert st == 200, st
st, h, b = c.post("")
assert st == 200 and "GetParameterValues" in b, (st, b)
# Start over without answering: a new Inform with the old cookie.
st, h, b = c.post(c.inform())
assert st == 200 and "InformResponse" in b, (st, b)
st, h, b = c.post("")
assert st == 200 and "GetParameterValues" in b, (st, b)
st, h, b = c.post(c.answer(b))
assert st == 204, st
print("ok")
PY
grep -q "session $DEV .*superseded" "$T/d.log" || fail "no superseded line"
job "$SP" list $DEV done | grep -q GetParameterValues || fail "GPV not done"
stop_daemon d
exit 0
