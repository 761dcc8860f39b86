#!/bin/sh
# BOOTP on loopback (unicast only, flag clear, addresses in 127.0.0.0/8):
# a listed MAC, a board name, the pool (same address on a retry, exhausted
# pool), RFC 951 and 236-byte requests, DHCP ignored, ciaddr and relay
# delivery, another server's sname, and the image then fetched by TFTP.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

CPORT=$((20000 + $$ % 20000))
echo firmware >"$ROOT/ZZQ2AA7.417.bli"
cat >"$T/btd.yaml" <<EOC
user: $BTD_USER
chroot: false
bootp:
  interface: lo
  listen: 127.0.0.1
  port: 0
  client_port: $CPORT
  server_ip: 127.0.0.1
  netmask: 255.0.0.0
  routers: [127.0.0.254]
  default_file: default.bin
  bootsize: true
  boards:
    - board: BANT-V
      file: //ZZQ2AA7.417.bli
  hosts:
    - mac: 02:00:00:00:00:01
      ip: 127.0.0.138
    - mac: 02:00:00:00:00:02
      ip: 127.0.0.139
      file: special.bin
      hostname: ant2
  pools:
    - start: 127.0.0.100
      end: 127.0.0.101
  options:
    - code: 128
      type: hex
      value: "01:02:03"
tftp:
  root: $ROOT
  listen: 127.0.0.1
  port: 0
EOC
btd_start
[ -n "$BPORT" ] || fail "no BOOTP port in the log"
B="$BCLIENT --udp 127.0.0.1:$BPORT --cport $CPORT"
ok() { "$@" >"$T/reply" || { cat "$T/reply"; fail "$*"; }; }
ok $B --mac 02:00:00:00:00:01 --file BANT-V --expect-yiaddr 127.0.0.138 \
    --expect-siaddr 127.0.0.1 --expect-file //ZZQ2AA7.417.bli \
    --expect-cookie --expect-mask 255.0.0.0
# Mask, router, boot file size (the image exists), the extra option.
grep -q '^options=1,3,13,128$' "$T/reply" || fail "options: $(cat "$T/reply")"
ok $B --mac 02:00:00:00:00:02 --file BANT-V --expect-yiaddr 127.0.0.139 \
    --expect-file special.bin
grep -q '^options=1,3,12,128$' "$T/reply" || fail "no host name option"
ok $B --mac 02:00:00:00:00:99 --expect-yiaddr 127.0.0.100 \
    --expect-file default.bin
ok $B --mac 02:00:00:00:00:99 --expect-yiaddr 127.0.0.100
ok $B --mac 02:00:00:00:00:98 --file BANT-V --expect-yiaddr 127.0.0.101 \
    --expect-file //ZZQ2AA7.417.bli
ok $B --mac 02:00:00:00:00:97 --expect-no-reply --timeout 1
wait_for_log "$T/btd.log" '02:00:00:00:00:97: no answer: pool exhausted' 2 ||
    fail "exhausted pool not logged"
ok $B --vend zero --expect-no-cookie --expect-yiaddr 127.0.0.138
ok $B --vend none --expect-yiaddr 127.0.0.138
ok $B --vend dhcp --expect-no-reply --timeout 1
ok $B --ciaddr 127.0.0.138 --expect-yiaddr 127.0.0.138
ok $B --giaddr 127.0.0.2 --expect-from "127.0.0.1:$BPORT"
grep -q 'relay on lo' "$T/btd.log" || fail "relay path not taken"
ok $B --sname elsewhere --expect-no-reply --timeout 1
# The modem then asks TFTP for the name verbatim.
$TCLIENT 127.0.0.1 "$TPORT" //ZZQ2AA7.417.bli --out "$T/img" >/dev/null ||
    fail "TFTP fetch of the BOOTP file"
same "$ROOT/ZZQ2AA7.417.bli" "$T/img" "image named by BOOTP"
btd_finish
