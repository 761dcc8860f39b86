#!/bin/sh
# acsd: the record cache and store.contact_interval.  With shared: false
# acsd keeps records in memory between sessions; an Inform that repeats
# the stored events, address and values within contact_interval leaves
# the record file alone, anything new rewrites it, and a job's result
# written from a cached record reaches the file.  With contact_interval 0
# every Inform rewrites the record.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

acsd_conf d <<Y
session:
  discover_on_first_contact: false
store:
  state_dir: $T/d/state
  shared: false
  fsync: false
  contact_interval: 1h
Y
acsd_start d
P=$d_port
DEV=00D09E-Box-ST1
F=$T/d/state/devices/$DEV.yaml
NTP=InternetGatewayDevice.Time.NTPServer1

cpe --port "$P" --serial ST1 >"$T/c1" || fail "first session: $(cat "$T/c1")"
[ -f "$F" ] || fail "no record after the first Inform"
i1=$(stat -c %i "$F")
cpe --port "$P" --serial ST1 >"$T/c2" || fail "second session"
[ "$(stat -c %i "$F")" = "$i1" ] || fail "an unchanged Inform rewrote the record"
cpe --port "$P" --serial ST1 --events "2 PERIODIC" >"$T/c3" ||
    fail "third session"
[ "$(stat -c %i "$F")" != "$i1" ] || fail "new events not stored"
grep -q "2 PERIODIC" "$F" || fail "events not in the record"

job "$T/d/state/spool" add $DEV SetParameterValues \
    "param=$NTP=cached.example" >/dev/null || fail "enqueue"
cpe --port "$P" --serial ST1 --events "2 PERIODIC" >"$T/c4" ||
    fail "job session: $(cat "$T/c4")"
[ "$(json_get "$T/c4" "d['tree']['$NTP']")" = cached.example ] ||
    fail "job not delivered"
grep -q "cached.example" "$F" || fail "job result not in the record file"
stop_daemon d

# contact_interval 0 (the default): every Inform is written.
acsd_conf e <<Y
session:
  discover_on_first_contact: false
store:
  state_dir: $T/e/state
  shared: false
  fsync: false
Y
acsd_start e
F=$T/e/state/devices/$DEV.yaml
cpe --port "$e_port" --serial ST1 >"$T/e1" || fail "e: first session"
i1=$(stat -c %i "$F")
cpe --port "$e_port" --serial ST1 >"$T/e2" || fail "e: second session"
[ "$(stat -c %i "$F")" != "$i1" ] || fail "e: Inform not written"
stop_daemon e
exit 0
