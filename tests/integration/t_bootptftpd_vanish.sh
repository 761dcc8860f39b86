#!/bin/sh
# A client that vanishes mid-transfer: the server re-sends with a doubling
# timeout, gives up after `giveup`, sends ERROR 0, logs the outcome and
# the status file shows nothing in progress.  A client that vanishes
# after the final block is logged as complete.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

head -c 100000 /dev/urandom >"$ROOT/img.bli"
btd_conf <<EOC
  timeout: 250ms
  giveup: 3s
  status_file: $T/status.json
EOC
btd_start
$TCLIENT 127.0.0.1 "$TPORT" img.bli --vanish 3 --observe 8 >"$T/probe" ||
    fail "probe: $(cat "$T/probe")"
cat "$T/probe"
grep -q '^error=timeout' "$T/probe" || fail "no ERROR 0 timeout"
# Re-sends of DATA 3 at about 0.25, 0.75, 1.75 s (doubling), then ERROR;
# never a flood.  On a machine too loaded to keep the timers, fewer
# re-sends arrive and only the bound is checked.
r=$(sed -n 's/^resends=//p' "$T/probe")
set -- $r
[ $# -ge 1 ] && [ $# -le 6 ] || fail "re-sends: $r"
if [ $# -ge 3 ]; then
	echo "$r" | awk '{ if ($NF - $(NF - 1) <= $2 - $1) exit 1 }' ||
	    fail "no backoff: $r"
fi
wait_for_log "$T/btd.log" 'read img.bli timeout: 1024 bytes' 5 ||
    fail "no timeout line"
sleep 1.5
grep -q '"active":0' "$T/status.json" || fail "status: $(cat "$T/status.json")"
grep -q '"failed":1' "$T/status.json" || fail "status: $(cat "$T/status.json")"
btd_finish
