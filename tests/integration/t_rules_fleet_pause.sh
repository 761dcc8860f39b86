#!/bin/sh
# acsd with rule files and a cpe-sim fleet, when things go wrong: the
# image a firmware rule sends never boots (each device tries it three
# times, falls back to its old bank and reports TransferComplete 9010),
# so the failure rate crosses the rule's threshold and the rollout pauses:
# no further Downloads although every other device still matches.  Once
# the image is replaced, "anthill-rules resume" continues the rollout to
# the rest of the fleet, and the failed devices stay in their backoff.
# Then a SIGHUP with a broken rule file logs file:line:col and keeps the
# old rules, which still converge a device whose value was changed.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
. "$top_srcdir/tests/data/rules/fleet_lib.sh"

fleet_acsd
fleet_image fw3.zip -v 3.0.0 -b 1000000 -B "init crashed"
fleet_image good3.zip -v 3.0.0
cat >>"$T/rules.yaml" <<EOF
  - name: fw3
    when:
      - param: Device.DeviceInfo.SoftwareVersion
        version: "< 3.0.0"
    do:
      - download: {url: "$FILES/fw3.zip"}
    rollout:
      max_in_flight: 2
      pause_failure_rate: 50%
      pause_min_samples: 2
      retry_backoff: 3600
EOF
kill -HUP "$s_pid"
wait_for_log "$T/s.log" 'rules: (SIGHUP|rule file changed): 2 rules loaded' \
    10 || fail "firmware rule not loaded"

# 1. The first devices fail to boot the image: the rule pauses at the
# second failure (pause_min_samples: 2).  A device may have been admitted
# into the slot the first failure freed; it finishes (and fails) too.
fleet_start 10
fleet_wait 60 "fleet_count fw3 paused = True &&
    fleet_count fw3 in_flight = 0" ||
    fail "fw3 never paused"
grep -q 'rules: fw3: paused: 2 of 2 outcomes failed' "$T/s.log" ||
    fail "no pause logged"
"$AR" status -S "$RST" fw3 | grep -q 'paused: 2 of 2 outcomes failed' ||
    fail "status: $("$AR" status -S "$RST" fw3)"
