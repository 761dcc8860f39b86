#!/bin/sh
# bench_dirqueue.sh: queue operations per second, one process, against a
# baseline run side by side: plain open/write/close, then open/read/close/
# unlink, of files of the same size (about 300 bytes) in one directory.
# Runs on the disk ($TMPDIR) and, when there is one, on tmpfs (/dev/shm);
# the queue skips fsync (DIRQUEUE_NOSYNC) except in the "sync" line.  A
# benchmark, not a test.  DQ_BENCH_JOBS sets the job count (20000), spread
# over one device per 100 jobs (ACS queues are short).
set -u
top_builddir=${top_builddir:-.}
S="$top_builddir/tests/dirqueue_stress"
N=${DQ_BENCH_JOBS:-20000}
NDEV=$((N / 100 + 1))

now() {
	date +%s.%N
}

# rate COUNT START END: operations per second.
rate() {
	awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'
}

run() {
	where=$1
	d=$(mktemp -d "$where/dqbench.XXXXXX") || return 1
	mkdir "$d/base"
	t0=$(now)
	"$S" baseline "$d/base" "$N" 300 || return 1
	t1=$(now)
	"$S" enqueue "$d/spool" 0 "$N" $NDEV || return 1
	t2=$(now)
	touch "$d/stop"
	"$S" claim "$d/spool" "$d/log" $NDEV 60 "$d/stop" >/dev/null || return 1
	t3=$(now)
	base=$(rate "$N" "$t0" "$t1")
	enq=$(rate "$N" "$t1" "$t2")
	clm=$(rate "$N" "$t2" "$t3")
	echo "$where: $N jobs; baseline write+read+unlink $base files/s;" \
	    "enqueue $enq jobs/s ($(awk -v a="$enq" -v b="$base" \
	    'BEGIN { printf "%.2f", a / b }')x baseline);" \
	    "claim+finish $clm jobs/s ($(awk -v a="$clm" -v b="$base" \
	    'BEGIN { printf "%.2f", a / b }')x baseline)"
	rm -rf "$d"
}

run "${TMPDIR:-/tmp}"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	run /dev/shm
fi
N=$((N / 10))
DIRQUEUE_STRESS_SYNC=1
export DIRQUEUE_STRESS_SYNC
run "${TMPDIR:-/tmp}" | sed 's/^/fsync on: /'
