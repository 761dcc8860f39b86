#!/bin/sh
# bench_cwmp.sh: CWMP decode speed.  Informs decoded per second, and the
# time to decode the 590 KB whole-tree GetParameterNamesResponse of a
# SpeedTouch 780 (3,343 names), each against a side-by-side baseline of
# plain xmlReadMemory() plus a tree walk that builds no structs.  Uses
# $ANTHILL_FIXTURES when present, else generated messages of the same
# shape.  The large message is run twice: with glibc's default malloc
# trimming (the heap shrinks and is faulted in again on every decode) and
# with trimming raised, as a long-running daemon would see it.  About 15 s
# of CPU.  A benchmark, not a test.
set -u
top_builddir=${top_builddir:-.}
b="$top_builddir/tests/bench/bench_cwmp"
fx=${ANTHILL_FIXTURES:-}
notrim=glibc.malloc.trim_threshold=67108864:glibc.malloc.mmap_threshold=67108864
if [ -n "$fx" ] && [ -f "$fx/SpeedTouch-780/Inform.xml" ]; then
	inform="file $fx/SpeedTouch-780/Inform.xml"
	gpn="file $fx/SpeedTouch-780/GetParameterNamesResponse.xml"
	what="ST780 captures"
else
	inform="inform -"
	gpn="gpn 3343"
	what="generated messages"
fi
echo "cwmp decode ($what); rates are the best of 5 alternating rounds"
printf 'inform:                 '
"$b" $inform
printf 'gpn 3,343 names:        '
"$b" $gpn
printf 'gpn, malloc not trimmed: '
GLIBC_TUNABLES=$notrim "$b" $gpn
