# fleet_lib.sh: helpers for the rules tests with acsd and a cpe-sim fleet
# (t_rules_fleet*.sh), sourced after lib.sh and acsd_test.sh.  acsd serves
# firmware images from $T/www under $FILES and loads $T/rules.yaml, which
# starts with a declarative rule (prov); the fleet is one cpe-sim process
# of BCM7255 boxes, half at 1.0.0 and half at 2.0.0 (models mixed by
# weight), informing every second.  Discovery is off: the rules need only
# what the Informs carry, and a loaded CI machine is spared ~100 RPCs per
# device.
SIM=$top_builddir/cpe-sim/cpe-sim
MKIMAGE=$top_builddir/cpe-sim/anthill-mkimage
AR=$top_builddir/rules/anthill-rules
[ -x "$SIM" ] || skip "cpe-sim not built"
[ -x "$MKIMAGE" ] || skip "anthill-mkimage not built"
[ -x "$AR" ] || fail "anthill-rules not built"
FLEET_MODEL=$top_srcdir/cpe-sim/models/bcm7255-stb.yaml
RST=$T/s/state/rules

# fleet_acsd: keys, the declarative rule, acsd with a file server.
fleet_acsd() {
	mkdir -p "$T/www"
	"$MKIMAGE" keygen -o "$T/lab" >/dev/null || fail "keygen"
	cat >"$T/rules.yaml" <<'Y'
rules:
  - name: prov
    when:
      id: ProductClass
      equals: BCM7255
    do:
      - set: {Device.DeviceInfo.ProvisioningCode: "fleet-a"}
Y
	acsd_conf s <<Y
session:
  discover_on_bootstrap: false
  discover_on_first_contact: false
files:
  dir: $T/www
rules:
  files: [$T/rules.yaml]
Y
	acsd_start s
	FILES=http://127.0.0.1:$s_port/files
	grep -q 'rules: 1 rules from 1 files' "$T/s.log" ||
	    fail "rules not loaded: $(tail -5 "$T/s.log")"
}

# fleet_image NAME [anthill-mkimage build options]: a signed image.
fleet_image() {
	_n=$1
	shift
	"$MKIMAGE" build -k "$T/lab.key" -o "$T/www/$_n" -m BCM7255 -r B0 \
	    "$@" || fail "mkimage $_n"
}

# fleet_start COUNT [cpe-sim options]: the fleet, in the background.
fleet_start() {
	_c=$1
	shift
	sed -e 's/^model: bcm7255-stb$/model: bcm7255-stb-2/' \
	    -e 's/^software_version: 1\.0\.0$/software_version: 2.0.0/' \
	    -e 's/\(SoftwareVersion: {type: string, value: "\)1\.0\.0"/\12.0.0"/' \
	    "$FLEET_MODEL" >"$T/bcm7255-v2.yaml"
	grep -q '^software_version: 2.0.0$' "$T/bcm7255-v2.yaml" &&
	    grep -q 'SoftwareVersion: {type: string, value: "2.0.0"' \
	    "$T/bcm7255-v2.yaml" ||
	    fail "cannot derive the 2.0.0 model"
	start_daemon sim "$T/sim.log" "$SIM" -a "http://127.0.0.1:$s_port/" \
	    -m "$FLEET_MODEL=1" -m "$T/bcm7255-v2.yaml=1" -n "$_c" \
	    -s 'FLEET%03d' -S "$T/sim" --periodic 1 --jitter 0 --cr-port -1 \
	    --boot-time 500 --retry-scale 0.01 --fw-key "$T/lab.pub" \
	    --duration 110 "$@"
}

fleet_stop() {
	stop_daemon sim
}

# fleet_status RULE: the rule's progress as JSON.
fleet_status() {
	"$AR" status -j -S "$RST" "$1"
}

# fleet_count RULE FIELD OP VALUE: test(1) on a progress counter.
fleet_count() {
	_v=$(fleet_status "$1" 2>/dev/null | python3 -c "
import json, sys
d = json.load(sys.stdin)
d = d[0] if isinstance(d, list) else d
print(d.get(sys.argv[1], ''))" "$2" 2>/dev/null)
	[ -n "$_v" ] && [ "$_v" "$3" "$4" ]
}

# fleet_devices: the device keys acsd stored.
fleet_devices() {
	for _f in "$T"/s/state/devices/*.yaml; do
		[ -e "$_f" ] && basename "$_f" .yaml
	done
}

# fleet_versions: "key version" for every stored device.
fleet_versions() {
	for _d in $(fleet_devices); do
		printf '%s %s\n' "$_d" "$(sed -nE \
		    "s/^ *Device\.DeviceInfo\.SoftwareVersion: \{v: '?([^',}]*).*/\1/p" \
		    "$T/s/state/devices/$_d.yaml" | head -1)"
	done
}

# fleet_first_version KEY: the version the device was made with (the
# simulator's model of it).
fleet_first_version() {
	case $(sed -n 's/^model: //p' "$T/sim/${1##*-}/state.yaml") in
	bcm7255-stb) echo 1.0.0 ;;
	bcm7255-stb-2) echo 2.0.0 ;;
	esac
}

# fleet_wait SECONDS SHELL-CONDITION: polls the condition twice a second.
fleet_wait() {
	_i=0
	while [ $_i -lt $(($1 * 2)) ]; do
		eval "$2" && return 0
		is_child "$sim_pid" || { echo "cpe-sim exited:" >&2;
		    tail -20 "$T/sim.log" >&2; return 1; }
		sleep 0.5
		_i=$((_i + 1))
	done
	echo "timed out after $1 s waiting for: $2" >&2
	tail -20 "$T/s.log" >&2
	return 1
}

# fleet_more_sessions N: waits for N more finished sessions.
fleet_more_sessions() {
	_want=$(($(grep -c 'session .* ok$' "$T/s.log") + $1))
	fleet_wait 30 "[ \$(grep -c 'session .* ok\$' \"\$T/s.log\") -ge $_want ]"
}

# fleet_max_in_flight RULE: replays the rule's started/done/failed lines
# in log order; prints the peak of devices in flight and the highest
# count acsd reported.
fleet_max_in_flight() {
	_re="rules: $1: ([^:]+): (started|done|failed), in flight ([0-9]+)"
	sed -nE "s/^.*$_re.*\$/\1 \2 \3/p" \
	    "$T/s.log" | awk '
	$2 == "started" { if (!($1 in f)) { f[$1] = 1; n++ } }
	$2 != "started" { if ($1 in f) { delete f[$1]; n-- } }
	{ if (n > peak) peak = n; if ($3 > rep) rep = $3; lines++ }
	END { if (lines == 0) exit 1; print peak + 0, rep + 0 }'
}
