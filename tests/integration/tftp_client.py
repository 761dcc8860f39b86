#!/usr/bin/env python3
"""tftp_client.py: a TFTP read client that misbehaves on purpose (tests only).

It reads FILE from HOST:PORT (127.0.0.0/8 only) with optional blksize,
windowsize and tsize, and checks the server's conduct:

  --stranger      after DATA 1, a second socket sends an ACK to the transfer
                  port: it must get ERROR 5 and the transfer must go on.
  --dup-ack       ACK 1 is sent twice: DATA 2 must arrive exactly once
                  within --dup-window seconds (RFC 1123 4.2.3.1).
  --vanish N      stop ACKing after N blocks and record every packet the
                  server still sends for --observe seconds.
  --out PATH      write what was received (a full read without --vanish).

Prints key=value lines: blocks, bytes, oack, resends (seconds after the
first unacknowledged send), error.  Exit 0 when every check passed, 1 when
one failed, 2 for bad usage, 3 when the server did not answer.
"""
import argparse
import ipaddress
import select
import socket
import struct
import sys
import time


def rrq(name, opts):
    p = struct.pack('!H', 1) + name.encode() + b'\0octet\0'
    for k, v in opts:
        p += k.encode() + b'\0' + str(v).encode() + b'\0'
    return p


def ack(n):
    return struct.pack('!HH', 4, n & 0xffff)


def recv(s, timeout):
    rd, _, _ = select.select([s], [], [], max(timeout, 0))
    if not rd:
        return None, None
    return s.recvfrom(70000)


class Reader:
    def __init__(self, a):
        self.a = a
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(('127.0.0.1', 0))
        self.blksize = a.blksize or 512
        self.data = bytearray()
        self.block = 0          # absolute, last received in order
        self.fail = []
        self.out = {}

    def start(self):
        opts = []
        if self.a.blksize:
            opts.append(('blksize', self.a.blksize))
        if self.a.windowsize:
            opts.append(('windowsize', self.a.windowsize))
        if self.a.tsize:
            opts.append(('tsize', 0))
        self.s.sendto(rrq(self.a.file, opts), (self.a.host, self.a.port))
        p, src = recv(self.s, 3)
        if p is None:
            print('error=no answer')
            sys.exit(3)
        self.peer = src
        op = struct.unpack('!H', p[:2])[0]
        if op == 6:
            f = p[2:].split(b'\0')
            o = dict(zip(f[0::2], f[1::2]))
            self.out['oack'] = b','.join(k + b'=' + v for k, v in o.items())
            if b'blksize' in o:
                self.blksize = int(o[b'blksize'])
            self.s.sendto(ack(0), self.peer)
            return None
        return p

    def handle(self, p):
        op, n = struct.unpack('!HH', p[:4])
        if op == 5:
            self.out['error'] = '%d:%s' % (n, p[4:-1].decode(errors='replace'))
            return True
        if op != 3:
            return False
        if n != (self.block + 1) & 0xffff:
            return False
        self.block += 1
        self.data += p[4:]
        return len(p) - 4 < self.blksize

    def check_stranger(self):
        t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        t.bind(('127.0.0.1', 0))
        t.sendto(ack(1), self.peer)
        p, _ = recv(t, 2)
        if p is None or p[:4] != struct.pack('!HH', 5, 5):
            self.fail.append('stranger did not get ERROR 5')
        t.close()

    def check_dup_ack(self):
        self.s.sendto(ack(self.block), self.peer)
        self.s.sendto(ack(self.block), self.peer)
        end = time.time() + self.a.dup_window
        copies = 0
        first = None
        while time.time() < end:
            p, src = recv(self.s, end - time.time())
            if p is None:
                break
            if p[:4] == struct.pack('!HH', 3, (self.block + 1) & 0xffff):
                copies += 1
                first = first or p
        self.out['dup_ack_copies'] = copies
        if copies != 1:
            self.fail.append('duplicate ACK gave %d copies' % copies)
        return first

    def observe(self):
        t0 = time.time()
        times = []
        end = t0 + self.a.observe
        while time.time() < end:
            p, src = recv(self.s, end - time.time())
            if p is None:
                break
            op = struct.unpack('!H', p[:2])[0]
            if op == 5:
                self.out['error'] = p[4:-1].decode(errors='replace')
                break
            times.append(round(time.time() - t0, 1))
        self.out['resends'] = ' '.join(str(x) for x in times)

    def run(self):
        p = self.start()
        if p is None:
            p, _ = recv(self.s, 3)
        done = False
        while p is not None and not done:
            done = self.handle(p)
            if 'error' in self.out:
                break
            if self.a.vanish and self.block >= self.a.vanish:
                self.observe()
                return
            if self.block == 1 and self.a.stranger:
                self.a.stranger = False
                self.check_stranger()
            if self.block == 1 and self.a.dup_ack and not done:
                self.a.dup_ack = False
                p = self.check_dup_ack()
                continue
            w = self.a.windowsize or 1
            if done or self.block % w == 0:
                self.s.sendto(ack(self.block), self.peer)
            if done:
                break
            p, src = recv(self.s, 5)
            tries = 0
            while p is None and tries < 3:
                # A loaded machine: ask again as a real client would.
                tries += 1
                self.s.sendto(ack(self.block), self.peer)
                p, src = recv(self.s, 5)
            if p is not None and src != self.peer:
                self.fail.append('packet from another port %r' % (src,))
        self.out['blocks'] = self.block
        self.out['bytes'] = len(self.data)
        if not done:
            self.out['complete'] = 'no'
        if self.a.out and done:
            with open(self.a.out, 'wb') as f:
                f.write(self.data)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('host')
    ap.add_argument('port', type=int)
    ap.add_argument('file')
    ap.add_argument('--blksize', type=int)
    ap.add_argument('--windowsize', type=int)
    ap.add_argument('--tsize', action='store_true')
    ap.add_argument('--stranger', action='store_true')
    ap.add_argument('--dup-ack', action='store_true')
    ap.add_argument('--dup-window', type=float, default=0.5)
    ap.add_argument('--vanish', type=int, default=0)
    ap.add_argument('--observe', type=float, default=10)
    ap.add_argument('--out')
    a = ap.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        ap.error('refusing a target outside 127.0.0.0/8')
    r = Reader(a)
    r.run()
    for k in sorted(r.out):
        v = r.out[k]
        print('%s=%s' % (k, v.decode() if isinstance(v, bytes) else v))
    for f in r.fail:
        print('FAIL: ' + f)
    sys.exit(1 if r.fail else 0)


if __name__ == '__main__':
    main()
