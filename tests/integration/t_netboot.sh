#!/bin/sh
# lib/netboot, the bootloader of cpe-sim's modems, against the real
# bootp-tftpd on 127.0.0.1 (unicast only): 8 modems at once get an address
# from the pool and their board's image, byte for byte; one "unplugged"
# mid-transfer reports it; an unknown board gets the server's refusal.
. "$top_srcdir/tests/integration/lib.sh"
BTD=$top_builddir/bootp-tftp/bootp-tftpd
PROBE=$top_builddir/tests/netboot_probe
CPORT=$((20000 + $$ % 20000))
mkdir -p "$T/root" "$T/out"
head -c 3000000 /dev/urandom >"$T/root/ZZQ2AA7.417.bli"
cat >"$T/btd.yaml" <<EOC
user: $(id -un)
chroot: false
bootp:
  interface: lo
  listen: 127.0.0.1
  port: 0
  client_port: $CPORT
  server_ip: 127.0.0.1
  netmask: 255.0.0.0
  boards:
    - board: BANT-R
      file: ZZQ2AA7.417.bli
  pools:
    - start: 127.0.1.10
      end: 127.0.1.40
tftp:
  root: $T/root
  listen: 127.0.0.1
  port: 0
EOC
start_daemon btd "$T/btd.log" "$BTD" -d -v -f "$T/btd.yaml"
wait_for_log "$T/btd.log" 'bootp-tftpd .* started' 10 || fail "no daemon"
TPORT=$(log_value "$T/btd.log" '.*tftp: serving .* on [0-9.]+:([0-9]+).*')
BPORT=$(log_value "$T/btd.log" '.*bootp: listening on [0-9.]+:([0-9]+).*')
[ -n "$TPORT" ] && [ -n "$BPORT" ] || fail "ports not in the log"

timeout 60 "$PROBE" -s 127.0.0.1:$BPORT -c $CPORT -t $TPORT -n 8 -B 1468 \
    -d "$T/out" -u 5 >"$T/probe" 2>&1 && fail "the unplugged modem succeeded"
cat "$T/probe"
[ "$(grep -c ' ok ' "$T/probe")" = 7 ] || fail "not 7 modems flashed"
grep -q '^02:00:00:00:01:05 fail .*unplugged after' "$T/probe" ||
    fail "unplugged modem not reported"
for i in 0 1 2 3 4 6 7; do
	cmp -s "$T/root/ZZQ2AA7.417.bli" "$T/out/$i.img" ||
	    fail "modem $i image differs"
done
# Every modem got its own pool address.
[ "$(awk '{print $3}' "$T/probe" | sort -u | grep -c '^127\.0\.1\.')" = 8 ] ||
    fail "addresses not unique"

# A board with no image: no file in the reply, a clear failure.
timeout 30 "$PROBE" -s 127.0.0.1:$BPORT -c $CPORT -t $TPORT -n 1 -b BANT-Q \
    -d "$T/out" >"$T/probe2" 2>&1 && fail "unknown board flashed"
cat "$T/probe2"
grep -Eq 'fail .*(BOOTP|TFTP)' "$T/probe2" || fail "no clear error"
exit 0
