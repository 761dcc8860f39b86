#!/usr/bin/env python3
"""rawhttp.py PORT: raw-socket HTTP cases for acsd (t_acsd_http.sh).

Each case sends exact bytes and checks the status line and, where it
matters, that the server closed or kept the connection.  Prints one line
per case and exits 1 on the first failure.
"""
import gzip
import socket
import sys
import time
import zlib

PORT = int(sys.argv[1])


def conn():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    return s


def read_resp(s):
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d:
            raise EOFError("closed before a response")
        buf += d
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    hdrs = {}
    for l in lines[1:]:
        k, v = l.split(":", 1)
        hdrs[k.strip().lower()] = v.strip()
    n = int(hdrs.get("content-length", "0"))
    while len(rest) < n:
        d = s.recv(65536)
        if not d:
            break
        rest += d
    return int(lines[0].split()[1]), hdrs, rest[:n]


def closed(s):
    s.settimeout(2)
    try:
        return s.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def check(name, cond, detail=""):
    print("%-40s %s %s" % (name, "ok" if cond else "FAIL", detail))
    if not cond:
        sys.exit(1)


INFORM = open(sys.argv[2]).read() if len(sys.argv) > 2 else None

# 1. A bare POST with no headers at all is an empty POST: 204, kept alive.
s = conn()
s.sendall(b"POST / HTTP/1.1\r\n\r\n")
st, h, b = read_resp(s)
check("bare POST", st == 204, st)
s.sendall(b"POST / HTTP/1.1\r\n\r\n")
st, h, b = read_resp(s)
check("bare POST again, same connection", st == 204, st)
s.close()

# 2. HTTP/1.0 with nothing else.
s = conn()
s.sendall(b"POST / HTTP/1.0\r\n\r\n")
st, h, b = read_resp(s)
check("HTTP/1.0 bare POST", st == 204, st)
s.close()

# 3. Connection: close is honoured.
s = conn()
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
          b"Content-Length: 0\r\n\r\n")
st, h, b = read_resp(s)
check("Connection: close answered", st == 204, st)
check("Connection: close closes", closed(s))
s.close()

# 4. Chunked empty body with a trailer.
s = conn()
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          b"0\r\nX-Trailer: 1\r\n\r\n")
st, h, b = read_resp(s)
check("chunked empty body + trailer", st == 204, st)
s.close()

# 5. Malformed XML: 400, connection stays usable or closes, never hangs.
s = conn()
body = b"<soap-env:Envelope><unclosed>"
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s"
          % (len(body), body))
st, h, b = read_resp(s)
check("malformed XML", st == 400, st)
s.close()

# 6. Over the limit by Content-Length: 413 at once, connection closed,
#    without sending the body.
s = conn()
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
st, h, b = read_resp(s)
check("oversized Content-Length", st == 413, st)
check("oversized closes", closed(s))
s.close()

# 7. Over the limit while chunked: 413.
s = conn()
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
piece = b"A" * 16384
try:
    for i in range(8):
        s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
    s.sendall(b"0\r\n\r\n")
except (BrokenPipeError, ConnectionResetError):
    pass
st, h, b = read_resp(s)
check("oversized chunked body", st == 413, st)
s.close()

# 8. A gzip bomb is stopped at the limit after decompression.
bomb = gzip.compress(b"<" * (1 << 20))
s = conn()
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
          b"Content-Length: %d\r\n\r\n%s" % (len(bomb), bomb))
st, h, b = read_resp(s)
check("gzip over the limit", st == 413, st)
s.close()

# 9. Unknown Content-Encoding: 415.
s = conn()
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\n"
          b"Content-Length: 3\r\n\r\nabc")
st, h, b = read_resp(s)
check("Content-Encoding br", st == 415, st)
s.close()

# 10. deflate, zlib-wrapped and raw, of an empty envelope.
env = (b'<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/'
       b'soap/envelope/"><soap-env:Body/></soap-env:Envelope>')
for name, data in (("deflate (zlib)", zlib.compress(env)),
                   ("deflate (raw)", zlib.compress(env)[2:-4])):
    s = conn()
    s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Encoding: deflate\r\n"
              b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
    st, h, b = read_resp(s)
    check(name, st == 204, st)
    s.close()

# 11. A CPE response without a session: fault 8001 in a 200.
s = conn()
body = (b'<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/'
        b'envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Body>'
        b'<cwmp:GetRPCMethods/></soap-env:Body></soap-env:Envelope>')
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s"
          % (len(body), body))
st, h, b = read_resp(s)
check("request without session", st == 200 and b"8001" in b, st)
s.close()

# 12. Other methods: 405 (no file server configured: GET is 404).
s = conn()
s.sendall(b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n")
st, h, b = read_resp(s)
check("DELETE", st == 405, st)
s.close()

# 13. Truncated body (short Content-Length): 400, no crash.
s = conn()
body = env[:40]
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s"
          % (len(body), body))
st, h, b = read_resp(s)
check("truncated XML", st == 400, st)
s.close()
