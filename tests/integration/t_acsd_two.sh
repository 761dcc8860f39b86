#!/bin/sh
# Two acsd processes on one spool and one YAML store serve one fleet
# (CWMP.md 14): every device informs into both at once, again and again;
# the dirqueue session lock lets one process at a time run a device's
# session (the other answers 503), and every queued job is delivered
# exactly once.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

for n in a b; do
	acsd_conf $n <<Y
store:
  state_dir: $T/shared
session:
  discover_on_first_contact: false
  retry_after: 1s
Y
done
acsd_start a
acsd_start b
NDEV=12
NJOBS=3
i=0
while [ $i -lt $NDEV ]; do
	j=0
	while [ $j -lt $NJOBS ]; do
		job "$T/shared/spool" add "00D09E-Box-T$i" GetParameterValues \
		    "ParameterNames[]=InternetGatewayDevice.DeviceInfo.UpTime" \
		    "Tag=t$i-$j" >/dev/null || fail "enqueue"
		j=$((j + 1))
	done
	i=$((i + 1))
done

python3 - "$a_port" "$b_port" "$ACS_DATA" "$NDEV" "$NJOBS" <<'PY' || fail "fleet"
import sys, threading
pa, pb, data, ndev, njobs = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3],
                             int(sys.argv[4]), int(sys.argv[5]))
sys.path.insert(0, data)
import minicpe

def cpe(port, serial):
    a = minicpe.argparse.Namespace(host="127.0.0.1", port=port,
        tree=data + "/tree.txt", oui="00D09E", product_class="Box",
        serial=serial, events="2 PERIODIC", ns="1-0", supported=None,
        user=None, password="", fault={}, send=None, drop_after=0, hang=0,
        reconnect=False, reconnect_each=False, reconnect_after_401=False,
        rfc2109=False, chunked=False, gzip=False, bare=False, latin1=False,
        no_soapaction=False, no_id=False, incrementing_id=False, timeout=10)
    return minicpe.Cpe(a)

lock = threading.Lock()
seen = {}
busy = [0]

def session(port, serial):
    c = cpe(port, serial)
    r = c.run()
    with lock:
        if r["status"] and r["status"][0] == 503:
            busy[0] += 1
        seen[serial] = seen.get(serial, 0) + r["requests"].count(
            "GetParameterValues")
        if r["status"] and r["status"][0] not in (200, 503):
            print("unexpected", serial, r["status"])

for rnd in range(6):
    ts = []
    for i in range(ndev):
        for port in (pa, pb):
            t = threading.Thread(target=session, args=(port, "T%d" % i))
            ts.append(t)
            t.start()
    for t in ts:
        t.join()
bad = {k: v for k, v in seen.items() if v != njobs}
print("busy answers:", busy[0], "deliveries:", sum(seen.values()))
if bad or len(seen) != ndev:
    print("wrong delivery counts:", bad)
    sys.exit(1)
PY
i=0
while [ $i -lt $NDEV ]; do
	d=$(job "$T/shared/spool" list "00D09E-Box-T$i" done | grep -c GetParameterValues)
	[ "$d" = $NJOBS ] || fail "T$i: $d jobs done"
	[ -z "$(job "$T/shared/spool" list "00D09E-Box-T$i" queue)" ] ||
	    fail "T$i: jobs left"
	[ -z "$(job "$T/shared/spool" list "00D09E-Box-T$i" failed)" ] ||
	    fail "T$i: jobs failed"
	i=$((i + 1))
done
grep -q 'in a session on another acsd' "$T/a.log" "$T/b.log" ||
    echo "note: the two processes never raced for a device"
stop_daemon a
stop_daemon b
exit 0
