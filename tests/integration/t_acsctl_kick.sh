#!/bin/sh
# t_acsctl_kick.sh: acsctl kick sends a Connection Request with Digest
# authentication to a small local HTTP server (python3) that checks the
# RFC 2617 response; wrong credentials, no URL and a closed port give
# exit status 6.  The password never appears in the output.
. "${top_srcdir}/tests/integration/lib.sh"
. "${top_srcdir}/tests/integration/acsctl_lib.sh"

cat >"$T/cr.py" <<'EOP'
import hashlib, http.server, re, sys, time
user, password, portfile, log = sys.argv[1:5]
realm, nonce = "cpe", "%x" % int(time.time() * 1000)
md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def deny(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Digest realm="%s", '
            'nonce="%s", qop="auth", algorithm=MD5' % (realm, nonce))
        self.send_header("Content-Length", "0")
        self.end_headers()
    def do_GET(self):
        a = self.headers.get("Authorization", "")
        if not a.startswith("Digest "):
            return self.deny()
        p = dict(re.findall(r'(\w+)="?([^",]*)"?', a[7:]))
        ha1 = md5("%s:%s:%s" % (user, realm, password))
        ha2 = md5("GET:%s" % p.get("uri", ""))
        want = md5(":".join([ha1, nonce, p.get("nc", ""),
            p.get("cnonce", ""), p.get("qop", ""), ha2]))
        if p.get("username") != user or p.get("response") != want:
            with open(log, "a") as f:
                f.write("denied %s\n" % p.get("username"))
            return self.deny()
        with open(log, "a") as f:
            f.write("kicked %s %s\n" % (p.get("username"), self.path))
        self.send_response(204)
        self.end_headers()
s = http.server.HTTPServer(("127.0.0.1", 0), H)
s.timeout = 30
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % s.server_address[1])
import os
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
EOP
start_daemon cr "$T/cr.out" python3 "$T/cr.py" cpe s3cret "$T/port" "$T/cr.log"
port=$(wait_port "$T/port") || exit 1
make_store "http://127.0.0.1:$port/cr/$DEV1"

expect 0 kick -i "$DEV1"
grep -q "^$DEV1: kicked (HTTP 204) in [0-9]* ms\$" "$T/out" ||
    fail "kick output: $(cat "$T/out")"
grep -q "^kicked cpe /cr/$DEV1\$" "$T/cr.log" || fail "server: $(cat "$T/cr.log")"
expect 0 kick --json -t lab
[ "$(json '[(x["device"], x["kicked"], x["http_status"]) for x in d]')" = \
    "[('$DEV1', True, 204)]" ] || fail "kick json: $(cat "$T/out")"
grep -q s3cret "$T/out" "$T/err" && fail "password printed"

# No ConnectionRequestURL, several devices: exit 6, each one reported.
expect 6 kick -s 7.4.1.7
grep -q "^$DEV3: not kicked: no ConnectionRequestURL" "$T/out" ||
    fail "no url: $(cat "$T/out")"
grep -q "^$DEV1: kicked" "$T/out" || fail "dev1 in batch"

# Wrong credentials: the server keeps answering 401.
stop_daemon cr
forget "$cr_pid"
rm -f "$T/port"
start_daemon cr2 "$T/cr2.out" python3 "$T/cr.py" cpe other "$T/port" "$T/cr.log"
port2=$(wait_port "$T/port") || exit 1
rm -rf "$T/state/devices"
make_store "http://127.0.0.1:$port2/cr"
expect 6 kick -i "$DEV1"
grep -q "not kicked: HTTP 401" "$T/out" || fail "401: $(cat "$T/out")"
grep -q "^denied cpe\$" "$T/cr.log" || fail "server did not deny"
stop_daemon cr2
forget "$cr2_pid"

# Nobody listening.
rm -rf "$T/state/devices"
make_store "http://127.0.0.1:$port2/cr"
expect 6 kick -i "$DEV1"
expect 3 kick -i NOBODY-1
expect 2 kick
echo "ok"
