#!/usr/bin/env python3
"""cpesim_acs.py: a scripted stand-in ACS for the cpe-sim integration tests.

Not an ACS: it answers Inform with InformResponse and TransferComplete with
TransferCompleteResponse, sends the RPCs of a JSON script after the CPE's
empty POST (one list per device serial or "*"), ends sessions with 204, and
writes one JSON line per CPE message (headers, method, events, values) to a
log so the shell tests can assert on what the simulator sent.  Options make
it fail Informs (HTTP 500) to exercise the retry back-off, and demand HTTP
Basic authentication.
"""
import argparse
import base64
import http.server
import json
import re
import socketserver
import sys
import threading
import xml.etree.ElementTree as ET

ENV = "http://schemas.xmlsoap.org/soap/envelope/"
LOCK = threading.Lock()


def local(tag):
    return tag.rsplit("}", 1)[-1]


def find(el, name):
    for c in el.iter():
        if local(c.tag) == name:
            return c
    return None


def text(el, name, default=""):
    c = find(el, name)
    return (c.text or "") if c is not None else default


def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def envelope(body, cwmp_id, ns):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<soap-env:Envelope xmlns:soap-env="%s" '
            'xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:cwmp="%s"><soap-env:Header><cwmp:ID '
            'soap-env:mustUnderstand="1">%s</cwmp:ID></soap-env:Header>'
            '<soap-env:Body>%s</soap-env:Body></soap-env:Envelope>'
            % (ENV, ns, esc(cwmp_id), body))


def rpc_xml(r):
    m = r["rpc"]
    if m == "GetParameterValues" or m == "GetParameterAttributes":
        names = "".join("<string>%s</string>" % esc(n) for n in r["names"])
        return ('<cwmp:%s><ParameterNames soap-enc:arrayType="xsd:string[%d]">'
                '%s</ParameterNames></cwmp:%s>' % (m, len(r["names"]), names, m))
    if m == "GetParameterNames":
        return ('<cwmp:GetParameterNames><ParameterPath>%s</ParameterPath>'
                '<NextLevel>%d</NextLevel></cwmp:GetParameterNames>'
                % (esc(r["path"]), 1 if r.get("next_level") else 0))
    if m == "SetParameterValues":
        ps = "".join('<ParameterValueStruct><Name>%s</Name><Value xsi:type="%s">'
                     '%s</Value></ParameterValueStruct>'
                     % (esc(n), t, esc(v)) for n, v, t in r["params"])
        return ('<cwmp:SetParameterValues><ParameterList soap-enc:arrayType='
                '"cwmp:ParameterValueStruct[%d]">%s</ParameterList>'
                '<ParameterKey>%s</ParameterKey></cwmp:SetParameterValues>'
                % (len(r["params"]), ps, esc(r.get("key", ""))))
    if m == "SetParameterAttributes":
        ps = "".join('<SetParameterAttributesStruct><Name>%s</Name>'
                     '<NotificationChange>1</NotificationChange>'
                     '<Notification>%d</Notification><AccessListChange>0'
                     '</AccessListChange><AccessList soap-enc:arrayType='
                     '"xsd:string[0]"></AccessList>'
                     '</SetParameterAttributesStruct>' % (esc(n), v)
                     for n, v in r["params"])
        return ('<cwmp:SetParameterAttributes><ParameterList soap-enc:arrayType='
                '"cwmp:SetParameterAttributesStruct[%d]">%s</ParameterList>'
                '</cwmp:SetParameterAttributes>' % (len(r["params"]), ps))
    if m in ("AddObject", "DeleteObject"):
        return ('<cwmp:%s><ObjectName>%s</ObjectName><ParameterKey>%s'
                '</ParameterKey></cwmp:%s>' % (m, esc(r["name"]),
                                               esc(r.get("key", "")), m))
    if m == "Reboot":
        return ('<cwmp:Reboot><CommandKey>%s</CommandKey></cwmp:Reboot>'
                % esc(r.get("key", "")))
    if m == "ScheduleInform":
        return ('<cwmp:ScheduleInform><DelaySeconds>%d</DelaySeconds>'
                '<CommandKey>%s</CommandKey></cwmp:ScheduleInform>'
                % (r["delay"], esc(r.get("key", ""))))
    if m in ("Download", "Upload"):
        f = ['<CommandKey>%s</CommandKey>' % esc(r.get("key", "")),
             '<FileType>%s</FileType>' % esc(r["file_type"]),
             '<URL>%s</URL>' % esc(r["url"]),
             '<Username>%s</Username>' % esc(r.get("username", "")),
             '<Password>%s</Password>' % esc(r.get("password", ""))]
        if m == "Download":
            f += ['<FileSize>%d</FileSize>' % r.get("file_size", 0),
                  '<TargetFileName></TargetFileName>']
        f += ['<DelaySeconds>%d</DelaySeconds>' % r.get("delay", 0)]
        if m == "Download":
            f += ['<SuccessURL></SuccessURL><FailureURL></FailureURL>']
        return '<cwmp:%s>%s</cwmp:%s>' % (m, "".join(f), m)
    return '<cwmp:%s></cwmp:%s>' % (m, m)


