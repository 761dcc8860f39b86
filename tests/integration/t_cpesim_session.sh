#!/bin/sh
# t_cpesim_session.sh: one simulated BCM7255 against the scripted ACS:
# bootstrap Inform, every ACS request answered on the tree with the right
# faults (atomic SPV with per-parameter faults, 9005), ParameterKey,
# AddObject/DeleteObject, attributes, ScheduleInform, Reboot with M Reboot,
# and the state kept across a restart of the simulator.
# Test directories live in the build tree, away from /tmp cleaners.
TMPDIR=${top_builddir:-.}/tests/tmp
mkdir -p "$TMPDIR" && export TMPDIR
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/cpesim_lib.sh"

cat >"$T/script.json" <<'JSON'
{"*": [
 {"rpc": "GetRPCMethods"},
 {"rpc": "GetParameterNames", "path": "Device.DeviceInfo.", "next_level": true},
 {"rpc": "GetParameterNames", "path": "Device.DeviceInfo.SoftwareVersion", "next_level": true},
 {"rpc": "GetParameterValues", "names": ["Device.DeviceInfo.SoftwareVersion", "Device.ManagementServer."]},
 {"rpc": "SetParameterValues", "params": [["Device.ManagementServer.PeriodicInformInterval", "600", "xsd:unsignedInt"], ["Device.DeviceInfo.ProvisioningCode", "lab-1", "xsd:string"]], "key": "key-1"},
 {"rpc": "SetParameterValues", "params": [["Device.ManagementServer.PeriodicInformInterval", "abc", "xsd:unsignedInt"], ["Device.DeviceInfo.Manufacturer", "x", "xsd:string"], ["Device.Nope", "1", "xsd:string"], ["Device.DeviceInfo.ProvisioningCode", "1", "xsd:int"]], "key": "key-2"},
 {"rpc": "GetParameterValues", "names": ["Device.Nope."]},
 {"rpc": "AddObject", "name": "Device.DNS.Client.Server.", "key": "key-3"},
 {"rpc": "AddObject", "name": "Device.DeviceInfo.", "key": "key-x"},
 {"rpc": "GetParameterValues", "names": ["Device.DNS.Client.Server.3.", "Device.DNS.Client.ServerNumberOfEntries"]},
 {"rpc": "DeleteObject", "name": "Device.DNS.Client.Server.1.", "key": "key-4"},
 {"rpc": "SetParameterAttributes", "params": [["Device.DeviceInfo.ProvisioningCode", 2]]},
 {"rpc": "SetParameterAttributes", "params": [["Device.DeviceInfo.SoftwareVersion", 0]]},
 {"rpc": "GetParameterAttributes", "names": ["Device.DeviceInfo.ProvisioningCode"]},
 {"rpc": "ScheduleDownload"},
 {"rpc": "ScheduleInform", "delay": 1, "key": "sched-1"},
 {"rpc": "Reboot", "key": "rb-1"}
]}
JSON
start_acs acs --script "$T/script.json"
run_sim 30 -a "http://127.0.0.1:$ACS_PORT/acs" -m "$MODELS/bcm7255-stb.yaml" \
    -S "$T/state" --until-idle --boot-time 100 ||
    fail "cpe-sim exited non-zero"
L=$T/acs.log
check "$L" "I[0]['events'] == ['0 BOOTSTRAP', '1 BOOT']" "bootstrap events"
check "$L" "I[0]['values']['Device.ManagementServer.ConnectionRequestURL'].startswith('http://127.0.0.1:')" \
    "connection request URL in the Inform"
check "$L" "'Device.DeviceInfo.FirmwareImage.' in M('GetParameterNamesResponse')[0]['names']" \
    "GPN NextLevel lists objects"
check "$L" "M('Fault')[0]['fault'] == 9003" "GPN NextLevel on a leaf is 9003"
check "$L" "len(M('GetParameterValuesResponse')[0]['values']) > 20" "GPV partial path"
check "$L" "M('SetParameterValuesResponse')[0]['status'] == '0'" "SPV applied"
check "$L" "M('Fault')[1]['fault'] == 9003 and M('Fault')[1]['spv_faults'] == [9007, 9008, 9005, 9006]" \
    "atomic SPV fault with per-parameter codes"
check "$L" "M('Fault')[2]['fault'] == 9005" "GPV on an unknown path is 9005"
check "$L" "M('AddObjectResponse')[0]['instancenumber'] == '3'" "AddObject instance"
check "$L" "M('Fault')[3]['fault'] == 9005" "AddObject on a single object is 9005"
check "$L" "M('GetParameterValuesResponse')[1]['values']['Device.DNS.Client.ServerNumberOfEntries'] == '3'" \
    "NumberOfEntries follows AddObject"
check "$L" "M('Fault')[4]['fault'] == 9009" "forced notification cannot be turned off"
check "$L" "M('GetParameterAttributesResponse')[0]['notifications'] == {'Device.DeviceInfo.ProvisioningCode': '2'}" \
    "SPA/GPA round trip"
check "$L" "M('Fault')[5]['fault'] == 9000" "unsupported method is 9000"
check "$L" "'M Reboot|rb-1' in I[1]['events'] and '1 BOOT' in I[1]['events'] and '0 BOOTSTRAP' not in I[1]['events']" \
    "reboot Inform"
check "$L" "I[1]['values']['Device.ManagementServer.ParameterKey'] == 'key-4'" \
    "ParameterKey of the last successful change"
check "$L" "I[1]['values']['Device.DeviceInfo.ProvisioningCode'] == 'lab-1'" \
    "SPV value survives the reboot"
check "$L" "any('3 SCHEDULED' in i['events'] and 'M ScheduleInform|sched-1' in i['events'] for i in I)" \
    "ScheduleInform"

# A restarted simulator continues where the device was.
cat >"$T/script2.json" <<'JSON'
{"*": [{"rpc": "GetParameterValues", "names": ["Device.ManagementServer.PeriodicInformInterval", "Device.DNS.Client.ServerNumberOfEntries"]}]}
JSON
stop_daemon acs
start_acs acs2 --script "$T/script2.json" --port "$ACS_PORT"
run_sim 30 -a "http://127.0.0.1:$ACS_PORT/acs" -m "$MODELS/bcm7255-stb.yaml" \
    -S "$T/state" --until-idle --boot-time 100 ||
    fail "second run exited non-zero"
L=$T/acs2.log
check "$L" "'1 BOOT' in I[0]['events'] and '0 BOOTSTRAP' not in I[0]['events']" \
    "no BOOTSTRAP after a restart"
# The connection request port changed: a forced active notification.
check "$L" "'4 VALUE CHANGE' in I[0]['events']" "new connection request URL notified"
check "$L" "I[0]['values']['Device.ManagementServer.ParameterKey'] == 'key-4'" "ParameterKey persisted"
check "$L" "M('GetParameterValuesResponse')[0]['values'] == {'Device.ManagementServer.PeriodicInformInterval': '600', 'Device.DNS.Client.ServerNumberOfEntries': '2'}" \
    "tree persisted"
grep -q 'unexpected: 0 devices' "$T/sim.out" || fail "summary"
exit 0
