#!/usr/bin/env python3
"""bootp_client.py: send one BOOTP request and check the reply (tests only).

Two modes:
  --udp HOST:PORT   loopback UDP, the broadcast flag always clear; the
                    target must be in 127.0.0.0/8.
  --iface IFACE     raw Ethernet frames on IFACE (inside a network namespace
                    the test made): the request is broadcast from 0.0.0.0
                    with the flag set unless --noflag; the reply is captured
                    on a packet socket whatever its IP destination, and its
                    Ethernet and IP destinations are reported.

Prints the decoded reply as key=value lines; --expect-* options check it
and exit 1 on a mismatch, 2 on bad usage, 3 when no reply came (0 with
--expect-no-reply).  Standard library only.
"""
import argparse
import ipaddress
import os
import random
import select
import socket
import struct
import sys
import time

COOKIE = b'\x63\x82\x53\x63'


def build_request(a, xid):
    mac = bytes.fromhex(a.mac.replace(':', '').replace('-', ''))
    flags = 0x8000 if (a.iface and not a.noflag) else 0
    fixed = struct.pack('!BBBBIHH4s4s4s4s16s64s128s', 1, 1, 6, 0, xid, 0,
                        flags, socket.inet_aton(a.ciaddr),
                        bytes(4), bytes(4), socket.inet_aton(a.giaddr),
                        mac, a.sname.encode(), a.file.encode())
    if a.vend == 'none':
        return fixed
    if a.vend == 'zero':
        return fixed + bytes(64)
    opts = b''
    if a.vend == 'dhcp':
        opts = b'\x35\x01\x01'
    return fixed + (COOKIE + opts + b'\xff').ljust(64, b'\0')


def decode_reply(p):
    if len(p) < 236:
        return None
    r = {}
    (r['op'], _, _, _, r['xid'], _, r['flags']) = struct.unpack('!BBBBIHH',
                                                                p[:12])
    for i, k in enumerate(('ciaddr', 'yiaddr', 'siaddr', 'giaddr')):
        r[k] = socket.inet_ntoa(p[12 + 4 * i:16 + 4 * i])
    r['chaddr'] = ':'.join('%02x' % b for b in p[28:34])
    r['sname'] = p[44:108].split(b'\0')[0].decode(errors='replace')
    r['file'] = p[108:236].split(b'\0')[0].decode(errors='replace')
    r['length'] = len(p)
    vend = p[236:]
    r['cookie'] = vend[:4] == COOKIE
    r['options'] = {}
    i = 4
    while r['cookie'] and i < len(vend):
        code = vend[i]
        if code == 255:
            break
        if code == 0:
            i += 1
            continue
        if i + 1 >= len(vend):
            break
        n = vend[i + 1]
        r['options'][code] = vend[i + 2:i + 2 + n]
        i += 2 + n
    return r


def udp_exchange(a, req, xid):
    host, port = a.udp.rsplit(':', 1)
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit('refusing a target outside 127.0.0.0/8')
    if a.giaddr != '0.0.0.0':
        # Play the relay: send from and listen on giaddr:server-port.
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((a.giaddr, int(port)))
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(('0.0.0.0', a.cport))
    s.sendto(req, (host, int(port)))
    end = time.time() + a.timeout
    while time.time() < end:
        rd, _, _ = select.select([s], [], [], end - time.time())
        if not rd:
            break
        p, src = s.recvfrom(2048)
        r = decode_reply(p)
        if r and r['op'] == 2 and r['xid'] == xid:
            r['from'] = '%s:%d' % src
            return r
    return None


def raw_frame(a, req):
    mac = bytes.fromhex(a.mac.replace(':', ''))
    udp = struct.pack('!HHHH', a.cport, a.sport, 8 + len(req), 0) + req
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, bytes(4), b'\xff' * 4)
    s = sum(struct.unpack('!10H', ip))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack('!H', ~s & 0xffff) + ip[12:]
    return b'\xff' * 6 + mac + b'\x08\x00' + ip + udp


