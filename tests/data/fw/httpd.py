#!/usr/bin/env python3
"""httpd.py: the file server of the firmware integration tests.

Serves the files of one directory on 127.0.0.1 (GET and HEAD), optionally
behind HTTP Basic or Digest (RFC 7616, MD5, qop=auth) authentication, and
writes one JSON line per request (path, status, whether credentials came)
to a log.  Credentials are never logged.  Not a general web server: no
directory listings, no paths outside the directory.
"""
import argparse
import base64
import hashlib
import http.server
import json
import os
import re
import socketserver
import threading
import time

LOCK = threading.Lock()


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def record(self, status, auth):
        st = self.server.state
        with LOCK:
            st["log"].write(json.dumps({"path": self.path, "status": status,
                                        "auth": auth}) + "\n")

    def send(self, code, body=b"", extra=None, head=False):
        self.send_response(code)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and not head:
            self.wfile.write(body)

    def challenge(self):
        a = self.server.state["args"]
        if a.basic:
            return {"WWW-Authenticate": 'Basic realm="fw"'}
        nonce = md5(str(time.time()))
        return {"WWW-Authenticate": 'Digest realm="fw", qop="auth", '
                'nonce="%s", algorithm=MD5' % nonce}

    def digest_ok(self, hdr, user, pw):
        f = dict(re.findall(r'(\w+)="?([^",]*)"?', hdr[7:]))
        if f.get("username") != user or f.get("realm") != "fw":
            return False
        ha1 = md5("%s:fw:%s" % (user, pw))
        ha2 = md5("%s:%s" % (self.command, f.get("uri", "")))
        want = md5("%s:%s:%s:%s:%s:%s" % (ha1, f.get("nonce", ""),
                                          f.get("nc", ""), f.get("cnonce", ""),
                                          f.get("qop", ""), ha2))
        return want == f.get("response")

    def authorized(self):
        a = self.server.state["args"]
        cred = a.basic or a.digest
        if not cred:
            return True
        user, pw = cred.split(":", 1)
        hdr = self.headers.get("Authorization", "")
        if a.basic and hdr.startswith("Basic "):
            return hdr == "Basic " + base64.b64encode(cred.encode()).decode()
        if a.digest and hdr.startswith("Digest "):
            return self.digest_ok(hdr, user, pw)
        return False

    def do_GET(self, head=False):
        a = self.server.state["args"]
        auth = "Authorization" in self.headers
        if not self.authorized():
            self.record(401, auth)
            self.send(401, b"", self.challenge(), head)
            return
        name = os.path.basename(self.path.split("?", 1)[0])
        path = os.path.join(a.dir, name)
        if not name or name.startswith(".") or not os.path.isfile(path):
            self.record(404, auth)
            self.send(404, b"not found\n", None, head)
            return
        with open(path, "rb") as f:
            body = f.read()
        self.record(200, auth)
        self.send(200, body, {"Content-Type": "application/zip"}, head)

    def do_HEAD(self):
        self.do_GET(head=True)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--basic", help="user:password")
    ap.add_argument("--digest", help="user:password")
    args = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.state = {"args": args, "log": open(args.log, "a", buffering=1)}
    print("listening on port %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
