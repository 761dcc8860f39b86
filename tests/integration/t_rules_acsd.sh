#!/bin/sh
# acsd with rule files and the scripted CPE (tests/data/acs/minicpe.py):
# a declarative set converges in one session (SPV, read-back, done) and
# stays quiet; a set the CPE refuses fails once and then backs off
# instead of looping; a firmware rule queues Download only below its
# version, holds devices beyond max_in_flight, and pauses itself when
# the Downloads fail; SIGHUP with a broken rule file keeps the old rules
# and logs the error, and an edited valid file is picked up.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
AR=$top_builddir/rules/anthill-rules

mkdir -p "$T/rules"
cat >"$T/rules/main.yaml" <<'EOT'
rules:
  - name: interval
    when:
      param: InternetGatewayDevice.ManagementServer.PeriodicInformInterval
      number: "!= 3600"
    do:
      - set:
          InternetGatewayDevice.ManagementServer.PeriodicInformInterval: 3600
  - name: uptime
    when:
      id: SerialNumber
      equals: R1
    do:
      - set: {InternetGatewayDevice.DeviceInfo.UpTime: 1}
    rollout: {retry_backoff: 3600}
  - name: fw
    when:
      - id: SerialNumber
        glob: "F*"
      - param: InternetGatewayDevice.DeviceInfo.SoftwareVersion
        version: < 2.0
    do:
      - download: {url: "http://fw.example/${SerialNumber}.img"}
    rollout:
      max_in_flight: 2
      pause_failure_rate: 50%
      pause_min_samples: 2
EOT
acsd_conf s <<Y
rules:
  files: [$T/rules/main.yaml]
Y
acsd_start s
P=$s_port
ST=$T/s/state/rules
grep -q 'rules: 3 rules from 1 files' "$T/s.log" || fail "rules not loaded"

# 1. A declarative set converges in one session and then stays quiet.
cpe --port "$P" --serial D1 >"$T/d1" || fail "session D1: $(cat "$T/d1")"
json_get "$T/d1" "d['requests']" | grep -q SetParameterValues ||
    fail "no SPV: $(json_get "$T/d1" "d['requests']")"
[ "$(grep -c 'D1: rule interval: set' "$T/s.log")" = 1 ] ||
    fail "interval fired $(grep -c 'D1: rule interval' "$T/s.log") times"
grep -q '^done: 1$' "$ST/interval.yaml" || fail "$(cat "$ST/interval.yaml")"
sed 's/PeriodicInformInterval\txsd:unsignedInt\t1\t300/PeriodicInformInterval\txsd:unsignedInt\t1\t3600/' \
    "$ACS_DATA/tree.txt" >"$T/tree3600"
grep -q '	3600$' "$T/tree3600" || fail "tree edit"
python3 "$ACS_DATA/minicpe.py" --tree "$T/tree3600" --port "$P" \
    --serial D1 >"$T/d1b" || fail "session D1 again"
json_get "$T/d1b" "d['requests']" | grep -q SetParameterValues &&
    fail "converged device got another SPV"

# 2. A set the CPE refuses (UpTime is read-only): failed once, no loop.
cpe --port "$P" --serial R1 >"$T/r1" || fail "session R1"
[ "$(grep -c 'R1: rule uptime: set' "$T/s.log")" = 1 ] ||
    fail "refused set retried in the session"
grep -q '^failed: 1$' "$ST/uptime.yaml" || fail "$(cat "$ST/uptime.yaml")"
grep -q 'phase: backoff' "$ST/uptime.yaml" || fail "no backoff"
cpe --port "$P" --serial R1 >"$T/r1b" || fail "session R1 again"
[ "$(grep -c 'R1: rule uptime: set' "$T/s.log")" = 1 ] ||
    fail "refused set retried inside its backoff"

# 3. Firmware: max_in_flight.  9002 is transient: the Download stays
# queued, so F1 and F2 stay in flight and F3 must wait.
for d in F1 F2 F3; do
	cpe --port "$P" --serial $d --fault Download:9002 >"$T/$d" ||
	    fail "session $d"
done
for d in F1 F2; do
	ls "$T/s/state/spool/00D09E-Box-$d/queue" 2>/dev/null | grep -q . ||
	    fail "$d: no Download queued"
done
ls "$T/s/state/spool/00D09E-Box-F3/queue" 2>/dev/null | grep -q . &&
    fail "F3 got a Download beyond max_in_flight"
"$AR" status --state "$ST" fw | grep -q '^fw  *2  *2  *0  *0 ' ||
    fail "status: $("$AR" status --state "$ST" fw)"

# The Downloads now fail for good (9000): 2 of 2 failed, the rule pauses,
# and F3 still gets nothing.
for d in F1 F2; do
	cpe --port "$P" --serial $d --fault Download:9010 >"$T/$d.b" ||
	    fail "session $d.b"
done
"$AR" status --state "$ST" fw | grep -q 'paused: 2 of 2 outcomes failed' ||
    fail "not paused: $("$AR" status --state "$ST" fw)"
cpe --port "$P" --serial F3 >"$T/F3.b" || fail "session F3.b"
json_get "$T/F3.b" "d['requests']" | grep -q Download &&
    fail "paused rule sent a Download"
# A device at the target version never matches.
sed 's/SoftwareVersion\txsd:string\t0\t1.2.3/SoftwareVersion\txsd:string\t0\tv2.0.0/' \
    "$ACS_DATA/tree.txt" >"$T/tree2"
"$AR" resume --state "$ST" fw >/dev/null || fail "resume"
python3 "$ACS_DATA/minicpe.py" --tree "$T/tree2" --port "$P" \
    --serial F9 >"$T/F9" || fail "session F9"
ls "$T/s/state/spool/00D09E-Box-F9/queue" 2>/dev/null | grep -q . &&
    fail "F9 (v2.0.0) got a Download"

# 4. SIGHUP with a broken file keeps the rules in force.
cp "$T/rules/main.yaml" "$T/main.good"
printf 'rules:\n  - name: broken\n    do: [reboot: maybe]\n' \
    >"$T/rules/main.yaml"
kill -HUP "$s_pid"
wait_for_log "$T/s.log" 'main.yaml:3:18: expected true or false' 10 ||
    fail "no error logged"
wait_for_log "$T/s.log" 'invalid rules; keeping the 3 rules in force' 5 ||
    fail "old rules not kept"
cpe --port "$P" --serial D2 >"$T/d2" || fail "session D2"
grep -q 'D2: rule interval: set' "$T/s.log" || fail "old rules not used"
# An edited, valid file is picked up without a signal.
sleep 1
printf 'rules:\n  - name: tagger\n    do: [tag: seen]\n' \
    >"$T/rules/main.yaml"
wait_for_log "$T/s.log" 'rule file changed: 1 rules loaded' 10 ||
    fail "edit not picked up"
cpe --port "$P" --serial D3 >"$T/d3" || fail "session D3"
grep -q 'D3: rule tagger: tag' "$T/s.log" || fail "new rule not used"
grep -q 'seen' "$T/s/state/devices/00D09E-Box-D3.yaml" || fail "no tag"
stop_daemon s
exit 0