def raw_exchange(a, req, xid):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((a.iface, 0))
    s.send(raw_frame(a, req))
    end = time.time() + a.timeout
    arp = []
    while time.time() < end:
        rd, _, _ = select.select([s], [], [], end - time.time())
        if not rd:
            break
        f, addr = s.recvfrom(4096)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        if f[12:14] == b'\x08\x06':
            arp.append(socket.inet_ntoa(f[38:42]))
            continue
        if f[12:14] != b'\x08\x00' or f[23] != 17:
            continue
        ihl = (f[14] & 0x0f) * 4
        udp = f[14 + ihl:]
        if struct.unpack('!H', udp[2:4])[0] != a.cport:
            continue
        r = decode_reply(udp[8:])
        if r and r['op'] == 2 and r['xid'] == xid:
            r['eth_dst'] = ':'.join('%02x' % b for b in f[0:6])
            r['ip_dst'] = socket.inet_ntoa(f[30:34])
            r['arp'] = arp
            return r
    return None


def check(a, r):
    bad = []
    exp = [('yiaddr', a.expect_yiaddr), ('siaddr', a.expect_siaddr),
           ('file', a.expect_file), ('from', a.expect_from),
           ('ip_dst', a.expect_ip_dst)]
    for k, v in exp:
        if v is not None and r.get(k) != v:
            bad.append('%s is %s, expected %s' % (k, r.get(k), v))
    if a.expect_cookie and not r['cookie']:
        bad.append('no RFC 1048 cookie')
    if a.expect_no_cookie and r['cookie']:
        bad.append('cookie present')
    if a.expect_mask and r['options'].get(1) != socket.inet_aton(
            a.expect_mask):
        bad.append('subnet mask option %r' % r['options'].get(1))
    if r['length'] < 300:
        bad.append('reply shorter than 300 bytes')
    if a.expect_eth_dst and r.get('eth_dst') != a.expect_eth_dst:
        bad.append('ethernet destination %s' % r.get('eth_dst'))
    if r.get('arp'):
        bad.append('arp from server: who-has %s' % r['arp'][0])
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--udp')
    ap.add_argument('--iface')
    ap.add_argument('--sport', type=int, default=67)
    ap.add_argument('--cport', type=int, default=68)
    ap.add_argument('--mac', default='02:00:00:00:00:01')
    ap.add_argument('--file', default='')
    ap.add_argument('--sname', default='')
    ap.add_argument('--vend', choices=['cookie', 'zero', 'none', 'dhcp'],
                    default='cookie')
    ap.add_argument('--ciaddr', default='0.0.0.0')
    ap.add_argument('--giaddr', default='0.0.0.0')
    ap.add_argument('--noflag', action='store_true')
    ap.add_argument('--timeout', type=float, default=3.0)
    for k in ('yiaddr', 'siaddr', 'file', 'from', 'mask', 'eth-dst',
              'ip-dst'):
        ap.add_argument('--expect-' + k)
    ap.add_argument('--expect-cookie', action='store_true')
    ap.add_argument('--expect-no-cookie', action='store_true')
    ap.add_argument('--expect-no-reply', action='store_true')
    a = ap.parse_args()
    if bool(a.udp) == bool(a.iface):
        ap.error('give exactly one of --udp and --iface')
    xid = random.getrandbits(32)
    req = build_request(a, xid)
    r = udp_exchange(a, req, xid) if a.udp else raw_exchange(a, req, xid)
    if r is None:
        print('no reply')
        sys.exit(0 if a.expect_no_reply else 3)
    for k in sorted(r):
        if k != 'options':
            print('%s=%s' % (k, r[k]))
    print('options=%s' % ','.join(str(c) for c in sorted(r['options'])))
    if a.expect_no_reply:
        print('FAIL: a reply came')
        sys.exit(1)
    bad = check(a, r)
    for b in bad:
        print('FAIL: ' + b)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
