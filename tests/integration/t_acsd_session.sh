#!/bin/sh
# acsd CWMP sessions with the scripted CPE: discovery of a tree on
# 0 BOOTSTRAP (GPN walk, GPV batches, no *NumberOfEntries), a
# SetParameterValues round trip, a fault recorded with its code, CPE
# requests answered (unknown ones fault 8000), version negotiation, a
# session continued over new TCP connections with RFC 2109 cookies,
# missing and incrementing cwmp:IDs, HoldRequests, and protocol capture.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

acsd_conf s <<Y
session:
  gpv_batch: 4
capture:
  dir: $T/cap
  all: true
Y
acsd_start s
P=$s_port
SP=$T/s/state/spool
NTP=InternetGatewayDevice.Time.NTPServer1

# Discovery on first contact.
cpe --port "$P" --serial D1 --events "0 BOOTSTRAP,1 BOOT" >"$T/d1" ||
    fail "discovery session: $(cat "$T/d1")"
json_get "$T/d1" "d['requests'].count('GetParameterNames')" | grep -qx 9 ||
    fail "expected 9 GPNs: $(json_get "$T/d1" "d['requests']")"
# 10 leaves to fetch (12 minus 2 *NumberOfEntries; 3 Inform values known)
# in batches of 4: 2 GPVs.
json_get "$T/d1" "d['requests'].count('GetParameterValues')" | grep -qx 2 ||
    fail "expected 2 GPVs: $(json_get "$T/d1" "d['requests']")"
grep -l 'NumberOfEntries</string>' "$T"/cap/*D1/*/*.xml 2>/dev/null &&
    fail "GPV asked for a NumberOfEntries"
grep -q 'discovery done' "$T/s.log" || fail "no discovery line"
grep -Eq 'session 00D09E-Box-D1 from 127.0.0.1:[0-9]+: events \[0 BOOTSTRAP,1 BOOT\], 11 rpcs' \
    "$T/s.log" || fail "session line: $(grep session "$T/s.log")"

# SetParameterValues round trip, then a fault recorded.
job "$SP" add 00D09E-Box-D1 SetParameterValues "param=$NTP=ntp.example" \
    ParameterKey=k1 >/dev/null || fail "enqueue"
job "$SP" add 00D09E-Box-D1 GetParameterValues "ParameterNames[]=$NTP" \
    >/dev/null || fail "enqueue"
job "$SP" add 00D09E-Box-D1 SetParameterValues \
    "param=InternetGatewayDevice.DeviceInfo.UpTime=1=xsd:unsignedInt" \
    >/dev/null || fail "enqueue"
cpe --port "$P" --serial D1 --events "2 PERIODIC" >"$T/d2" ||
    fail "spv session: $(cat "$T/d2")"
[ "$(json_get "$T/d2" "d['tree']['$NTP']")" = ntp.example ] ||
    fail "SPV not applied"
[ "$(json_get "$T/d2" "d['requests']")" = \
    "['SetParameterValues', 'GetParameterValues', 'SetParameterValues']" ] ||
    fail "requests: $(json_get "$T/d2" "d['requests']")"
job "$SP" list 00D09E-Box-D1 done | grep -c . | grep -qx 2 || fail "done jobs"
job "$SP" list 00D09E-Box-D1 failed | grep -q 'SetParameterValues failed fault 9003 9003' ||
    fail "fault not recorded: $(job "$SP" list 00D09E-Box-D1 failed)"
[ -z "$(job "$SP" list 00D09E-Box-D1 queue)" ] || fail "queue not empty"

# CPE requests, and version negotiation.
D=$ACS_DATA
cpe --port "$P" --serial D2 --supported "1.0,1.2,1.4,2.0" \
    --send "$D/TransferComplete.xml" --send "$D/GetRPCMethods.xml" \
    --send "$D/Unknown.xml" --send "$D/Kicked.xml" \
    --send "$D/RequestDownload.xml" \
    --send "$D/AutonomousTransferComplete.xml" >"$T/d3" ||
    fail "CPE requests session"
json_get "$T/d3" "d['inform_response']" | grep -q 'UseCWMPVersion[^>]*>1.4<' ||
    fail "no UseCWMPVersion 1.4"
