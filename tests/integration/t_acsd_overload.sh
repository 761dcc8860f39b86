#!/bin/sh
# acsd load shedding (CWMP.md 5.5): with session.max_sessions 2 and two
# sessions running, a new Inform gets 503 with Retry-After; the running
# sessions are not cut, and once one ends a new device gets in.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

acsd_conf o <<'Y'
session:
  max_sessions: 2
  retry_after: 42s
  discover_on_first_contact: false
Y
acsd_start o
python3 - "$o_port" "$ACS_DATA" <<'PY' || fail "overload"
import sys
port, data = int(sys.argv[1]), sys.argv[2]
sys.path.insert(0, data)
import minicpe

def cpe(serial):
    a = minicpe.argparse.Namespace(host="127.0.0.1", port=port,
        tree=data + "/tree.txt", oui="00D09E", product_class="Box",
        serial=serial, events="2 PERIODIC", ns="1-0", supported=None,
        user=None, password="", fault={}, send=None, drop_after=0, hang=0,
        reconnect=False, reconnect_each=False, reconnect_after_401=False,
        rfc2109=False, chunked=False, gzip=False, bare=False, latin1=False,
        no_soapaction=False, no_id=False, incrementing_id=False, timeout=5)
    return minicpe.Cpe(a)

a, b, c = cpe("O1"), cpe("O2"), cpe("O3")
assert a.post(a.inform())[0] == 200
assert b.post(b.inform())[0] == 200
st, h, body = c.post(c.inform())
assert st == 503, st
assert h.get("retry-after") == ["42"], h
# Running sessions go on.
assert a.post("")[0] == 204
st, h, body = c.post(c.inform())
assert st == 200, st
assert b.post("")[0] == 204
assert c.post("")[0] == 204
print("ok")
PY
stop_daemon o
exit 0
