#!/usr/bin/env python3
"""acsd_replay.py PORT SPOOL STORE JOBTOOL FIXTURES: replays the real-CPE
corpus through a running acsd (check_acsd_replay.sh starts it).

For each device directory of the corpus: queue the jobs whose answers the
corpus holds (GetRPCMethods, a whole-tree GetParameterNames,
GetParameterValues and GetParameterAttributes where present, and a
FactoryReset that the device's captured Fault answers), then run a
session as the device would: its Inform, an empty POST, and each ACS
request answered with the captured message of that method.  Then check
that every message was accepted, the jobs ended as they should and the
stored record holds the Inform's and the answers' values.  The wire-exact
chunked Inform and the Zhone GetRPCMethods request are sent as they are.
Prints one line per check; exits 1 on any failure.
"""
import os
import re
import socket
import subprocess
import sys

import yaml

PORT, SPOOL, STORE, JOBTOOL, FIX = sys.argv[1:6]
failures = 0


def check(what, ok, detail=""):
    global failures
    print("%-60s %s %s" % (what, "ok" if ok else "FAIL", "" if ok else detail))
    if not ok:
        failures += 1


def body_of(path):
    data = open(path, "rb").read()
    if data.startswith(b"POST "):
        sep = re.search(rb"\r?\n\r?\n", data)
        data = data[sep.end():]
    return data


class Conn:
    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", int(PORT)),
                                          timeout=20)
        self.buf = b""
        self.cookie = None

    def raw(self, data):
        self.s.sendall(data)
        return self.read()

    def post(self, body):
        h = (b"POST / HTTP/1.1\r\nHost: 10.0.0.100\r\n"
             b"User-Agent: Thomson_cwmp-engine/replay\r\n"
             b"Content-Type: text/xml; charset=ISO-8859-1\r\nSOAPAction: \r\n")
        if self.cookie:
            h += b'Cookie: $Version="0"; ' + self.cookie + b";$Path=/\r\n"
        h += b"Content-Length: %d\r\n\r\n" % len(body)
        return self.raw(h + body)

    def read(self):
        while b"\r\n\r\n" not in self.buf:
            d = self.s.recv(65536)
            if not d:
                raise EOFError
            self.buf += d
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        st = int(lines[0].split()[1])
        n = 0
        for l in lines[1:]:
            k, v = l.split(":", 1)
            if k.lower() == "content-length":
                n = int(v)
            if k.lower() == "set-cookie":
                self.cookie = v.strip().split(";")[0].encode()
        while len(self.buf) < n:
            self.buf += self.s.recv(65536)
        b, self.buf = self.buf[:n], self.buf[n:]
        return st, b.decode("utf-8", "replace")


def device_key(inform):
    t = inform.decode("latin-1")
    f = {}
    for k in ("OUI", "ProductClass", "SerialNumber"):
        m = re.search(r"<%s>([^<]*)</%s>" % (k, k), t)
        f[k] = m.group(1).strip() if m else ""
    enc = lambda s: "".join(c if c.isalnum() or c == "_" else "%%%02X" % ord(c)
                            for c in s)
    parts = [enc(f["OUI"].upper())]
    if f["ProductClass"]:
        parts.append(enc(f["ProductClass"]))
    parts.append(enc(f["SerialNumber"]))
    return "-".join(parts), t


def job(dev, *args):
    subprocess.run([JOBTOOL, SPOOL, "add", dev] + list(args), check=True,
                   stdout=subprocess.DEVNULL)


def jobs(dev, where):
    out = subprocess.run([JOBTOOL, SPOOL, "list", dev, where], check=True,
                         capture_output=True, text=True).stdout
    return [l.split() for l in out.splitlines()]


def values(xml):
    return re.findall(r"<Name>\s*([^<\s]+)\s*</Name>\s*<Value[^>]*>([^<]*)"
                      r"</Value>", xml)


