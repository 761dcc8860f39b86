#!/bin/sh
# bench_rules.sh: "anthill-rules plan" of 50 rules over a stored fleet
# (default 100,000 devices in a GDBM store, RULES_BENCH_DEVICES to change,
# RULES_BENCH_KIND=yaml for the YAML store), side by side with a 1-rule
# baseline over the same store, so the cost of the rules shows apart from
# the cost of reading records.  Reports wall time, CPU time and peak RSS.
# A benchmark, not a test: it asserts nothing about speed.
set -u
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
N=${RULES_BENCH_DEVICES:-100000}
KIND=${RULES_BENCH_KIND:-gdbm}
AR=$top_builddir/rules/anthill-rules
GEN=$top_builddir/tests/bench/rules_genfleet
T=$(mktemp -d "${TMPDIR:-/tmp}/bench_rules.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

if [ "$KIND" = gdbm ]; then STORE=$T/fleet.gdbm; else STORE=$T/fleet; fi

# 50 rules: every operator, every action kind, 10 with rollout limits.
gen_rules() {
	echo "rules:"
	i=0
	while [ $i -lt 50 ]; do
		case $((i % 10)) in
		0) cond="{param: Device.DeviceInfo.SoftwareVersion, version: \"< 2.4.$i\"}"
		   act="download: {url: \"http://fw/\${ProductClass}/$i.img\"}" ;;
		1) cond="{id: ProductClass, glob: \"TG7*\"}"
		   act="set: {Device.ManagementServer.PeriodicInformInterval: $((3600 + i))}" ;;
		2) cond="{id: SerialNumber, regex: \"^CP[0-9]*$i\$\"}"
		   act="refresh: Device.DeviceInfo." ;;
		3) cond="{param: Device.ManagementServer.PeriodicInformInterval, number: \"< $((600 + i))\"}"
		   act="tag: slow-$i" ;;
		4) cond="{tag: lab}"
		   act="instances: {object: Device.Users.User., count: 2}" ;;
		5) cond="{event: 1 BOOT}"
		   act="schedule_inform: $i" ;;
		6) cond="{all: [{id: OUI, equals: 00255E}, {not: {tag: t$i}}]}"
		   act="set: {Device.X_TEST.Param0$((i % 10)): \"\${SerialNumber}-$i\"}" ;;
		7) cond="{any: [{param: Device.X_TEST.Param07, exists: true}, {param: Device.Nope, missing: true}]}"
		   act="upload: {url: \"http://up/\${DeviceID}.cfg\"}" ;;
		8) cond="{param: Device.DeviceInfo.HardwareVersion, not_equals: B}"
		   act="reboot: true" ;;
		9) cond="{param: Device.X_TEST.Param19, equals: \"value-1-19\"}"
		   act="factory_reset: true" ;;
		esac
		echo "  - name: r$i"
		echo "    when: $cond"
		echo "    do: [$act]"
		[ $((i % 5)) -eq 0 ] &&
		    echo "    rollout: {max_in_flight: 100, percent: 50}"
		i=$((i + 1))
	done
}
gen_rules >"$T/rules50.yaml"
printf 'rules:\n  - name: base\n    when: {param: Device.DeviceInfo.SoftwareVersion, version: "< 2.4.0"}\n    do: [reboot: true]\n' \
    >"$T/rules1.yaml"
"$AR" check "$T/rules50.yaml" >/dev/null || exit 1

measure() {	# label rules-file
	/usr/bin/time -f "%e %U %M" -o "$T/time" "$AR" plan -k "$KIND" \
	    --store "$STORE" "$2" >"$T/out" 2>"$T/err" || {
		cat "$T/err"; exit 1; }
	read -r wall user rss <"$T/time"
	rows=$(grep -c . "$T/out")
	printf '%-10s %6s %8s s %8s s %9s KB %9s rows\n' "$1" \
	    "$(grep -c '^  - name' "$2")" "$wall" "$user" "$rss" "$rows"
	eval "${1}_wall=$wall"
}

echo "== store: $N devices ($KIND)"
start=$(date +%s)
"$GEN" -k "$KIND" -n "$N" "$STORE" || exit 1
echo "generated in $(( $(date +%s) - start )) s, $(du -sh "$STORE" | cut -f1)"
printf '%-10s %6s %10s %10s %12s %14s\n' run rules wall cpu maxrss output
measure baseline "$T/rules1.yaml"
measure rules50 "$T/rules50.yaml"
awk -v b="$baseline_wall" -v r="$rules50_wall" -v n="$N" 'BEGIN {
	printf "ratio 50 rules / baseline: %.2f; %.1f us per device for 50 rules, %.1f us for the rules alone\n",
	    (b > 0 ? r / b : 0), r * 1e6 / n, (r - b) * 1e6 / n }'
