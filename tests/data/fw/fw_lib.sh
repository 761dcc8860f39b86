# fw_lib.sh: helpers for the firmware integration tests (t_fw_*.sh),
# sourced after lib.sh and cpesim_lib.sh.  Images come from
# anthill-mkimage, the file server is httpd.py beside this file, the ACS
# is the scripted stand-in (cpesim_acs.py), and cpe-sim runs the BCM7255
# model.  One device per scenario; scenarios of one test share a run, each
# device with its own Download (command key = scenario name).
MKIMAGE=$top_builddir/cpe-sim/anthill-mkimage
FW_DATA=$top_srcdir/tests/data/fw
FW_MODEL=BCM7255
FW_REV=B0
FW_SCRIPT=$T/script.json
[ -x "$MKIMAGE" ] || fail "no $MKIMAGE"
mkdir -p "$T/www"
"$MKIMAGE" keygen -o "$T/lab" >/dev/null || fail "keygen"
"$MKIMAGE" keygen -o "$T/other" >/dev/null || fail "keygen other"
printf '{}' >"$FW_SCRIPT"

# fw_image NAME [anthill-mkimage build options]: $T/www/NAME
fw_image() {
	_n=$1
	shift
	"$MKIMAGE" build -k "$T/lab.key" -o "$T/www/$_n" -m "$FW_MODEL" \
	    -r "$FW_REV" "$@" || fail "mkimage $_n"
}

fw_size() {
	stat -c %s "$T/www/$1"
}

# start_files NAME [httpd.py options]: a file server on $T/www; sets
# FILES_PORT (and NAME_PORT).  Its request log is $T/NAME.log.
start_files() {
	_n=$1
	shift
	start_daemon "$_n" "$T/$_n.out" python3 "$FW_DATA/httpd.py" \
	    --dir "$T/www" --log "$T/$_n.log" "$@"
	wait_for_log "$T/$_n.out" 'listening on port [0-9]+' 20 ||
	    fail "file server $_n did not start"
	FILES_PORT=$(log_value "$T/$_n.out" 'listening on port ([0-9]+)')
	eval "${_n}_PORT=$FILES_PORT"
}

# fw_download KEY URL FILESIZE [USER PASSWORD]: the ACS script of the next
# run: one Download.
fw_download() {
	python3 - "$FW_SCRIPT" "$@" <<'PY'
import json, sys
path, key, url, size = sys.argv[1:5]
user, pw = (sys.argv[5:7] + ["", ""])[:2]
json.dump({"*": [{"rpc": "Download", "key": key,
    "file_type": "1 Firmware Upgrade Image", "url": url,
    "file_size": int(size), "username": user, "password": pw}]},
    open(path, "w"))
PY
}

# fw_run [cpe-sim options]: the ACS and one device ($FW_SERIAL) until it
# is idle.  The device keeps its state in $T/state/$FW_SERIAL across runs;
# the ACS log of the run is $T/acs.log.
FW_SERIAL=SIM000000
FW_STATE=$T/state/$FW_SERIAL/fw
fw_run() {
	# A fresh output file: the old one would race with start_acs.
	rm -f "$T/acs.log" "$T/acs.out"
	start_acs acs --script "$FW_SCRIPT"
	run_sim 40 -a "http://127.0.0.1:$ACS_PORT/acs" \
	    -m "$MODELS/bcm7255-stb.yaml" -n 1 -s 'SIM%06d' \
	    -S "$T/state" --until-idle --boot-time 100 --retry-scale 0.01 \
	    --fw-key "$T/lab.pub" "$@" >/dev/null
	_fw_rc=$?
	stop_daemon acs
	return $_fw_rc
}

# fw_tc KEY: "code|fault string" of the TransferComplete with that key.
fw_tc() {
	acs_query "$T/acs.log" "'\n'.join('%d|%s' % (r['fault'], \
r['fault_string']) for r in M('TransferComplete') if r['command_key'] == \
'$1')"
}

# fw_expect KEY CODE VERSION BANK [FAULT-STRING-PART]: the device
# sent exactly one TC for KEY with CODE, its last Inform carries VERSION,
# the TC events and "4 VALUE CHANGE" only when the version changed, and
# its state directory says BANK (0 = A) is active.
fw_expect() {
	_fk=$1 _fc=$2 _fv=$3 _fb=$4 _fp=${5:-}
	_ftc=$(fw_tc "$_fk")
	[ -n "$_ftc" ] || fail "$_fk: no TransferComplete"
	[ "$(printf '%s\n' "$_ftc" | wc -l)" -eq 1 ] ||
	    fail "$_fk: more than one TransferComplete: $_ftc"
	[ "${_ftc%%|*}" = "$_fc" ] || fail "$_fk: wanted $_fc, got $_ftc"
	case "${_ftc#*|}" in
	*"$_fp"*) ;;
	*) fail "$_fk: fault string '${_ftc#*|}' lacks '$_fp'" ;;
	esac
	check "$T/acs.log" "[i for i in I if \
'7 TRANSFER COMPLETE' in i['events'] and 'M Download|$_fk' in i['events']]" \
	    "$_fk: no Inform with 7 TRANSFER COMPLETE and M Download"
	check "$T/acs.log" "I[-1]['values']\
['Device.DeviceInfo.SoftwareVersion'] == '$_fv'" \
	    "$_fk: SoftwareVersion is not $_fv"
	check "$T/acs.log" "all(('4 VALUE CHANGE' in i['events']) == \
('$_fc' == '0') for i in I if 'M Download|$_fk' in i['events'])" \
	    "$_fk: 4 VALUE CHANGE wrong"
	check "$T/acs.log" "[r for r in M('TransferComplete') if \
r['command_key'] == '$_fk' and r['start'] <= r['complete'] and \
not r['start'].startswith('0001')]" "$_fk: StartTime/CompleteTime"
	grep -q '^status: Active$' "$FW_STATE/image$_fb.yaml" ||
	    fail "$_fk: bank $_fb is not active"
	[ ! -e "$FW_STATE/journal.yaml" ] ||
	    fail "$_fk: journal left after the TC was acknowledged"
}
