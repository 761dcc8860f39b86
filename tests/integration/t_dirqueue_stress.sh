#!/bin/sh
# t_dirqueue_stress.sh: 8 processes enqueue and 8 claim 100,000 jobs on one
# spool; every job must be delivered exactly once.  One claimer dies by
# SIGKILL right after a claim under another host name (its job comes back
# only when its 2 s lease expires); another is killed by the script in the
# middle of its work (same host: its lease is recovered at once, since
# its pid is dead).  STRESS_JOBS overrides the job count.
. "${top_srcdir}/tests/integration/lib.sh"

S="$top_builddir/tests/dirqueue_stress"
[ -x "$S" ] || skip "tests/dirqueue_stress not built"
JOBS=${STRESS_JOBS:-100000}
NDEV=1000
PER=$((JOBS / 8))
JOBS=$((PER * 8))
# The spool goes on tmpfs when there is one: this test is about the
# protocol under concurrency, not about the speed of the disk.
SPOOL="$T/spool"
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "${STRESS_ON_DISK:-0}" = 0 ]; then
	SHMDIR=$(mktemp -d /dev/shm/anthill-stress.XXXXXX) || fail "mktemp"
	trap 'rm -rf "$SHMDIR"; cleanup' EXIT
	SPOOL="$SHMDIR/spool"
fi
STOP="$T/stop"
mkdir "$SPOOL"

# forget PID: drops a reaped process from lib.sh's kill list, so that
# cleanup cannot signal a stranger that got its pid again.
forget() {
	_keep=""
	for _p in $PIDS; do
		[ "$_p" = "$1" ] || _keep="$_keep $_p"
	done
	PIDS=$_keep
}

start=$(date +%s)
i=0
while [ $i -lt 8 ]; do
	start_daemon "claim$i" "$T/claim$i.out" \
	    "$S" claim "$SPOOL" "$T/log$i" $NDEV 30 "$STOP" -t 600
	i=$((i + 1))
done
# Claimer 8 dies after 500 claims, leaving a 2 s lease under host "ghost".
start_daemon ghost "$T/ghost.out" \
    "$S" claim "$SPOOL" "$T/log8" $NDEV 2 "$STOP" -h ghost -k 500 -t 600
EPIDS=""
i=0
while [ $i -lt 8 ]; do
	"$S" enqueue "$SPOOL" $((i * PER)) $PER $NDEV &
	EPIDS="$EPIDS $!"
	PIDS="$PIDS $!"
	i=$((i + 1))
done
# Kill claimer 0 in the middle of its work: once it has delivered some.
n=0
while [ "$(cat "$T/log0" 2>/dev/null | wc -l)" -lt 50 ]; do
	n=$((n + 1))
	[ $n -lt 1200 ] || fail "claimer 0 delivered nothing in 120 s"
	sleep 0.1
done
kill -KILL "$claim0_pid" 2>/dev/null || fail "claimer 0 ended early"
wait "$claim0_pid"
forget "$claim0_pid"
for p in $EPIDS; do
	wait "$p" || fail "an enqueuer failed"
	forget "$p"
done
touch "$STOP"
enq=$(date +%s)

# Each claimer gives up by itself after 600 s (-t), so plain wait is safe.
i=1
while [ $i -lt 8 ]; do
	eval "p=\$claim${i}_pid"
	wait "$p" || fail "claimer $i failed: $(cat "$T/claim$i.out")"
	forget "$p"
	i=$((i + 1))
done
end=$(date +%s)
wait "$ghost_pid"
forget "$ghost_pid"
grep -q . "$T/ghost.out" && fail "ghost claimer was not killed as planned"

cat "$T"/log* | sort -n >"$T/all"
sort -n -u "$T/all" >"$T/uniq"
seq 0 $((JOBS - 1)) >"$T/want"
cmp -s "$T/uniq" "$T/want" ||
    fail "lost jobs: $(comm -13 "$T/uniq" "$T/want" | head -5 | tr '\n' ' ')"
# Only claimer 0's last logged job may have run twice (killed between
# logging and finishing); the ghost's job never was logged by it.
dups=$(uniq -d "$T/all")
last0=$(tail -n 1 "$T/log0")
for d in $dups; do
	[ "$d" = "$last0" ] || fail "job $d delivered twice"
done
n8=$(wc -l <"$T/log8")
[ "$n8" -eq 499 ] || fail "ghost claimer logged $n8 jobs, not 499"
[ -s "$T/log0" ] || fail "claimer 0 was killed before it did anything"
left=$(find "$SPOOL" -path '*/queue/*' | wc -l)
[ "$left" -eq 0 ] || fail "$left jobs left in queue/"
# A lease entry may outlive its job only when claimer 0 was killed between
# removing a finished job and removing its lease (prune cleans those).
for f in $(find "$SPOOL" -path '*/active/*'); do
	job=$(basename "$f" | sed 's/@.*//')
	grep -q "^pid: $claim0_pid\$" "$f" || fail "stray lease $f"
	[ -f "$(dirname "$f")/../done/$job" ] || fail "stray lease $f"
done
done=$(find "$SPOOL" -path '*/done/*' -type f | wc -l)
[ "$done" -eq $JOBS ] || fail "$done done records for $JOBS jobs"
echo "ok: $JOBS jobs, 8+8 processes, enqueue $((enq - start)) s," \
    "all delivered in $((end - start)) s, duplicates: ${dups:-none}"
