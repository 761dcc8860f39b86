#!/bin/sh
# The main job README.md's first command runs (scripts/demo.sh, the last
# step of quickstart.sh): acsd on its embedded defaults, port 7547, with a
# small mixed cpe-sim fleet informing into it; it must end cleanly, with
# every device stored and listed.  Skipped when port 7547 is taken, since
# the point is the embedded default port.
. "$top_srcdir/tests/integration/lib.sh"
command -v bash >/dev/null 2>&1 || skip "no bash"
if command -v ss >/dev/null 2>&1 && ss -ltn | grep -q ':7547 '; then
	skip "port 7547 in use"
fi
DEMO_DIR=$T DEVICES=6 SESSIONS=1 timeout 120 \
    bash "$top_srcdir/scripts/demo.sh" "$top_builddir" >"$T/demo.out" 2>&1 ||
    fail "demo.sh failed: $(tail -20 "$T/demo.out")"
grep -q 'sessions: 6 ok, 0 failed' "$T/demo.out" ||
    fail "not 6 good sessions: $(grep sessions: "$T/demo.out")"
[ "$(grep -c DEMO0000 "$T/anthill-state/devices.txt")" -eq 6 ] ||
    fail "not 6 devices listed: $(cat "$T/anthill-state/devices.txt")"
grep -q "$T/anthill-state/acsd.log (6 sessions)" "$T/demo.out" ||
    fail "acsd did not log 6 sessions: $(tail -5 "$T/demo.out")"
exit 0
