#!/bin/sh
# mdap against 20 simulated ants over unicast on 127.0.0.1: search finds
# all of them, exec reaches exactly the addressed ant, a multi-part reply
# is reassembled, a wrong password gives "invalid credentials".
. "$top_srcdir/tests/integration/lib.sh"
# Loaded machines and sanitizer builds answer slowly: retry every 2 s, 6 times.
printf 'retry: 2s\nretries: 6\n' >"$T/retry.yaml"
MDAP="$top_builddir/mdap/mdap"
start_daemon ants "$T/ants.log" timeout 60 \
    "$top_builddir/tests/mdap_antsim" -n 20 -P 80 -w s3cret
wait_for_log "$T/ants.log" 'on port [0-9]+' || fail "ants did not start"
port=$(log_value "$T/ants.log" '.*on port ([0-9]+).*')
M="$MDAP -f $T/retry.yaml -u 127.0.0.1:$port -t 600"
export MDAP_PASSWORD=s3cret

$M search >"$T/search" || fail "search failed"
grep -q '^20 ants found' "$T/search" || fail "not 20 ants: $(tail -1 "$T/search")"
grep -q '^0644T0007  CP0644T0007  00-14-7F-00-00-07' "$T/search" ||
    fail "search row for 0644T0007 wrong"
$M -j search >"$T/search.json" || fail "search --json failed"
python3 -c '
import json,sys
a=json.load(open(sys.argv[1]))
assert len(a)==20, len(a)
assert sorted(x["serial"] for x in a)[0]=="CP0644T0000"
' "$T/search.json" || fail "search json wrong"

# exec reaches exactly the addressed ant.
$M exec 0644T0005 'ip ipadd intf=LocalNetwork addr=10.0.0.55' ||
    fail "ipadd failed"
$M -j exec --all 'ip iplist' >"$T/iplist.json" || fail "iplist --all failed"
python3 -c '
import json,sys
a=json.load(open(sys.argv[1]))
assert len(a)==20, len(a)
hit=[x["ant_id"] for x in a if "10.0.0.55" in x["output"]]
assert hit==["0644T0005"], hit
# Multi-part: 2 addresses + 80 padding lines, about 3 KB, reassembled in order.
for x in a:
    lines=x["output"].splitlines()
    assert len(lines)==(83 if x["ant_id"]=="0644T0005" else 82), (x["ant_id"], len(lines))
    pads=[l for l in lines if l.startswith("loop")]
    assert pads==sorted(pads) and len(pads)==80
' "$T/iplist.json" || fail "exec did not reach exactly one ant, or reassembly wrong"

# --match selects by pattern.
$M -j exec --match '0644T001?' 'system config led=flash' >"$T/led.json" ||
    fail "match exec failed"
python3 -c '
import json,sys
a=json.load(open(sys.argv[1]))
assert [x["ant_id"] for x in a]==["0644T%04d"%i for i in range(10,20)], a
' "$T/led.json" || fail "--match selected the wrong ants"

# Wrong password: a clear error, exit 1, and the password never printed.
MDAP_PASSWORD=wrong $M exec 0644T0001 'ip iplist' >"$T/bad" 2>&1 &&
    fail "wrong password accepted"
grep -q 'invalid credentials (-1)' "$T/bad" || fail "no credentials error"
grep -q wrong "$T/bad" && fail "password echoed"

# Unknown command and unknown ant.
$M exec 0644T0001 'rm -rf /' >"$T/cmd" 2>&1 && fail "bad command accepted"
grep -q 'invalid command (-3)' "$T/cmd" || fail "no invalid command error"
$M -t 300 exec 0644XXXXX 'ip iplist' >"$T/none" 2>&1 && fail "ghost ant answered"
grep -q 'timeout' "$T/none" || fail "no timeout for a missing ant"

# Everyday rules: cli actions for the ants a rule matches, in order.
cat >"$T/everyday.yaml" <<'EOR'
rules:
  - name: blink-odd-tens
    when:
      param: Ant.ID
      glob: "0644T001?"
    do:
      - cli: ["system config led=flash", "ip ipadd intf=LocalNetwork addr=10.9.9.9"]
  - name: never
    when:
      id: SerialNumber
      equals: CP-none
    do:
      - cli: "ip ipdelete addr=192.168.1.254"
EOR
$M -j apply "$T/everyday.yaml" >"$T/apply.json" || fail "apply failed"
python3 -c '
import json,sys
a={x["ant_id"]: x for x in json.load(open(sys.argv[1]))}
assert len(a)==20, len(a)
for k,x in a.items():
    want = 2 if k.startswith("0644T001") else 0
    assert x["ok"] and x["commands"]==want, x
' "$T/apply.json" || fail "apply ran the wrong commands"
$M -j exec 0644T0012 'ip iplist' | grep -q 10.9.9.9 || fail "apply had no effect"
$M -j exec 0644T0002 'ip iplist' | grep -q 10.9.9.9 && fail "apply hit a non-matching ant"
printf 'rules:\n  - name: x\n    when: {param: Ant.ID, exists: true}\n    do:\n      - cli: {x: 1}\n' >"$T/bad-rules.yaml"
$M apply "$T/bad-rules.yaml" >"$T/badrules" 2>&1 && fail "a bad rule file was applied"
grep -q 'bad-rules.yaml:5:' "$T/badrules" || fail "no position for the rule error: $(cat "$T/badrules")"

# The same from a configuration file; one holding a password must be 0600.
printf 'unicast: "127.0.0.1:%s"\npassword: s3cret\nsearch_time: 600ms\n' \
    "$port" >"$T/mdap.yaml"
chmod 644 "$T/mdap.yaml"
env -u MDAP_PASSWORD "$MDAP" -f "$T/mdap.yaml" info 0644T0002 >"$T/perm" 2>&1 &&
    fail "a world-readable file with a password was accepted"
chmod 600 "$T/mdap.yaml"
env -u MDAP_PASSWORD "$MDAP" -f "$T/mdap.yaml" info 0644T0002 >"$T/info" ||
    fail "info with a config file failed: $(cat "$T/info")"
grep -q '^ANT-ID: 0644T0002' "$T/info" || fail "info output wrong"
printf 'unicast: "127.0.0.1:%s"\nbogus: 1\n' "$port" >"$T/bad.yaml"
"$MDAP" -f "$T/bad.yaml" search >"$T/badconf" 2>&1 && fail "unknown key accepted"
grep -q 'bad.yaml:2:1' "$T/badconf" || fail "no file:line:col error: $(cat "$T/badconf")"
exit 0
