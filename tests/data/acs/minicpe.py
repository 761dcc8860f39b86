#!/usr/bin/env python3
"""minicpe.py: a small scripted CPE for acsd's integration tests.

It speaks CWMP over raw sockets (so it controls every byte: bare POSTs,
chunked bodies, gzip, RFC 2109 cookies, missing IDs), holds a tiny
parameter tree from a text file (name, type, writable, value; tab
separated) and answers the ACS's requests from it.  It prints one JSON
object describing the session on stdout and exits 0 when the session
ended with 204, 1 otherwise.  It is test tooling, not a simulator: see
cpe-sim for that.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import socket
import sys
import time

NS_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
NS_ENC = "http://schemas.xmlsoap.org/soap/encoding/"


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


class Tree:
    def __init__(self, path):
        self.p = {}
        if path:
            with open(path) as f:
                for line in f:
                    line = line.rstrip("\n")
                    if not line or line.startswith("#"):
                        continue
                    name, typ, wr, val = (line.split("\t") + [""] * 4)[:4]
                    self.p[name] = [typ, wr == "1", val]

    def objects(self):
        objs = set()
        for n in self.p:
            parts = n.split(".")
            for i in range(1, len(parts)):
                objs.add(".".join(parts[:i]) + ".")
        return objs

    def children(self, path, next_level):
        out = []
        objs = self.objects()
        for o in sorted(objs):
            if o.startswith(path) and o != path:
                rest = o[len(path):-1]
                if not next_level or "." not in rest:
                    out.append((o, False))
        for n in sorted(self.p):
            if n.startswith(path):
                rest = n[len(path):]
                if not next_level or "." not in rest:
                    out.append((n, self.p[n][1]))
        if path in self.p:
            out.append((path, self.p[path][1]))
        return out


def current_time(spec):
    """CurrentTime: the text given, or the clock for "now" / "now+N"."""
    if not spec.startswith("now"):
        return spec
    off = int(spec[4:]) if spec.startswith("now+") else 0
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + off))


def envelope(ns, cwmp_id, body, extra_hdr=""):
    hdr = ""
    if cwmp_id is not None:
        hdr = ('<cwmp:ID soap-env:mustUnderstand="1">%s</cwmp:ID>'
               % esc(cwmp_id))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<soap-env:Envelope xmlns:soap-env="%s" xmlns:soap-enc="%s" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:cwmp="%s"><soap-env:Header>%s%s</soap-env:Header>'
            '<soap-env:Body>%s</soap-env:Body></soap-env:Envelope>'
            % (NS_ENV, NS_ENC, ns, hdr, extra_hdr, body))


def fault(code, string):
    return ('<soap-env:Fault><faultcode>Client</faultcode>'
            '<faultstring>CWMP fault</faultstring><detail><cwmp:Fault>'
            '<FaultCode>%d</FaultCode><FaultString>%s</FaultString>'
            '</cwmp:Fault></detail></soap-env:Fault>' % (code, esc(string)))


class Cpe:
    def __init__(self, a):
        self.a = a
        self.tree = Tree(a.tree)
        self.sock = None
        self.cookie = None
        self.seen = []
        self.statuses = []
        self.ns = "urn:dslforum-org:cwmp-" + a.ns
        self.idn = 0
        self.nonce = None
        self.nc = 0
        self.auth_basic = False
        self.realm = None

    # -- HTTP -----------------------------------------------------------
    def connect(self):
        if self.sock:
            self.sock.close()
        self.sock = socket.create_connection((self.a.host, self.a.port),
                                             timeout=self.a.timeout)
        self.buf = b""

    def read_response(self):
        while b"\r\n\r\n" not in self.buf:
            d = self.sock.recv(65536)
            if not d:
                raise EOFError("connection closed")
            self.buf += d
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = {}
        for l in lines[1:]:
            k, v = l.split(":", 1)
            hdrs.setdefault(k.strip().lower(), []).append(v.strip())
        n = int(hdrs.get("content-length", ["0"])[0])
        if "chunked" in hdrs.get("transfer-encoding", [""])[0]:
            body = b""
            while True:
                while b"\r\n" not in self.buf:
                    self.buf += self.sock.recv(65536)
                size, self.buf = self.buf.split(b"\r\n", 1)
                size = int(size.split(b";")[0], 16)
                while len(self.buf) < size + 2:
                    self.buf += self.sock.recv(65536)
                body += self.buf[:size]
                self.buf = self.buf[size + 2:]
                if size == 0:
                    break
        else:
            while len(self.buf) < n:
                d = self.sock.recv(65536)
                if not d:
                    raise EOFError("short body")
                self.buf += d
            body, self.buf = self.buf[:n], self.buf[n:]
        return status, hdrs, body

    def auth_header(self):
        a = self.a
        if not a.user or (self.nonce is None and not self.auth_basic):
            return ""
        if self.auth_basic:
            import base64
            t = base64.b64encode(("%s:%s" % (a.user, a.password)).encode())
            return "Authorization: Basic %s\r\n" % t.decode()
        self.nc += 1
        cnonce = os.urandom(8).hex()
        md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
        ha1 = md5("%s:%s:%s" % (a.user, self.realm, a.password))
        ha2 = md5("POST:/")
        resp = md5("%s:%s:%08x:%s:auth:%s" % (ha1, self.nonce, self.nc,
                                               cnonce, ha2))
        return ('Authorization: Digest username="%s", realm="%s", '
                'nonce="%s", uri="/", qop=auth, nc=%08x, cnonce="%s", '
                'response="%s", opaque="%s", algorithm=MD5\r\n'
                % (a.user, self.realm, self.nonce, self.nc, cnonce, resp,
                   self.opaque))

    def post(self, body):
        a = self.a
        if self.sock is None or a.reconnect:
            self.connect()
        data = body.encode("latin-1" if a.latin1 else "utf-8")
        h = "POST / HTTP/1.1\r\n"
        if not a.bare:
            h += "Host: %s:%d\r\n" % (a.host, a.port)
            h += "SOAPAction: \r\n" if not a.no_soapaction else ""
            h += ("Content-Type: text/xml; charset=%s\r\n"
                  % ("ISO-8859-1" if a.latin1 else "utf-8"))
        if self.cookie:
            if a.rfc2109:
                h += 'Cookie: $Version="0"; %s;$Path=/\r\n' % self.cookie
            else:
                h += "Cookie: %s\r\n" % self.cookie
        h += self.auth_header()
        if a.gzip and data:
            data = gzip.compress(data)
            h += "Content-Encoding: gzip\r\n"
        if a.chunked and data:
            h += "Transfer-Encoding: chunked\r\n\r\n"
            raw = h.encode()
            for i in range(0, len(data), 37):
                piece = data[i:i + 37]
                raw += b"%x\r\n%s\r\n" % (len(piece), piece)
            raw += b"0\r\nX-Trailer: yes\r\n\r\n"
        elif data or not a.bare:
            raw = (h + "Content-Length: %d\r\n\r\n" % len(data)).encode()
            raw += data
        else:
            raw = (h + "\r\n").encode()
        self.sock.sendall(raw)
        st, hdrs, rbody = self.read_response()
        self.statuses.append(st)
        for c in hdrs.get("set-cookie", []):
            self.cookie = c.split(";", 1)[0]
        if "close" in [v.lower() for v in hdrs.get("connection", [])]:
            self.sock.close()
            self.sock = None
        return st, hdrs, rbody.decode("utf-8")

    # -- CWMP -----------------------------------------------------------
    def next_id(self):
        self.idn += 1
        return "cpe-%d" % self.idn

    def inform(self):
        a = self.a
        events = "".join("<EventStruct><EventCode>%s</EventCode>"
                         "<CommandKey></CommandKey></EventStruct>" % esc(e)
                         for e in a.events.split(",") if e)
        params = ""
        for n in sorted(self.tree.p):
            if n.endswith("SoftwareVersion") or \
               n.endswith("ConnectionRequestURL") or \
               n.endswith("ParameterKey"):
                t, w, v = self.tree.p[n]
                params += ('<ParameterValueStruct><Name>%s</Name>'
                           '<Value xsi:type="%s">%s</Value>'
                           '</ParameterValueStruct>' % (n, t, esc(v)))
        body = ('<cwmp:Inform><DeviceId><Manufacturer>Anthill</Manufacturer>'
                '<OUI>%s</OUI><ProductClass>%s</ProductClass>'
                '<SerialNumber>%s</SerialNumber></DeviceId>'
                '<Event soap-enc:arrayType="cwmp:EventStruct[1]">%s</Event>'
                '<MaxEnvelopes>1</MaxEnvelopes>'
                '<CurrentTime>%s</CurrentTime>'
                '<RetryCount>%d</RetryCount><ParameterList>%s</ParameterList>'
                '</cwmp:Inform>' % (a.oui, a.product_class, esc(a.serial),
                                    events, current_time(getattr(
                                        a, "current_time",
                                        "1970-01-01T00:00:00Z")),
                                    getattr(a, "retry_count", 0), params))
        extra = ""
        if a.supported:
            extra = ("<cwmp:SupportedCWMPVersions>%s"
                     "</cwmp:SupportedCWMPVersions>" % a.supported)
        return envelope(self.ns, self.next_id(), body, extra)

    def answer(self, req):
        m = re.search(r"Body>\s*<cwmp:(\w+)[ >/]", req)
        ident = re.search(r"<cwmp:ID[^>]*>([^<]*)</cwmp:ID>", req)
        rid = ident.group(1) if ident else None
        if self.a.no_id:
            rid = None
        elif self.a.incrementing_id:
            rid = self.next_id()
        method = m.group(1) if m else "?"
        self.seen.append(method)
        fc = self.a.fault.get(method)
        if fc:
            return envelope(self.ns, rid, fault(fc, "test fault"))
        body = getattr(self, "do_" + method, None)
        if body is None:
            return envelope(self.ns, rid, fault(9000, "Method not supported"))
        return envelope(self.ns, rid, body(req))

    def do_GetParameterNames(self, req):
        path = re.search(r"<ParameterPath>([^<]*)</ParameterPath>", req)
        path = path.group(1) if path else ""
        nl = re.search(r"<NextLevel>([^<]*)</NextLevel>", req).group(1)
        kids = self.tree.children(path, nl in ("1", "true"))
        if not kids:
            return fault(9005, "Invalid parameter name")
        items = "".join("<ParameterInfoStruct><Name>%s</Name>"
                        "<Writable>%d</Writable></ParameterInfoStruct>"
                        % (n, w) for n, w in kids)
        return ('<cwmp:GetParameterNamesResponse><ParameterList '
                'soap-enc:arrayType="cwmp:ParameterInfoStruct[%d]">%s'
                '</ParameterList></cwmp:GetParameterNamesResponse>'
                % (len(kids), items))

    def do_GetParameterValues(self, req):
        names = re.findall(r"<string>([^<]*)</string>", req)
        out = []
        for n in names:
            if n not in self.tree.p:
                return fault(9005, "Invalid parameter name")
            out.append((n,) + tuple(self.tree.p[n]))
        items = "".join('<ParameterValueStruct><Name>%s</Name>'
                        '<Value xsi:type="%s">%s</Value>'
                        '</ParameterValueStruct>' % (n, t, esc(v))
                        for n, t, w, v in out)
        return ('<cwmp:GetParameterValuesResponse><ParameterList '
                'soap-enc:arrayType="cwmp:ParameterValueStruct[%d]">%s'
                '</ParameterList></cwmp:GetParameterValuesResponse>'
                % (len(out), items))

    def do_SetParameterValues(self, req):
        for n, v in re.findall(r"<Name>([^<]*)</Name>\s*<Value[^>]*>"
                               r"([^<]*)</Value>", req):
            if n not in self.tree.p or not self.tree.p[n][1]:
                return fault(9003, "Invalid arguments")
            self.tree.p[n][2] = v
        return ('<cwmp:SetParameterValuesResponse><Status>0</Status>'
                '</cwmp:SetParameterValuesResponse>')

    def do_Reboot(self, req):
        return "<cwmp:RebootResponse></cwmp:RebootResponse>"

    def do_GetRPCMethods(self, req):
        return ('<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType='
                '"xsd:string[3]"><string>GetRPCMethods</string><string>'
                'GetParameterValues</string><string>SetParameterValues'
                '</string></MethodList></cwmp:GetRPCMethodsResponse>')

    def challenge(self, hdrs):
        w = hdrs.get("www-authenticate", [""])[0]
        if w.startswith("Basic"):
            self.auth_basic = True
            return
        f = dict(re.findall(r'(\w+)="([^"]*)"', w))
        self.realm, self.nonce = f.get("realm"), f.get("nonce")
        self.opaque = f.get("opaque", "")
        self.nc = 0

    def run(self):
        a = self.a
        out = {"status": [], "requests": self.seen, "ok": False}
        self.statuses = out["status"]
        st, hdrs, body = self.post(self.inform())
        if st == 401 and a.user:
            self.challenge(hdrs)
            if a.reconnect_after_401:
                self.connect()
            st, hdrs, body = self.post(self.inform())
        if st != 200 or "InformResponse" not in body:
            out["retry_after"] = hdrs.get("retry-after", [None])[0]
            return out
        out["inform_response"] = body
        for extra in a.send or []:
            with open(extra) as f:
                st, hdrs, body = self.post(f.read())
            out.setdefault("cpe_requests", []).append(body)
        msg = ""
        n = 0
        while True:
            if a.reconnect_each and self.sock is not None:
                self.sock.close()
                self.sock = None
            st, hdrs, body = self.post(msg)
            if st == 204:
                out["ok"] = True
                break
            if st != 200:
                break
            n += 1
            if a.drop_after and n >= a.drop_after:
                self.seen.append(re.search(r"Body>\s*<cwmp:(\w+)[ >/]",
                                           body).group(1))
                out["dropped"] = True
                self.sock.close()
                if a.hang:
                    time.sleep(a.hang)
                break
            msg = self.answer(body)
        out["tree"] = {k: v[2] for k, v in self.tree.p.items()}
        return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tree")
    p.add_argument("--oui", default="00D09E")
    p.add_argument("--product-class", default="Box")
    p.add_argument("--serial", default="SN0001")
    p.add_argument("--events", default="1 BOOT")
    p.add_argument("--current-time", default="1970-01-01T00:00:00Z",
                   help='CurrentTime, or "now" for the clock, "now+N" N s off')
    p.add_argument("--retry-count", type=int, default=0)
    p.add_argument("--ns", default="1-0")
    p.add_argument("--supported", help="SupportedCWMPVersions header")
    p.add_argument("--user")
    p.add_argument("--password", default="")
    p.add_argument("--fault", action="append", default=[],
                   help="METHOD:CODE")
    p.add_argument("--send", action="append",
                   help="XML file of a CPE request to send after Inform")
    p.add_argument("--drop-after", type=int, default=0)
    p.add_argument("--hang", type=float, default=0)
    p.add_argument("--reconnect", action="store_true")
    p.add_argument("--reconnect-each", action="store_true")
    p.add_argument("--reconnect-after-401", action="store_true")
    p.add_argument("--rfc2109", action="store_true")
    p.add_argument("--chunked", action="store_true")
    p.add_argument("--gzip", action="store_true")
    p.add_argument("--bare", action="store_true")
    p.add_argument("--latin1", action="store_true")
    p.add_argument("--no-soapaction", action="store_true")
    p.add_argument("--no-id", action="store_true")
    p.add_argument("--incrementing-id", action="store_true")
    p.add_argument("--timeout", type=float, default=10)
    a = p.parse_args()
    a.fault = dict((f.split(":")[0], int(f.split(":")[1])) for f in a.fault)
    res = Cpe(a).run()
    json.dump(res, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(0 if res["ok"] else 1)


if __name__ == "__main__":
    main()
