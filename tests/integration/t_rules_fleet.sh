#!/bin/sh
# acsd with rule files and a cpe-sim fleet (one process, two software
# versions): a declarative set converges on every device and stops; a
# firmware rule sends acsd's own signed image only to the devices below
# its version, never has more than max_in_flight devices between Download
# and TransferComplete (counted from acsd's rollout log lines, which are
# written under the rule's state lock, so their order is the order of the
# changes), and the upgraded devices report the new version and get no
# second Download.  t_rules_fleet_pause.sh covers images that do not boot.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
. "$top_srcdir/tests/data/rules/fleet_lib.sh"

fleet_acsd
fleet_image new.zip -v 2.0.0

# The firmware rule needs acsd's port: add it and reload with SIGHUP.
cat >>"$T/rules.yaml" <<EOF
  - name: fw
    when:
      - param: Device.DeviceInfo.SoftwareVersion
        version: "< 2.0.0"
    do:
      - download:
          url: $FILES/new.zip
          file_size: $(stat -c %s "$T/www/new.zip")
    rollout:
      max_in_flight: 2
      pause_failure_rate: 50%
      pause_min_samples: 2
EOF
kill -HUP "$s_pid"
wait_for_log "$T/s.log" 'rules: (SIGHUP|rule file changed): 2 rules loaded' \
    10 || fail "firmware rule not loaded"

fleet_start 10
# Every device converged on the declarative set; the old ones upgraded.
fleet_wait 90 "fleet_count prov done = 10 &&
    [ \$(fleet_versions | grep -c ' 1\\.0\\.0\$') = 0 ] &&
    fleet_count fw in_flight = 0" || fail "fleet did not converge"
OLD=$(sed -nE 's/^.*: rules: fw: ([^:]+): started.*$/\1/p' "$T/s.log" |
    sort -u)
NOLD=$(printf '%s\n' "$OLD" | grep -c .)
WANT=$(grep -lx 'model: bcm7255-stb' "$T"/sim/*/state.yaml | grep -c .)
[ "$WANT" -ge 3 ] || fail "only $WANT old devices in the fleet"
[ "$NOLD" = "$WANT" ] || fail "$NOLD devices started the firmware rule: $OLD"
fleet_count fw done = "$WANT" || fail "fw: $(fleet_status fw)"
fleet_count fw failed = 0 || fail "fw: $(fleet_status fw)"

# Only the devices that informed 1.0.0 got a Download, each exactly one,
# of acsd's own URL, fetched from acsd.
for d in $(fleet_devices); do
	first=$(fleet_first_version "$d")
	n=$(grep -c ": $d: rule fw: download" "$T/s.log")
	case $first in
	1.0.0) [ "$n" = 1 ] || fail "$d ($first): $n Downloads" ;;
	2.0.0) [ "$n" = 0 ] || fail "$d ($first): $n Downloads" ;;
	*) fail "$d: first version '$first'" ;;
	esac
	printf '%s\n' "$OLD" | grep -qx "$d" || [ "$first" = 2.0.0 ] ||
	    fail "$d: old but never started"
done
[ "$(grep -c ": rule fw: download .*URL=$FILES/new.zip " "$T/s.log")" = \
    "$WANT" ] || fail "Downloads not of acsd's own URL"
[ "$(grep -c ': TransferComplete rule-[0-9a-f]*: fault 0$' "$T/s.log")" -ge \
    "$WANT" ] || fail "fewer than $WANT TransferComplete 0"

# max_in_flight: replay the start/done/failed lines in order.
fleet_max_in_flight fw >"$T/mif" || fail "cannot replay the rollout log"
read -r peak reported <"$T/mif"
[ "$peak" -le 2 ] || fail "$peak devices in flight at once (max 2)"
[ "$reported" -le 2 ] || fail "acsd reported $reported in flight (max 2)"
[ "$peak" = 2 ] || fail "the rollout never used its 2 slots (peak $peak)"
grep -q 'rules: fw: .* held: max_in_flight' "$T/s.log" ||
    fail "no device was held by max_in_flight"

# The upgraded devices stay quiet: a few more informs, no new Download.
n0=$(grep -c ': rule fw: download' "$T/s.log")
fleet_more_sessions 20 || fail "the fleet stopped informing"
[ "$(grep -c ': rule fw: download' "$T/s.log")" = "$n0" ] ||
    fail "Downloads after the rollout finished"
[ "$(grep -c ': rule prov: set' "$T/s.log")" = 10 ] ||
    fail "prov: $(grep -c ': rule prov: set' "$T/s.log") sets for 10 devices"
fleet_stop
stop_daemon s
exit 0
