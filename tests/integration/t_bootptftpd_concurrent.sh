#!/bin/sh
# 50 clients at once fetch the same image (one socket per transfer, the
# image opened once per event loop) and every copy must match: in the
# caller's loop (workers: 1) and spread over 4 worker threads.  With 4
# workers, max_per_client still counts one client's transfers across all
# of them (busy_poll off there): two stalled transfers from 127.0.0.1 and
# the third is refused.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

command -v curl >/dev/null 2>&1 || skip "curl not installed"
head -c 1000000 /dev/urandom >"$ROOT/img.bli"

# fetch50: 50 curl clients at once, half with blksize 1468.
fetch50() {
	rm -f "$T"/out.*
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
		wait "$p" || fail "a client failed ($1 workers)"
	done
	i=1
	while [ $i -le 50 ]; do
		same "$ROOT/img.bli" "$T/out.$i" "client $i ($1 workers)"
		i=$((i + 1))
	done
	# On a loaded machine the first may end before the last starts: two
	# summaries then.  The totals (SIGUSR1) count all 50.
	wait_for_log "$T/btd.log" 'transfers finished: [0-9]+ ok, 0 failed' 10 ||
	    fail "no summary ($1 workers)"
	kill -USR1 "$btd_pid"
	wait_for_log "$T/btd.log" 'tftp: 0 active, 50 ok, 0 failed' 10 ||
	    fail "totals ($1 workers)"
}

printf '  workers: 1\n' | btd_conf
btd_start
grep -q 'worker threads' "$T/btd.log" && fail "threads with workers: 1"
fetch50 1
stop_daemon btd
grep -Eq 'Sanitizer|runtime error' "$T/btd.log" && fail "sanitizer report"

printf '  workers: 4\n' | btd_conf
btd_start
wait_for_log "$T/btd.log" 'tftp: 4 worker threads' 5 ||
    fail "4 workers not started"
fetch50 4
stop_daemon btd
grep -Eq 'Sanitizer|runtime error' "$T/btd.log" && fail "sanitizer report"

printf '  workers: 4\n  busy_poll: 0\n  max_per_client: 2\n  giveup: 20s\n' | btd_conf
btd_start
# One at a time stays under the limit; then two stalled transfers.
for n in 1 2 3; do
	timeout 30 curl -s -o "$T/one.$n" "tftp://127.0.0.1:$TPORT/img.bli" ||
	    fail "fetch $n failed"
	same "$ROOT/img.bli" "$T/one.$n" "sequential fetch $n"
done
$TCLIENT 127.0.0.1 "$TPORT" img.bli --vanish 1 --observe 4 >/dev/null &
v1=$!
$TCLIENT 127.0.0.1 "$TPORT" img.bli --vanish 1 --observe 4 >/dev/null &
v2=$!
# Both stalled transfers must be running (the server keeps them for the
# 20 s giveup) before the third asks; a loaded machine may take seconds
# to start the two clients.
i=0
while [ "$(grep -c 'RRQ img.bli (octet)' "$T/btd.log")" -lt 5 ] &&
    [ $i -lt 150 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(grep -c 'RRQ img.bli (octet)' "$T/btd.log")" -ge 5 ] || {
	tail -20 "$T/btd.log" >&2
	fail "the two stalled transfers did not start"
}
rm -f "$T/third"
timeout 10 curl -s -o "$T/third" "tftp://127.0.0.1:$TPORT/img.bli" &&
    fail "a third transfer from one client was not refused"
grep -q 'refused: busy' "$T/btd.log" || {
	tail -20 "$T/btd.log" >&2
	fail "no busy refusal logged"
}
wait "$v1" "$v2"
btd_finish
