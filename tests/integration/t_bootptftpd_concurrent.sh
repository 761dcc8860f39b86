#!/bin/sh
# 50 clients at once fetch the same image (one libevent loop, one socket
# per transfer, the image opened once) and every copy must match.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

command -v curl >/dev/null 2>&1 || skip "curl not installed"
head -c 1000000 /dev/urandom >"$ROOT/img.bli"
btd_conf </dev/null
btd_start
pids=""
i=1
while [ $i -le 50 ]; do
	if [ $((i % 2)) -eq 0 ]; then
		timeout 60 curl -s --tftp-blksize 1468 -o "$T/out.$i" \
		    "tftp://127.0.0.1:$TPORT/img.bli" &
	else
		timeout 60 curl -s -o "$T/out.$i" \
		    "tftp://127.0.0.1:$TPORT/img.bli" &
	fi
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait "$p" || fail "a client failed"
done
i=1
while [ $i -le 50 ]; do
	same "$ROOT/img.bli" "$T/out.$i" "client $i"
	i=$((i + 1))
done
wait_for_log "$T/btd.log" 'transfers finished: 50 ok, 0 failed' 10 ||
    fail "no summary for 50 transfers"
btd_finish
