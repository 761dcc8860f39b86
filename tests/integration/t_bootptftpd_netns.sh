#!/bin/sh
# BOOTP broadcast and unicast-to-chaddr delivery on ports 67/68, inside two
# network namespaces this test creates, joined only to each other by a
# veth pair created inside them (nothing touches the host namespace; see
# the safety rule in BOOTP-TFTP.md section 14.2).  The client end has no
# address, as a modem in BOOTP mode; after its BOOTP answer it takes the
# address and fetches the image by TFTP.  Skipped without root or netns.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root for ip netns"
command -v ip >/dev/null 2>&1 || skip "no iproute2"
S=btdS$$
C=btdC$$
ip netns add $S 2>/dev/null || skip "ip netns add not permitted"
ip netns add $C || { ip netns del $S; skip "ip netns add failed"; }
netns_cleanup() {
	cleanup
	ip netns pids $S 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns pids $C 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del $S 2>/dev/null
	ip netns del $C 2>/dev/null
}
trap netns_cleanup EXIT
ip -n $S link add vs type veth peer name vc netns $C || fail "veth"
ip -n $C link set vc address 02:00:00:00:00:01
ip -n $S addr add 10.0.0.1/24 brd + dev vs
ip -n $S link set vs up
ip -n $C link set vc up
ip -n $S link set lo up
ip -n $C link set lo up
# Nothing but the pair: no default route in either namespace.
[ -z "$(ip -n $S route show default)" ] || fail "route out of $S"
[ -z "$(ip -n $C route show default)" ] || fail "route out of $C"

head -c 200000 /dev/urandom >"$ROOT/ZZQ2AA7.417.bli"
chmod 755 "$T" "$ROOT"
cat >"$T/btd.yaml" <<EOC
user: $BTD_USER
chroot: false
bootp:
  interface: vs
  server_ip: 10.0.0.1
  netmask: 255.255.255.0
  boards:
    - board: BANT-V
      file: //ZZQ2AA7.417.bli
  hosts:
    - mac: 02:00:00:00:00:01
      ip: 10.0.0.138
  pools:
    - start: 10.0.0.100
      end: 10.0.0.110
tftp:
  root: $ROOT
  listen: 10.0.0.1
EOC
start_daemon btd "$T/btd.log" ip netns exec $S "$BTD" -d -v -f "$T/btd.yaml"
wait_for_log "$T/btd.log" 'bootp-tftpd .* started' 10 || fail "no start"
B="ip netns exec $C $BCLIENT --iface vc"
ok() { "$@" >"$T/reply" || { cat "$T/reply"; fail "$*"; }; }
# Flag set: limited broadcast, out of vs only.
ok $B --file BANT-V --expect-yiaddr 10.0.0.138 --expect-siaddr 10.0.0.1 \
    --expect-file //ZZQ2AA7.417.bli --expect-ip-dst 255.255.255.255 \
    --expect-eth-dst ff:ff:ff:ff:ff:ff --expect-cookie
grep -q 'broadcast on vs' "$T/btd.log" || fail "not logged as broadcast"
# Flag clear: a frame to chaddr and yiaddr, no ARP for a client that
# cannot answer it.
ok $B --noflag --file BANT-V --expect-yiaddr 10.0.0.138 \
    --expect-ip-dst 10.0.0.138 --expect-eth-dst 02:00:00:00:00:01
grep -q 'unicast to chaddr on vs' "$T/btd.log" || fail "no unicast to chaddr"
# An unlisted MAC gets a pool address, broadcast.
ok $B --mac 02:00:00:00:00:99 --expect-yiaddr 10.0.0.100 \
    --expect-ip-dst 255.255.255.255
# The modem takes its address and fetches the image.
ip -n $C addr add 10.0.0.138/24 dev vc
ip netns exec $C curl -s -m 20 -o "$T/img" "tftp://10.0.0.1//ZZQ2AA7.417.bli" ||
    fail "TFTP in the pair"
same "$ROOT/ZZQ2AA7.417.bli" "$T/img" "image over the pair"
btd_finish
