#!/bin/sh
# acsd: the record cache and store.contact_interval.  With shared: false
# acsd keeps records in memory between sessions; an Inform that repeats
# the stored events, address and values within contact_interval leaves
# the record file alone, anything new rewrites it, and a job's result
# written from a cached record reaches the file.  With contact_interval 0
# an unchanged Inform moves only the record's contact stamp, in place.
# With shared: true a record kept in memory is checked against the file.
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

# contact_interval 0 (the default): every Inform is stored.  One that
# only says the device is still there moves the record's contact stamp
# in place (same file, the stamp and acsctl's last_inform advance, the
# stored Inform stays); new RetryCount, CPE clock offset or values
# rewrite the record; a record without a stamp (an older acsd's) is
# rewritten whole with one.
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
stamp() { sed -nE '1s/^# contact: +([0-9]+)$/\1/p' "$F"; }
last_inform() {
	"$top_builddir/acs/acsctl" -f "$T/e.yaml" devices --json >"$T/ls" ||
	    fail "acsctl devices"
	json_get "$T/ls" "d[0]['last_inform']"
}
stored_time() { sed -nE 's/^  time: ([0-9]+)$/\1/p' "$F" | head -1; }

cpe --port "$e_port" --serial ST1 >"$T/e1" || fail "e: first session"
i1=$(stat -c %i "$F")
s1=$(stamp)
[ -n "$s1" ] || fail "e: no contact stamp on the first line: $(head -1 "$F")"
[ "$s1" = "$(stored_time)" ] || fail "e: stamp $s1 is not the Inform time"
t1=$(stored_time)
sleep 1.2
cpe --port "$e_port" --serial ST1 >"$T/e2" || fail "e: second session"
[ "$(stat -c %i "$F")" = "$i1" ] || fail "e: an unchanged Inform rewrote the record"
s2=$(stamp)
[ "$s2" -gt "$s1" ] || fail "e: contact stamp did not advance ($s1, $s2)"
[ "$(last_inform)" = "$s2" ] || fail "e: acsctl last_inform is not $s2"
[ "$(stored_time)" = "$t1" ] || fail "e: the stored Inform changed in place"
grep -q "1 BOOT" "$F" ||
    fail "e: events lost"

cpe --port "$e_port" --serial ST1 --retry-count 2 >"$T/e3" ||
    fail "e: retry session"
i3=$(stat -c %i "$F")
[ "$i3" != "$i1" ] || fail "e: a new RetryCount was not written"
grep -q "retry_count: 2" "$F" || fail "e: RetryCount not stored"

cpe --port "$e_port" --serial ST1 --retry-count 2 --current-time now \
    >"$T/e4" || fail "e: clock session"
i4=$(stat -c %i "$F")
[ "$i4" != "$i3" ] || fail "e: a new CPE clock offset was not written"
sleep 1.2
cpe --port "$e_port" --serial ST1 --retry-count 2 --current-time now \
    >"$T/e5" || fail "e: same clock session"
[ "$(stat -c %i "$F")" = "$i4" ] ||
    fail "e: the same clock offset (CurrentTime now) rewrote the record"
cpe --port "$e_port" --serial ST1 --retry-count 2 --current-time now+600 \
    >"$T/e6" || fail "e: skewed clock session"
[ "$(stat -c %i "$F")" != "$i4" ] || fail "e: a clock 10 min off not written"

# An older acsd's record: no stamp.  Still read, and rewritten with one.
stop_daemon e
sed -i 1d "$F"
[ -z "$(stamp)" ] || fail "e: stamp not removed"
acsd_start e
cpe --port "$e_port" --serial ST1 --retry-count 2 --current-time now+600 \
    >"$T/e7" || fail "e: session on a record without a stamp"
[ -n "$(stamp)" ] || fail "e: record without a stamp not rewritten with one"
grep -q "retry_count: 2" "$F" || fail "e: record lost its Inform"
stop_daemon e

# shared: true (another acsd or host may write the store): a record kept
# in memory is used only while the stored file is the one it was read as
# or touched into; a change made behind acsd's back, in place or by a new
# file, is read again before the next session builds on it.
acsd_conf s <<Y
session:
  discover_on_first_contact: false
store:
  state_dir: $T/s/state
  shared: true
  fsync: false
Y
acsd_start s
F=$T/s/state/devices/$DEV.yaml
SV=InternetGatewayDevice.DeviceInfo.SoftwareVersion
for i in 1 2 3; do
	cpe --port "$s_port" --serial ST1 >"$T/s$i" || fail "s: session $i"
done
i1=$(stat -c %i "$F")
grep -q "$SV: {value: 1.2.3" "$F" || grep -q "1.2.3" "$F" ||
    fail "s: no SoftwareVersion stored"
# In place, same size: only the times tell.
python3 - "$F" <<'PY' || fail "s: cannot edit the record"
import sys
p = sys.argv[1]
t = open(p, "rb").read()
assert t.count(b"1.2.3") == 1, t
with open(p, "r+b") as f:
    f.seek(t.index(b"1.2.3"))
    f.write(b"7.7.7")
PY
cpe --port "$s_port" --serial ST1 >"$T/s4" || fail "s: session 4"
grep -q "1.2.3" "$F" ||
    fail "s: a stale copy in memory hid the change made in place"
wait_for_log "$T/s.log" "$DEV: record changed in the store, read again" 5 ||
    fail "s: change in place not noticed"
# A new file with a tag, as another writer would make it.
python3 - "$F" <<'PY' || fail "s: cannot replace the record"
import os, sys
p = sys.argv[1]
t = open(p).read().replace("tags: []", "tags: [outside]")
open(p + ".new", "w").write(t)
os.rename(p + ".new", p)
PY
cpe --port "$s_port" --serial ST1 --events "2 PERIODIC" >"$T/s5" ||
    fail "s: session 5"
grep -q "2 PERIODIC" "$F" || fail "s: events not stored"
grep -q "tags: \[outside\]" "$F" ||
    fail "s: a stale copy in memory overwrote another writer's tag"
stop_daemon s
exit 0