FAILED=$(sed -nE 's/^.*: ([^:]+): rule fw3: download.*$/\1/p' "$T/s.log")
NF=$(printf '%s\n' "$FAILED" | grep -c .)
[ "$NF" = 2 ] || [ "$NF" = 3 ] || fail "Downloads: $FAILED"
fleet_count fw3 failed = "$NF" || fail "fw3: $(fleet_status fw3)"
fleet_count fw3 matched = "$NF" || fail "fw3: $(fleet_status fw3)"
for d in $FAILED; do
	grep -q ": $d: TransferComplete rule-[0-9a-f]*: fault 9010\$" \
	    "$T/s.log" || fail "$d: no TransferComplete 9010"
	s=${d##*-}
	grep -q '^status: ActivationFailed$' "$T/sim/$s/fw/image1.yaml" ||
	    fail "$d: bank B not ActivationFailed"
	[ "$(fleet_versions | sed -n "s/^$d //p")" = \
	    "$(fleet_first_version "$d")" ] || fail "$d: not rolled back"
done
fleet_max_in_flight fw3 >"$T/mif" || fail "cannot replay the rollout log"
read -r peak reported <"$T/mif"
[ "$peak" -le 2 ] && [ "$reported" -le 2 ] ||
    fail "in flight: peak $peak, reported $reported (max 2)"

# Paused: every device keeps informing and matching, nothing is queued.
fleet_more_sessions 30 || fail "the fleet stopped informing"
grep -c ': rule fw3: download' "$T/s.log" | grep -qx "$NF" ||
    fail "Downloads while paused"
nheld=$(sed -nE 's/^.*rules: fw3: ([^ ]+) held: paused$/\1/p' "$T/s.log" |
    sort -u | grep -c .)
[ "$nheld" -ge 6 ] || fail "only $nheld devices held by the pause"

# 2. A good image and "anthill-rules resume": the rest of the fleet
# upgrades, two at a time; the failed devices wait for their backoff.
cp "$T/www/good3.zip" "$T/www/fw3.zip.new"
mv "$T/www/fw3.zip.new" "$T/www/fw3.zip"
"$AR" resume -S "$RST" fw3 | grep -q '^fw3: resumed$' || fail "resume"
fleet_wait 90 "fleet_count fw3 done = $((10 - NF))" ||
    fail "rollout did not resume"
fleet_count fw3 paused = False || fail "fw3: $(fleet_status fw3)"
fleet_count fw3 backoff = "$NF" || fail "fw3: $(fleet_status fw3)"
for d in $(fleet_devices); do
	n=$(grep -c ": $d: rule fw3: download" "$T/s.log")
	v=$(fleet_versions | sed -n "s/^$d //p")
	if printf '%s\n' "$FAILED" | grep -qx "$d"; then
		[ "$n" = 1 ] && [ "$v" != 3.0.0 ] ||
		    fail "$d (failed): $n Downloads, version $v"
	else
		[ "$n" = 1 ] && [ "$v" = 3.0.0 ] ||
		    fail "$d: $n Downloads, version $v"
	fi
done
fleet_max_in_flight fw3 >"$T/mif" || fail "cannot replay the rollout log"
read -r peak reported <"$T/mif"
[ "$peak" = 2 ] && [ "$reported" -le 2 ] ||
    fail "in flight: peak $peak, reported $reported (max 2)"

# 3. SIGHUP with a broken file: the error with its position, and the old
# rules stay in force.
n0=$(grep -c . "$T/s.log")
printf '  - name: broken\n    do: [reboot: maybe]\n' >>"$T/rules.yaml"
kill -HUP "$s_pid"
wait_for_log "$T/s.log" \
    "rules: $T/rules.yaml:[0-9]+:[0-9]+: expected true or false" 10 || fail "no file:line:col error"
wait_for_log "$T/s.log" 'invalid rules; keeping the 2 rules in force' 5 ||
    fail "old rules not kept"
# (acsd may notice the edit before the signal: then both reloads fail.)
sed "1,${n0}d" "$T/s.log" | grep -q 'rules loaded' &&
    fail "the broken file was loaded"
# A device whose ProvisioningCode is changed behind the rule's back gets
# it set again by the old rule (cpe-sim keeps what SPV wrote).
DEV=$(fleet_devices | head -1)
JID=$(job "$T/s/state/spool" add "$DEV" SetParameterValues \
    'param=Device.DeviceInfo.ProvisioningCode=manual=xsd:string') ||
    fail "queue SPV"
JID=$(printf '%s\n' "$JID" | tail -1 | cut -d' ' -f1)
[ -n "$JID" ] || fail "no job id"
fleet_wait 30 "grep -q ': $DEV: rule prov: set' \"\$T/s.log\" &&
    [ \$(grep -c ': $DEV: rule prov: set' \"\$T/s.log\") -ge 2 ] &&
    grep -q 'Device.DeviceInfo.ProvisioningCode: {v: fleet-a' \
    \"\$T/s/state/devices/$DEV.yaml\"" ||
    fail "the old prov rule did not converge $DEV again"
fleet_more_sessions 10 || fail "the fleet stopped informing"
grep -q 'Device.DeviceInfo.ProvisioningCode: {v: fleet-a' \
    "$T/s/state/devices/$DEV.yaml" || fail "$DEV: record not fleet-a"
job "$T/s/state/spool" list "$DEV" done |
    grep -q "^$JID SetParameterValues done" ||
    fail "$DEV: the manual SPV ($JID) did not run"
grep -A2 "n': Device.DeviceInfo.ProvisioningCode" \
    "$T/sim/${DEV##*-}/state.yaml" | grep -q 'v: fleet-a' ||
    fail "cpe-sim does not hold fleet-a"
fleet_stop
stop_daemon s
exit 0
