#!/bin/sh
# t_acsctl_queue.sh: acsctl queue, jobs, cancel and faults on a fixture
# store and a fresh spool: RPC arguments as acsd reads them, filters
# selecting several devices, kick requests, busy and missing jobs.
. "${top_srcdir}/tests/integration/lib.sh"
. "${top_srcdir}/tests/integration/acsctl_lib.sh"
make_store http://127.0.0.1:9/cr

expect 0 jobs
expect 0 queue -i "$DEV1" spv \
    InternetGatewayDevice.ManagementServer.PeriodicInformInterval:unsignedInt=60 \
    'InternetGatewayDevice.X.Text=a = b: c'
job1=$(awk '{ print $2 }' "$T/out")
expect 0 jobs -j
[ "$(json 'd[0]["args"]["ParameterList"][0]')" = \
    "{'Name': 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval', 'Value': '60', 'Type': 'xsd:unsignedInt'}" ] ||
    fail "spv args: $(cat "$T/out")"
[ "$(json 'd[0]["args"]["ParameterList"][1]["Value"]')" = 'a = b: c' ] ||
    fail "spv value"
[ "$(json 'd[0]["idempotent"], d[0]["state"], d[0]["job"]')" = \
    "(True, 'queued', '$job1')" ] || fail "job fields"

# One job per matching device; Reboot is not idempotent; -k asks acsd to
# send a Connection Request.
expect 0 --json queue -k -P 10 -s 7.4.1.7 reboot -a CommandKey=ck1
[ "$(json 'sorted(x["device"] for x in d)')" = "['$DEV1', '$DEV3']" ] ||
    fail "reboot fan-out"
[ -f "$T/state/kick/$DEV1" ] && [ -f "$T/state/kick/$DEV3" ] ||
    fail "no kick request files"
expect 0 jobs -j -i "$DEV1"
[ "$(json '[x["rpc"] for x in d]')" = "['Reboot', 'SetParameterValues']" ] ||
    fail "priority order: $(cat "$T/out")"
[ "$(json 'd[0]["args"]["CommandKey"], d[0]["idempotent"], d[0]["connection_request"]')" = \
    "('ck1', False, True)" ] || fail "reboot job"

expect 0 queue -t field gpn Device. -a NextLevel=true
expect 0 queue -t field gpv Device.DeviceInfo.SoftwareVersion Device.DeviceInfo.UpTime
expect 0 queue -t field spa Device.DeviceInfo.SoftwareVersion=2,Subscriber
expect 0 queue -t field add Device.Hosts.Host.
expect 0 queue -t field DeleteObject Device.Hosts.Host.3.
expect 0 queue -t field download http://files.example/fw.bin -a FileSize=1234
expect 0 queue -t field upload http://files.example/up/
expect 0 queue -t field ScheduleInform 30
expect 0 queue -t field factoryreset
expect 0 queue -t field refresh Device.WiFi.
expect 0 queue -t field GetParameterAttributes Device.DeviceInfo.
expect 0 jobs -j -t field
[ "$(json '[x["rpc"] for x in d]')" = \
    "['GetParameterNames', 'GetParameterValues', 'SetParameterAttributes', 'AddObject', 'DeleteObject', 'Download', 'Upload', 'ScheduleInform', 'FactoryReset', 'refresh', 'GetParameterAttributes']" ] ||
    fail "rpc list: $(cat "$T/out")"
[ "$(json 'd[0]["args"]')" = "{'ParameterPath': 'Device.', 'NextLevel': 'true'}" ] || fail "gpn"
[ "$(json 'd[1]["args"]["ParameterNames"]')" = \
    "['Device.DeviceInfo.SoftwareVersion', 'Device.DeviceInfo.UpTime']" ] || fail "gpv"
[ "$(json 'd[2]["args"]["ParameterList"][0]["AccessList"], d[2]["args"]["ParameterList"][0]["Notification"]')" = \
    "(['Subscriber'], '2')" ] || fail "spa"
[ "$(json 'd[5]["args"]["FileType"], d[5]["args"]["FileSize"], d[5]["args"]["URL"]')" = \
    "('1 Firmware Upgrade Image', '1234', 'http://files.example/fw.bin')" ] || fail "download"
[ "$(json 'd[7]["args"]["DelaySeconds"]')" = 30 ] || fail "schedule inform"

expect 2 queue spv A.B=1			# no filter
expect 2 queue -A NoSuchRpc
expect 2 queue -i "$DEV1" spv A.B		# no value
expect 2 queue -i "$DEV1" add Device.Hosts.Host	# not an object
expect 2 queue -i "$DEV1" ScheduleInform soon
expect 3 queue -i NOBODY-1 reboot

# Cancel: a queued job goes to failed/ as "cancelled"; a leased one is
# refused; a missing one is reported.
expect 0 cancel "$DEV1" "$job1"
expect 4 cancel "$DEV1" "$job1"
expect 4 cancel "$DEV1" ../../x
expect 0 jobs -j -i "$DEV3"
job3=$(json 'd[0]["job"]')
printf 'state: lease\nhost: elsewhere\npid: 1\nattempts: 1\nlease: 600\nexpires: %s\n' \
    $(( $(date +%s) + 600 )) >"$T/state/spool/$DEV3/active/$job3@1"
expect 5 cancel "$DEV3" "$job3"
expect 0 jobs -j -i "$DEV3"
[ "$(json 'd[0]["state"], d[0]["lease_host"]')" = "('active', 'elsewhere')" ] ||
    fail "lease not shown"

expect 0 faults -j -i "$DEV1"
[ "$(json 'sorted((x["source"], x["code"], x["rpc"]) for x in d)')" = \
    "[('history', '9005', 'GetParameterValues'), ('job', '-', 'SetParameterValues')]" ] ||
    fail "faults: $(cat "$T/out")"
expect 0 faults
grep -q "cancelled" "$T/out" || fail "faults text: $(cat "$T/out")"
expect 0 jobs -F -j
[ "$(json '[x["reason"] for x in d]')" = "['cancelled']" ] || fail "failed jobs"
expect 3 faults -t nosuchtag
echo "ok"
