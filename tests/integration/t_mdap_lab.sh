#!/bin/sh
# The lab flow of issue 7 end to end, on 127.0.0.1 only: 20 factory-fresh
# SpeedTouch 780s simulated by cpe-sim, CWMP off, all answering MDAP on
# one socket; `mdap flash` upgrades them through its built-in BOOTP/TFTP
# servers (the real bootloader path into cpe-sim's simulated flash), gives
# each its address from the rule file and points it at a running acsd;
# every one then informs acsd with the new SoftwareVersion.
. "$top_srcdir/tests/integration/lib.sh"
# Loaded machines and sanitizer builds answer slowly: retry every 2 s, 6 times.
printf 'retry: 2s\nretries: 6\n' >"$T/retry.yaml"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
SIM=$top_builddir/cpe-sim/cpe-sim
MDAP=$top_builddir/mdap/mdap
MKIMAGE=$top_builddir/cpe-sim/anthill-mkimage
[ -x "$SIM" ] || fail "cpe-sim not built"
base=$((24000 + ($$ % 4000) * 10))
BPORT=$base CPORT=$((base + 1)) TPORT=$((base + 2))
mkdir -p "$T/root"
"$MKIMAGE" keygen -o "$T/key" >/dev/null || fail "keygen"
"$MKIMAGE" build -k "$T/key.key" -o "$T/root/ZZQ2AA7.417.bli" -m BANT-R \
    -v 7.4.1.7 >/dev/null || fail "image"

acsd_conf s </dev/null
acsd_start s

start_daemon sim "$T/sim.log" timeout 120 "$SIM" \
    -a http://127.0.0.1:9/ -m "$top_srcdir/cpe-sim/models/thomson-st780.yaml" \
    -n 20 -s 'CP06440%04d' -S "$T/sim" --cr-port -1 --cwmp-off \
    --mdap 127.0.0.1:0 --bootp-server 127.0.0.1:$BPORT \
    --bootp-client-port $CPORT --tftp-port $TPORT --fw-key "$T/key.pub" \
    --boot-time 200 --periodic 3600
wait_for_log "$T/sim.log" 'mdap: ants on 127.0.0.1:[0-9]+' 10 ||
    fail "cpe-sim ants did not start"
aport=$(log_value "$T/sim.log" '.*mdap: ants on 127.0.0.1:([0-9]+).*')

cat >"$T/post.yaml" <<'EOR'
rules:
  - name: lab-handover
    when:
      - id: SerialNumber
        glob: "CP0644*"
      - param: Ant.Board
        equals: BANT-R
    do:
      - cli:
          - "ip ipadd intf=LocalNetwork addr=${Ant.Address}"
          - "ip ipdelete addr=192.168.1.254"
          - "ip ipdelete addr=10.0.0.138"
          - "cwmp server config url=${ACS.URL}"
          - "cwmp config state=enabled mode=full periodicInform=enabled periodicInfInt=3600"
EOR
cat >"$T/campaign.yaml" <<EOC
max_in_flight: 5
images:
  - { board: BANT-R, file: ZZQ2AA7.417.bli, version: 7.4.1.7 }
boards:
  - { name: SpeedTouch 780, board: BANT-R }
addresses: { start: 10.0.0.11, end: 10.0.0.60 }
acs_url: http://127.0.0.1:$s_port/
rules: [ "$T/post.yaml" ]
bootp_timeout: 10s
transfer_timeout: 20s
return_timeout: 30s
servers:
  interface: lo
  listen: 127.0.0.1
  bootp_port: $BPORT
  client_port: $CPORT
  server_ip: 127.0.0.1
  netmask: 255.0.0.0
  pool: { start: 127.0.3.1, end: 127.0.3.60 }
  tftp_root: $T/root
  tftp_port: $TPORT
EOC
# Before: 20 ants with the old firmware (they boot one after another).
i=0
while :; do
	"$MDAP" -f "$T/retry.yaml" -u 127.0.0.1:$aport -t 300 -j search >"$T/before.json" 2>&1
	grep -o ant_id "$T/before.json" | wc -l | grep -qx 20 && break
	i=$((i + 1))
	[ $i -lt 40 ] || fail "20 ants did not appear"
done
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 20 and all(x["tp_version"] == "6.2.15.5" for x in a), a
' "$T/before.json" || fail "not 20 ants at 6.2.15.5"

timeout 100 "$MDAP" -f "$T/retry.yaml" -u 127.0.0.1:$aport -t 500 -j flash "$T/campaign.yaml" \
    >"$T/flash.json" 2>"$T/flash.err" || {
	tail -20 "$T/flash.err"; tail -20 "$T/sim.log"; fail "flash failed"; }
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 20, len(a)
assert all(x["ok"] and x["new_version"] == "7.4.1.7" for x in a), a
assert sorted(x["address"] for x in a) == sorted("10.0.0.%d" % i for i in range(11, 31))
' "$T/flash.json" || fail "flash report wrong"

# Every device informs acsd with the new version under serial CP+ANT-ID.
i=0
while :; do
	n=$(grep -l '7\.4\.1\.7' "$T"/s/state/devices/*CP06440* 2>/dev/null |
	    wc -l)
	[ "$n" -ge 20 ] && break
	i=$((i + 1))
	[ $i -lt 300 ] || fail "only $n of 20 devices informed with 7.4.1.7"
	sleep 0.1
done
for x in $(python3 -c '
import json, sys
print(" ".join(x["serial"] for x in json.load(open(sys.argv[1]))))' "$T/flash.json"); do
	ls "$T"/s/state/devices/ | grep -q "$x" || fail "no record for $x"
done
grep -q '0 BOOTSTRAP' "$T/s.log" || fail "acsd saw no bootstrap"
exit 0