def replay(d):
    files = {re.sub(r"\.xml$", "", f): os.path.join(d, f)
             for f in os.listdir(d)}
    if "Inform" not in files:
        return
    name = os.path.relpath(d, FIX)
    inform = body_of(files["Inform"])
    dev, itext = device_key(inform)
    answers = {}
    for meth, f in files.items():
        if meth.endswith("Response"):
            answers[meth[:-len("Response")]] = body_of(f)
    if "ParameterValue" in files:
        answers["GetParameterValues"] = body_of(files["ParameterValue"])
    # Jobs in queue order (same priority: submit order).
    if "GetRPCMethods" in answers:
        job(dev, "GetRPCMethods")
    if "GetParameterNames" in answers:
        job(dev, "GetParameterNames", "ParameterPath=", "NextLevel=0")
    gpv = []
    if "GetParameterValues" in answers:
        gpv = values(answers["GetParameterValues"].decode("latin-1"))
        job(dev, "GetParameterValues",
            "ParameterNames[]=" + ",".join(n for n, v in gpv))
    if "GetParameterAttributes" in answers:
        names = re.findall(r"<Name>\s*([^<\s]+)\s*</Name>",
                           answers["GetParameterAttributes"].decode("latin-1"))
        job(dev, "GetParameterAttributes",
            "ParameterNames[]=" + ",".join(names))
    fault = body_of(files["Fault"]) if "Fault" in files else None
    if fault:
        job(dev, "FactoryReset")
    # Two corpus directories may hold the same device: count new jobs only.
    old = set(j[0] for j in jobs(dev, "done") + jobs(dev, "failed"))
    c = Conn()
    st, b = c.post(inform)
    check("%s: Inform" % name, st == 200 and "InformResponse" in b, st)
    st, b = c.post(b"")
    asked = []
    while st == 200:
        m = re.search(r"Body>\s*<cwmp:(\w+)", b)
        meth = m.group(1) if m else "?"
        asked.append(meth)
        ans = answers.get(meth, fault)
        if ans is None or len(asked) > 50:
            break
        st, b = c.post(ans)
    check("%s: session ends with 204 (%s)" % (name, ",".join(asked)),
          st == 204, st)
    done = [j for j in jobs(dev, "done") if j[0] not in old]
    failed = [j for j in jobs(dev, "failed") if j[0] not in old]
    check("%s: %d jobs done" % (name, len(done)),
          len(done) == len(answers) and not jobs(dev, "queue"),
          [j[1] for j in done])
    if fault:
        code = re.search(rb"<FaultCode>(\d+)", fault).group(1).decode()
        check("%s: fault %s recorded" % (name, code),
              len(failed) == 1 and failed[0][4] == code, failed)
    rec = yaml.safe_load(open(os.path.join(STORE, dev + ".yaml")))
    tree = rec.get("tree", {})
    for n, v in values(itext):
        if n.startswith("."):
            got = rec.get("attrs", {}).get("alias" + n)
        else:
            got = (tree.get(n) or {}).get("v")
        check("%s: stored %s" % (name, n), str(got) == v.strip(),
              "%r != %r" % (got, v))
    for n, v in gpv:
        got = (tree.get(n) or {}).get("v")
        check("%s: stored GPV %s" % (name, n), str(got) == v.strip(),
              "%r != %r" % (got, v))
    if "GetParameterNames" in answers:
        names = re.findall(r"<Name>\s*([^<\s]+)\s*</Name>",
                           answers["GetParameterNames"].decode("latin-1"))
        missing = [n for n in names if n not in tree]
        check("%s: %d GPN names stored" % (name, len(names)), not missing,
              missing[:3])
    events = [e["code"] for e in rec["inform"]["events"]]
    want = re.findall(r"<EventCode>([^<]*)</EventCode>", itext)
    check("%s: events stored" % name, events == want, events)


def chunked():
    p = os.path.join(FIX, "data", "http-chunked")
    c = Conn()
    st, b = c.raw(open(p, "rb").read())
    check("data/http-chunked: chunked Inform", st == 200 and
          "InformResponse" in b, st)
    st, b = c.post(b"")
    check("data/http-chunked: session ends", st == 204, st)


def zhone():
    p = os.path.join(FIX, "zhone-6718-getrpcmethods-request.xml")
    inform = (b'<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/'
              b'soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">'
              b'<soap-env:Body><cwmp:Inform><DeviceId><Manufacturer>Zhone'
              b'</Manufacturer><OUI>00255e</OUI><ProductClass></ProductClass>'
              b'<SerialNumber>00:25:5e:00:00:01</SerialNumber></DeviceId>'
              b'<Event><EventStruct><EventCode>0 BOOTSTRAP</EventCode>'
              b'<CommandKey></CommandKey></EventStruct></Event><MaxEnvelopes>1'
              b'</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00+00:00'
              b'</CurrentTime><RetryCount>0</RetryCount><ParameterList/>'
              b'</cwmp:Inform></soap-env:Body></soap-env:Envelope>')
    c = Conn()
    st, b = c.post(inform)
    check("zhone: Inform", st == 200, st)
    st, b = c.post(body_of(p))
    check("zhone: GetRPCMethods request answered",
          st == 200 and "GetRPCMethodsResponse" in b and
          "TransferComplete" in b, st)


for root, dirs, fs in sorted(os.walk(FIX)):
    dirs.sort()
    replay(root)
chunked()
zhone()
print("failures:", failures)
sys.exit(1 if failures else 0)
