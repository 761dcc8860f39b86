#!/bin/sh
# anthill-rules plan over a generated fleet (YAML and GDBM stores): a
# version rule matches exactly the devices below 2.4.0, max_in_flight
# holds the rest, percent picks a stable subset, --json is well formed,
# and status/resume show and clear a paused rollout.
. "$top_srcdir/tests/integration/lib.sh"
AR=$top_builddir/rules/anthill-rules
GEN=$top_builddir/tests/bench/rules_genfleet

"$GEN" -n 60 "$T/fleet" || fail "genfleet"
"$GEN" -k gdbm -n 60 "$T/fleet.gdbm" || fail "genfleet gdbm"
cat >"$T/fw.yaml" <<'EOT'
rules:
  - name: fw
    when:
      param: Device.DeviceInfo.SoftwareVersion
      version: < 2.4.0
    do:
      - download:
          url: http://fw/${ProductClass}/2.4.0.img
          password: s3cret
    rollout:
      max_in_flight: 7
EOT
"$AR" plan --store "$T/fleet" "$T/fw.yaml" >"$T/plan" || fail "plan"
# Versions cycle 2.3.9, 2.4.0-rc1, 2.4.0, 2.10.1, v2.4, 1.9.12: half match.
[ "$(grep -c ' fw  *run ' "$T/plan")" = 7 ] || fail "run count"
[ "$(grep -c ' fw  *max_in_flight ' "$T/plan")" = 23 ] || fail "held count"
grep -q '^fw  *30  *7  max_in_flight=23$' "$T/plan" || fail "summary"
grep -q 'URL=http://fw/TG789/2.4.0.img' "$T/plan" || fail "template"
grep -q s3cret "$T/plan" && fail "password shown"
for n in 2 3 4 8 9 10; do
	grep -q "CP00000$(printf %02d $n) " "$T/plan" &&
	    fail "device $n (version >= 2.4.0) listed"
done
grep -q "CP0000001 " "$T/plan" || fail "2.4.0-rc1 device not listed"

# The GDBM store gives the same plan.
"$AR" plan --store "$T/fleet.gdbm" --store-kind gdbm "$T/fw.yaml" \
    >"$T/plan.gdbm" || fail "plan gdbm"
diff "$T/plan" "$T/plan.gdbm" >/dev/null || fail "gdbm plan differs"

# Percent: a stable subset, the same on every run.
sed 's/max_in_flight: 7/percent: 30/' "$T/fw.yaml" >"$T/pct.yaml"
"$AR" plan --store "$T/fleet" "$T/pct.yaml" >"$T/p1" || fail "plan pct"
"$AR" plan --store "$T/fleet" "$T/pct.yaml" >"$T/p2" || fail "plan pct"
diff "$T/p1" "$T/p2" >/dev/null || fail "percent is not stable"
run=$(grep -c ' fw  *run ' "$T/p1")
held=$(grep -c ' fw  *percent ' "$T/p1")
[ $((run + held)) = 30 ] || fail "percent: $run + $held != 30"
[ "$run" -gt 0 ] && [ "$run" -lt 20 ] || fail "percent: $run of 30 run"

# Events: --event overrides the stored ones.
printf 'rules:\n  - name: boot\n    when: {event: 0 BOOTSTRAP}\n    do: [reboot: true]\n' \
    >"$T/ev.yaml"
"$AR" plan --store "$T/fleet" "$T/ev.yaml" | grep -q ' boot  *run ' &&
    fail "no device has 0 BOOTSTRAP stored"
[ "$("$AR" plan -e '0 BOOTSTRAP' --store "$T/fleet" "$T/ev.yaml" |
    grep -c ' boot  *run ')" = 60 ] || fail "--event"

# JSON.
"$AR" plan --json --store "$T/fleet" "$T/fw.yaml" >"$T/plan.json" ||
    fail "plan --json"
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert d["evaluated"] == 60, d["evaluated"]
assert sum(1 for x in d["devices"] if x["status"] == "run") == 7
assert d["rules"][0]["matched"] == 30' "$T/plan.json" || fail "json"
fi

# status and resume on a state directory.
mkdir "$T/state"
cat >"$T/state/fw.yaml" <<'EOT'
rule: fw
matched: 10
done: 4
failed: 4
paused: true
pause_reason: 4 of 8 outcomes failed (50%), threshold 50%
paused_at: 1
devices:
- {id: '00147F-TG789-CP0000000', phase: queued, jobs: 1, attempts: 0, since: 1, retry_at: 0}
EOT
"$AR" status --state "$T/state" >"$T/status" || fail "status"
grep -q '^fw  *10  *1  *4  *4  *0  *0  paused: 4 of 8' "$T/status" ||
    fail "status: $(cat "$T/status")"
# The paused rule holds new devices in plan with the state copied in;
# the in-flight device stays in flight until its timeout (3600 s).
"$AR" plan --now 100 --state "$T/state" --store "$T/fleet" "$T/fw.yaml" |
    grep -q '^fw  *30  *0  in_flight=1 paused=29$' || fail "plan paused"
"$AR" plan --now 4000 --state "$T/state" --store "$T/fleet" "$T/fw.yaml" |
    grep -q '^fw  *30  *0  backoff=1 paused=29$' || fail "plan timeout"
"$AR" resume --state "$T/state" fw | grep -q 'fw: resumed' || fail resume
"$AR" status --json --state "$T/state" | grep -q '"paused":false' ||
    fail "still paused"
exit 0