json_get "$T/d3" "d['inform_response']" | grep -q '<MaxEnvelopes>1<' ||
    fail "MaxEnvelopes"
for want in TransferCompleteResponse 'string>TransferComplete</string' \
    '<FaultCode>8000<' 'NextURL>http://portal/next<' \
    RequestDownloadResponse AutonomousTransferCompleteResponse; do
	json_get "$T/d3" "'\n'.join(d['cpe_requests'])" | grep -q "$want" ||
	    fail "no $want"
done
cpe --port "$P" --serial D3 --supported "2.0" >"$T/d4" && fail "8006 expected"
cpe --port "$P" --serial D4 --ns 1-2 >"$T/d5" || fail "1-2 session"
json_get "$T/d5" "d['inform_response']" | grep -q 'urn:dslforum-org:cwmp-1-2' ||
    fail "answer not in cwmp-1-2"

# A session over a new TCP connection per message, RFC 2109 cookies,
# missing and incrementing IDs.
for flags in "--reconnect-each --rfc2109" --no-id --incrementing-id \
    "--reconnect-each --chunked --gzip"; do
	ser=R$(echo "$flags" | tr -dc a-z)
	job "$SP" add "00D09E-Box-$ser" GetParameterValues \
	    "ParameterNames[]=$NTP" >/dev/null
	# shellcheck disable=SC2086
	cpe --port "$P" --serial "$ser" --events "0 BOOTSTRAP" $flags \
	    >"$T/r" || fail "$flags: $(cat "$T/r")"
	json_get "$T/r" "len(d['requests'])" | grep -qx 12 ||
	    fail "$flags: $(json_get "$T/r" "d['requests']")"
	job "$SP" list "00D09E-Box-$ser" done | grep -q GetParameterValues ||
	    fail "$flags: job not done"
done

# HoldRequests from a job argument.
job "$SP" add 00D09E-Box-D2 Reboot CommandKey=rb1 HoldRequests=1 >/dev/null
cpe --port "$P" --serial D2 >"$T/h" || fail "hold session"
grep -l 'HoldRequests[^>]*>1<' "$T"/cap/*D2/*/*.xml >/dev/null ||
    fail "HoldRequests not sent"

# Capture: numbered request/response files of each session.
ls "$T"/cap/00D09E-Box-D1/*/001-request.xml >/dev/null 2>&1 ||
    fail "no capture"
grep -l 'InformResponse' "$T"/cap/00D09E-Box-D1/*/002-response.xml \
    >/dev/null || fail "capture order"
stop_daemon s

# Replay: the discovery session's captured requests, sent in order to a
# fresh acsd, get the captured responses back byte for byte.
first=$(grep -l '0 BOOTSTRAP' "$T"/cap/00D09E-Box-D1/*/001-request.xml |
    head -1)
acsd_conf rp <<Y
session:
  gpv_batch: 4
Y
acsd_start rp
python3 - "$rp_port" "$(dirname "$first")" <<'PY' || fail "replay differs"
import glob, os, socket, sys
port, d = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port), timeout=10)
buf, cookie = b"", ""
def exchange(body):
    global buf, cookie
    h = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n" % len(body)
    if cookie:
        h += "Cookie: %s\r\n" % cookie
    s.sendall(h.encode() + b"\r\n" + body)
    while b"\r\n\r\n" not in buf:
        buf += s.recv(65536)
    head, buf = buf.split(b"\r\n\r\n", 1)
    n = 0
    for l in head.decode().split("\r\n")[1:]:
        k, v = l.split(":", 1)
        if k.lower() == "content-length":
            n = int(v)
        if k.lower() == "set-cookie":
            cookie = v.strip().split(";")[0]
    while len(buf) < n:
        buf += s.recv(65536)
    r, buf = buf[:n], buf[n:]
    return r
for req in sorted(glob.glob(os.path.join(d, "*-request.xml"))):
    seq = int(os.path.basename(req)[:3])
    want = glob.glob(os.path.join(d, "%03d-response*.xml" % (seq + 1)))[0]
    got = exchange(open(req, "rb").read())
    if got != open(want, "rb").read():
        print("differs at", os.path.basename(want))
        sys.exit(1)
print("replayed", d)
PY
stop_daemon rp
exit 0
