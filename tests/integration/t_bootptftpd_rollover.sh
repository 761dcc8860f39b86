#!/bin/sh
# Block numbers past 65535: a 40 MB image at blksize 512 (131,072 blocks
# would be 64 MiB; 40 MB is 78,125 blocks) with a plain RFC 1350 client,
# and the same file with windowsize 16 so a window straddles the wrap.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

head -c 40000000 /dev/urandom >"$ROOT/big.bli"
btd_conf </dev/null
btd_start
if command -v tftp >/dev/null 2>&1; then
	timeout 60 tftp -m binary 127.0.0.1 "$TPORT" -c get big.bli "$T/o1"
	same "$ROOT/big.bli" "$T/o1" "tftp-hpa 40 MB at 512"
else
	timeout 60 curl -s --tftp-no-options -o "$T/o1" \
	    "tftp://127.0.0.1:$TPORT/big.bli" || fail "curl"
	same "$ROOT/big.bli" "$T/o1" "curl 40 MB at 512"
fi
$TCLIENT 127.0.0.1 "$TPORT" big.bli --blksize 512 --windowsize 16 \
    --out "$T/o2" >"$T/probe" || fail "windowed: $(cat "$T/probe")"
grep -q 'blocks=78126' "$T/probe" || fail "block count: $(cat "$T/probe")"
same "$ROOT/big.bli" "$T/o2" "windowsize 16 across the wrap"
btd_finish
