#!/bin/sh
# mdap flash end to end on 127.0.0.1 (unicast MDAP, BOOTP unicast to
# 127.0.2.x, TFTP): 20 simulated ants sharing one socket are upgraded at
# most 4 at a time by the built-in BOOTP/TFTP servers, come back with the
# image's version and factory settings, and the post-flash rules give each
# its own address and the ACS URL.  Then a campaign where some ants fail
# (a bad image for one board, one ant unplugged mid-transfer) reports
# exactly those.
. "$top_srcdir/tests/integration/lib.sh"
# Loaded machines and sanitizer builds answer slowly: retry every 2 s, 6 times.
printf 'retry: 2s\nretries: 6\n' >"$T/retry.yaml"
MDAP=$top_builddir/mdap/mdap
ANTSIM=$top_builddir/tests/mdap_antsim
MKIMAGE=$top_builddir/cpe-sim/anthill-mkimage
base=$((20000 + ($$ % 4000) * 10))
BPORT=$base CPORT=$((base + 1)) TPORT=$((base + 2))
mkdir -p "$T/root" "$T/dl" "$T/dl2"
"$MKIMAGE" keygen -o "$T/key" >/dev/null || fail "keygen"
"$MKIMAGE" keygen -o "$T/other" >/dev/null || fail "keygen"
"$MKIMAGE" build -k "$T/key.key" -o "$T/root/ZZQ2AA7.417.bli" -m BANT-R \
    -v 7.4.1.7 >/dev/null || fail "image"
# Signed by a key the ants do not trust.
"$MKIMAGE" build -k "$T/other.key" -o "$T/root/ZZS.bad.bli" -m BANT-S \
    -v 5.4.0.99 >/dev/null || fail "bad image"
cat >"$T/post.yaml" <<'EOR'
rules:
  - name: renumber
    when:
      param: Ant.Board
      equals: BANT-R
    do:
      - cli:
          - "ip ipadd intf=LocalNetwork addr=${Ant.Address}"
          - "ip ipdelete addr=192.168.1.254"
          - "ip ipdelete addr=10.0.0.138"
          - "cwmp server config url=${ACS.URL}"
          - "cwmp config state=enabled mode=full periodicInform=enabled periodicInfInt=15"
EOR
campaign() {
	cat <<EOC
max_in_flight: 4
images:
  - board: BANT-R
    file: ZZQ2AA7.417.bli
    version: 7.4.1.7
  - board: BANT-S
    file: ZZS.bad.bli
    version: 5.4.0.99
boards:
  - name: SpeedTouch 780
    board: BANT-R
  - name: SpeedTouch 706
    board: BANT-S
addresses: { start: 10.0.0.11, end: 10.0.0.60 }
acs_url: http://127.0.0.1:7547/
rules: [ "$T/post.yaml" ]
bootp_timeout: 15s
transfer_timeout: 10s
return_timeout: 15s
tftp_retries: 0
servers:
  interface: lo
  listen: 127.0.0.1
  bootp_port: $BPORT
  client_port: $CPORT
  server_ip: 127.0.0.1
  netmask: 255.0.0.0
  pool: { start: 127.0.2.1, end: 127.0.2.60 }
  tftp_root: $T/root
  tftp_port: $TPORT
EOC
}
campaign >"$T/campaign.yaml"

start_daemon ants "$T/ants.log" timeout 120 "$ANTSIM" -n 20 \
    -s 127.0.0.1:$BPORT -c $CPORT -t $TPORT -k "$T/key.pub" -d "$T/dl"
wait_for_log "$T/ants.log" 'on port [0-9]+' || fail "ants did not start"
aport=$(log_value "$T/ants.log" '.*on port ([0-9]+).*')
timeout 100 "$MDAP" -f "$T/retry.yaml" -u 127.0.0.1:$aport -t 500 -j flash "$T/campaign.yaml" \
    >"$T/flash.json" 2>"$T/flash.err" || {
	cat "$T/flash.err" "$T/flash.json"; fail "flash failed"; }
python3 - "$T/flash.json" <<'EOP' || fail "flash report wrong"
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 20, len(a)
for x in a:
    assert x["ok"], x
    assert x["old_version"] == "6.2.15.5" and x["new_version"] == "7.4.1.7", x
    assert x["commands"] == 5, x
    assert x["bytes"] > 0, x
addrs = sorted(x["address"] for x in a)
assert addrs == sorted("10.0.0.%d" % i for i in range(11, 31)), addrs
assert len(set(x["bootp_address"] for x in a)) == 20
EOP
# At most 4 ants were between upgrade and return at any time.
python3 - "$T/flash.err" <<'EOP' || fail "max_in_flight exceeded"
import re, sys
busy, peak = set(), 0
for line in open(sys.argv[1]):
    m = re.search(r"mdap: (\w+): (upgrading|configuring|failed)", line)
    if not m:
        continue
    if m.group(2) == "upgrading":
        busy.add(m.group(1))
    else:
        busy.discard(m.group(1))
    peak = max(peak, len(busy))
assert 1 <= peak <= 4, peak
EOP
# Every ant now answers with the factory password, its new address and
# none of the factory ones.
"$MDAP" -f "$T/retry.yaml" -u 127.0.0.1:$aport -t 500 -j exec --all 'ip iplist' \
    >"$T/iplist.json" || fail "iplist after flash"
python3 - "$T/iplist.json" "$T/flash.json" <<'EOP' || fail "renumbering wrong"
import json, sys
out = {x["ant_id"]: x["output"] for x in json.load(open(sys.argv[1]))}
for x in json.load(open(sys.argv[2])):
    o = out[x["ant_id"]]
    assert x["address"] in o and "192.168.1.254" not in o, (x, o)
EOP
stop_daemon ants

# Failures: ant 3 is an ST706 whose image is signed by an unknown key, ant
# 5 is unplugged during its transfer.  Exactly those two fail.
start_daemon ants2 "$T/ants2.log" timeout 120 "$ANTSIM" -n 8 -S 3 -U 5 \
    -s 127.0.0.1:$BPORT -c $CPORT -t $TPORT -k "$T/key.pub" -d "$T/dl2"
wait_for_log "$T/ants2.log" 'on port [0-9]+' || fail "ants did not start"
aport=$(log_value "$T/ants2.log" '.*on port ([0-9]+).*')
timeout 100 "$MDAP" -f "$T/retry.yaml" -u 127.0.0.1:$aport -t 500 -j flash "$T/campaign.yaml" \
    >"$T/flash2.json" 2>"$T/flash2.err" &&
    fail "a campaign with failures exited 0"
python3 - "$T/flash2.json" <<'EOP' || { cat "$T/flash2.err"; fail "failures misreported"; }
import json, sys
a = {x["ant_id"]: x for x in json.load(open(sys.argv[1]))}
assert len(a) == 8, len(a)
bad = sorted(k for k, x in a.items() if not x["ok"])
assert bad == ["0644T0003", "0644T0005"], bad
assert "expected 5.4.0.99" in a["0644T0003"]["error"], a["0644T0003"]
assert a["0644T0005"]["state"] == "failed"
assert ("lost" in a["0644T0005"]["error"] or
        "transfer" in a["0644T0005"]["error"]), a["0644T0005"]
EOP
exit 0
