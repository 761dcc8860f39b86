#!/bin/sh
# mdap over real multicast (224.0.0.103, TTL 1) between two network
# namespaces joined by a veth pair that this test creates; nothing is
# attached to the host namespace.  Without namespaces (not root, or not
# permitted), multicast is checked on lo only.
. "$top_srcdir/tests/integration/lib.sh"
# Without namespaces: real multicast on lo only (IP_MULTICAST_IF is lo's
# 127.0.0.1, TTL 1), on a group port of the test's own.
lo_multicast() {
	port=$((30000 + $$ % 20000))
	start_daemon ants "$T/ants.log" timeout 60 \
	    "$top_builddir/tests/mdap_antsim" -n 20 -b 0.0.0.0 -p $port -i lo
	wait_for_log "$T/ants.log" "on port $port" || fail "ants did not start"
	"$top_builddir/mdap/mdap" -i lo -p $port -t 900 -j search \
	    >"$T/search.json" || fail "multicast search on lo failed"
	python3 -c '
import json,sys
assert len(json.load(open(sys.argv[1])))==20
' "$T/search.json" || fail "multicast search on lo did not find 20 ants"
	"$top_builddir/mdap/mdap" -i lo -p $port exec 0644T0003 'ip iplist' \
	    | grep -q 192.168.1.254 || fail "multicast exec on lo failed"
	echo "namespaces unavailable: multicast checked on lo only"
	exit 0
}
[ "$(id -u)" = 0 ] || lo_multicast
command -v ip >/dev/null || lo_multicast
A=ahA$$
B=ahB$$
ip netns add $A 2>/dev/null || lo_multicast
ip netns add $B || { ip netns del $A; skip "ip netns add failed"; }
netns_cleanup() {
	ip netns pids $A 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns pids $B 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	cleanup
}
trap netns_cleanup EXIT
ip link add vA$$ type veth peer name vB$$ || fail "veth"
ip link set vA$$ netns $A
ip link set vB$$ netns $B
ip -n $A addr add 192.0.2.1/24 dev vA$$
ip -n $B addr add 192.0.2.2/24 dev vB$$
ip -n $A link set vA$$ up
ip -n $B link set vB$$ up
ip -n $A link set lo up
ip -n $B link set lo up
# Ants (all sharing one socket, as the factory address would) in B.
start_daemon ants "$T/ants.log" ip netns exec $B timeout 60 \
    "$top_builddir/tests/mdap_antsim" -n 20 -b 0.0.0.0 -p 3235 -i vB$$
wait_for_log "$T/ants.log" 'on port 3235' || fail "ants did not start"
ip netns exec $A "$top_builddir/mdap/mdap" -i vA$$ -t 900 -j search \
    >"$T/search.json" || fail "multicast search failed"
python3 -c '
import json,sys
a=json.load(open(sys.argv[1]))
assert len(a)==20, len(a)
assert all(x["source"]=="192.0.2.2" for x in a)
' "$T/search.json" || fail "multicast search did not find 20 ants"
ip netns exec $A "$top_builddir/mdap/mdap" -i vA$$ exec 0644T0003 \
    'ip iplist' >"$T/exec" || fail "multicast exec failed"
grep -q '192.168.1.254' "$T/exec" || fail "exec output missing"
# Without -i the controller refuses to pick an interface itself.
ip netns exec $A "$top_builddir/mdap/mdap" search >"$T/noif" 2>&1 &&
    fail "multicast without an interface was allowed"
grep -q 'no interface named' "$T/noif" || fail "no clear error without -i"
exit 0
