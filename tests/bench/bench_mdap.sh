#!/bin/sh
# bench_mdap.sh: `mdap search` over 1,000 simulated ants behind one socket
# on 127.0.0.1 (unicast mode): the time until the last reply arrived and
# how many ants were lost, for 3 runs.  A benchmark, not a test.
set -u
top_builddir=${top_builddir:-.}
N=${MDAP_BENCH_ANTS:-1000}
T=$(mktemp -d)
"$top_builddir/tests/mdap_antsim" -n "$N" >"$T/ants.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while ! grep -q 'on port' "$T/ants.log" && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
port=$(sed -n 's/.*on port \([0-9]*\).*/\1/p' "$T/ants.log")
echo "ants: $N on 127.0.0.1:$port"
for run in 1 2 3; do
	"$top_builddir/mdap/mdap" -v -u "127.0.0.1:$port" -t 3000 search \
	    2>"$T/err" >"$T/out"
	found=$(sed -n 's/^\([0-9]*\) ants* found.*/\1/p' "$T/out")
	echo "run $run: found $found of $N, lost $((N - found)); $(sed -n 's/.*search: //p' "$T/err")"
done
