#!/usr/bin/env python3
"""crserver.py USER PASSWORD: a CPE's Connection Request listener for
acsd's tests.  It binds 127.0.0.1 port 0, prints "port N", requires
Digest (MD5, qop=auth) for GET and answers 200 to a correct one; it prints
"kicked PATH" for each accepted request and "refused PATH" otherwise.
"""
import hashlib
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

USER, PASSWORD = sys.argv[1], sys.argv[2]
REALM = "cpe"
NONCES = set()


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def challenge(self):
        n = os.urandom(8).hex()
        NONCES.add(n)
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Digest realm="%s", nonce="%s", '
                         'qop="auth", algorithm=MD5' % (REALM, n))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        h = self.headers.get("Authorization", "")
        if not h.startswith("Digest "):
            return self.challenge()
        f = dict(re.findall(r'(\w+)="?([^",]*)"?', h[7:]))
        ha1 = md5("%s:%s:%s" % (f.get("username"), REALM, PASSWORD))
        ha2 = md5("GET:%s" % f.get("uri"))
        want = md5("%s:%s:%s:%s:%s:%s" % (ha1, f.get("nonce"), f.get("nc"),
                                          f.get("cnonce"), f.get("qop"), ha2))
        if (f.get("username") != USER or f.get("nonce") not in NONCES or
                f.get("response") != want):
            print("refused", self.path, flush=True)
            return self.challenge()
        print("kicked", self.path, flush=True)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


s = HTTPServer(("127.0.0.1", 0), H)
print("port", s.server_address[1], flush=True)
s.serve_forever()
