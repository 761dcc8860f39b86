#!/bin/sh
# bootp-tftpd with real TFTP clients on loopback: curl (default and
# blksize 1468), tftp-hpa, atftp (plain, blksize, windowsize), busybox
# (plain, -b 1468), a netascii read, a size that is a multiple of 512
# (0-byte final block) and names written the bootptab way (//name).
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

head -c 1500000 /dev/urandom >"$ROOT/img.bli"
head -c 65536 /dev/urandom >"$ROOT/even.bin"
printf 'line one\nline two\r\nthird\n' >"$ROOT/text.txt"
mkdir -p "$ROOT/sub"
cp "$ROOT/even.bin" "$ROOT/sub/x.bin"
echo "  status_file: $T/status.json" | btd_conf
btd_start

have() { command -v "$1" >/dev/null 2>&1; }
O=$T/out
if have curl; then
	curl -s -o "$O.c1" "tftp://127.0.0.1:$TPORT/img.bli" || fail "curl"
	same "$ROOT/img.bli" "$O.c1" "curl"
	curl -s --tftp-blksize 1468 -o "$O.c2" \
	    "tftp://127.0.0.1:$TPORT/sub/x.bin" || fail "curl 1468"
	same "$ROOT/even.bin" "$O.c2" "curl blksize 1468"
	grep -q 'RRQ sub/x.bin (octet): size 65536, blksize 1468' \
	    "$T/btd.log" || fail "blksize 1468 not negotiated"
fi
if have tftp; then
	tftp -m binary 127.0.0.1 "$TPORT" -c get //img.bli "$O.h1"
	same "$ROOT/img.bli" "$O.h1" "tftp-hpa //img.bli"
	tftp -m binary 127.0.0.1 "$TPORT" -c get /even.bin "$O.h2"
	same "$ROOT/even.bin" "$O.h2" "tftp-hpa 0-byte final block"
	tftp -m ascii 127.0.0.1 "$TPORT" -c get text.txt "$O.h3"
	same "$ROOT/text.txt" "$O.h3" "tftp-hpa netascii"
fi
if have atftp; then
	atftp -g -r img.bli -l "$O.a1" 127.0.0.1 "$TPORT" >/dev/null 2>&1
	same "$ROOT/img.bli" "$O.a1" "atftp"
	atftp --option "blksize 1468" -g -r img.bli -l "$O.a2" \
	    127.0.0.1 "$TPORT" >/dev/null 2>&1
	same "$ROOT/img.bli" "$O.a2" "atftp blksize"
	atftp --option "blksize 1468" --option "windowsize 16" -g \
	    -r img.bli -l "$O.a3" 127.0.0.1 "$TPORT" >/dev/null 2>&1
	same "$ROOT/img.bli" "$O.a3" "atftp windowsize 16"
	grep -q 'RRQ img.bli (octet): size 1500000, blksize 1468, window 16' \
	    "$T/btd.log" || fail "windowsize not negotiated"
fi
if have busybox; then
	busybox tftp -g -r img.bli -l "$O.b1" 127.0.0.1 "$TPORT" 2>/dev/null
	same "$ROOT/img.bli" "$O.b1" "busybox"
	busybox tftp -b 1468 -g -r //even.bin -l "$O.b2" 127.0.0.1 \
	    "$TPORT" 2>/dev/null
	same "$ROOT/even.bin" "$O.b2" "busybox -b 1468"
fi
# Our own client: TIDs and the Sorcerer's Apprentice rule, windowed.
$TCLIENT 127.0.0.1 "$TPORT" img.bli --stranger --dup-ack --out "$O.p1" \
    >"$T/probe" || { cat "$T/probe"; fail "tftp_client checks"; }
same "$ROOT/img.bli" "$O.p1" "tftp_client"
$TCLIENT 127.0.0.1 "$TPORT" img.bli --blksize 1000 --windowsize 8 \
    --tsize --out "$O.p2" >"$T/probe2" || fail "windowed read"
grep -q 'oack=.*tsize=1500000' "$T/probe2" || fail "no tsize in OACK"
same "$ROOT/img.bli" "$O.p2" "tftp_client windowsize 8"
wait_for_log "$T/btd.log" 'transfers finished' 5 || fail "no summary"
sleep 1.2
grep -q '"active":0' "$T/status.json" || fail "status file: $(cat "$T/status.json")"
grep -q '"failed":0' "$T/status.json" || fail "a transfer failed: $(cat "$T/btd.log")"
btd_finish