class State:
    def __init__(self, args):
        self.args = args
        self.script = {}
        if args.script:
            with open(args.script) as f:
                self.script = json.load(f)
        self.informs = 0
        self.log = open(args.log, "a", buffering=1) if args.log else None
        self.seq = 0

    def next_rpc(self, serial):
        q = self.script.get(serial)
        if q is None:
            q = self.script.setdefault(serial, list(self.script.get("*", [])))
        return q.pop(0) if q else None

    def write(self, rec):
        if self.log:
            self.log.write(json.dumps(rec) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return out, True
                out += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length", "0") or 0)
        return (self.rfile.read(n) if n > 0 else b""), False

    def reply(self, code, body=b"", cookie=None):
        self.send_response(code)
        if body:
            self.send_header("Content-Type", 'text/xml; charset="utf-8"')
        if cookie:
            self.send_header("Set-Cookie", cookie)
        if self.server.state.args.basic and code == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="acs"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def authorized(self):
        want = self.server.state.args.basic
        if not want:
            return True
        got = self.headers.get("Authorization", "")
        return got == "Basic " + base64.b64encode(want.encode()).decode()

    def do_POST(self):
        st = self.server.state
        body, chunked = self.read_body()
        hdrs = {k: v for k, v in self.headers.items()}
        if not self.authorized():
            with LOCK:
                st.write({"kind": "unauthorized", "headers": hdrs})
            self.reply(401)
            return
        if not body.strip():
            self.empty(hdrs)
            return
        root = ET.fromstring(body)
        bodyel = find(root, "Body")
        rpc = list(bodyel)[0] if bodyel is not None and len(bodyel) else None
        method = local(rpc.tag) if rpc is not None else ""
        ns = rpc.tag[1:].split("}")[0] if rpc is not None and "}" in rpc.tag else ""
        idel = find(root, "ID")
        rec = {"kind": "message", "method": method, "headers": hdrs,
               "chunked": chunked, "id": idel.text if idel is not None else None,
               "ns": ns, "raw_head": body[:700].decode("latin-1"),
               "bare_arraytype": bool(re.search(rb'arrayType="[A-Za-z]+\[', body)),
               "prefixed_arraytype": bool(re.search(rb'arrayType="[A-Za-z]+:', body)),
               "latin1_decl": b'encoding="ISO-8859-1"' in body[:100]}
        if find(root, "NoMoreRequests") is not None:
            rec["no_more_requests"] = True
        if method == "Inform":
            self.inform(st, rpc, rec, ns)
            return
        if method == "Fault":
            rec["fault"] = int(text(rpc, "FaultCode", "0"))
            rec["spv_faults"] = [int(c.text) for c in rpc.iter()
                                 if local(c.tag) == "FaultCode"][1:]
        elif method == "TransferComplete":
            rec["command_key"] = text(rpc, "CommandKey")
            rec["fault"] = int(text(rpc, "FaultCode", "0"))
            rec["fault_string"] = text(rpc, "FaultString")
            rec["start"] = text(rpc, "StartTime")
            rec["complete"] = text(rpc, "CompleteTime")
            with LOCK:
                st.write(rec)
            self.reply(200, envelope("<cwmp:TransferCompleteResponse/>",
                                     rec["id"] or "", ns).encode())
            return
        else:
            rec["values"] = {text(p, "Name"): text(p, "Value")
                             for p in rpc.iter() if local(p.tag) == "ParameterValueStruct"}
            rec["names"] = [text(p, "Name") for p in rpc.iter()
                            if local(p.tag) in ("ParameterInfoStruct",
                                                "ParameterAttributeStruct")]
            rec["notifications"] = {text(p, "Name"): text(p, "Notification")
                                    for p in rpc.iter() if local(p.tag) == "ParameterAttributeStruct"}
            for k in ("Status", "InstanceNumber"):
                if find(rpc, k) is not None:
                    rec[k.lower()] = text(rpc, k)
        with LOCK:
            st.write(rec)
        self.send_next(st, hdrs, ns)

    def inform(self, st, rpc, rec, ns):
        rec["serial"] = text(rpc, "SerialNumber")
        rec["events"] = [text(e, "EventCode") + ("|" + text(e, "CommandKey")
                         if text(e, "CommandKey") else "")
                         for e in rpc.iter() if local(e.tag) == "EventStruct"]
        rec["retry_count"] = int(text(rpc, "RetryCount", "0"))
        rec["values"] = {text(p, "Name"): text(p, "Value")
                         for p in rpc.iter() if local(p.tag) == "ParameterValueStruct"}
        with LOCK:
            st.informs += 1
            n = st.informs
            st.write(rec)
        if n <= st.args.fail_informs:
            self.reply(500)
            return
        self.serial = rec["serial"].strip()
        self.server.last_serial[self.client_address] = self.serial
        with LOCK:
            st.seq += 1
            cookie = "session=s%d; Path=/" % st.seq
        self.reply(200, envelope("<cwmp:InformResponse><MaxEnvelopes>1"
                                 "</MaxEnvelopes></cwmp:InformResponse>",
                                 rec["id"] or "", ns).encode(), cookie)

    def empty(self, hdrs):
        st = self.server.state
        with LOCK:
            st.write({"kind": "empty", "headers": hdrs})
        self.send_next(st, hdrs, None)

    def send_next(self, st, hdrs, ns):
        serial = self.server.last_serial.get(self.client_address, "*")
        with LOCK:
            r = st.next_rpc(serial)
        if r is None:
            self.reply(204)
            return
        ns = ns or "urn:dslforum-org:cwmp-1-0"
        with LOCK:
            st.seq += 1
            rid = "acs-%d" % st.seq
        self.reply(200, envelope(rpc_xml(r), rid, ns).encode())


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("--script")
    ap.add_argument("--fail-informs", type=int, default=0)
    ap.add_argument("--basic")
    args = ap.parse_args()
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = State(args)
    srv.last_serial = {}
    print("listening on port %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
