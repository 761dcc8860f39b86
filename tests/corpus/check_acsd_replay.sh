#!/usr/bin/env bash
# check_acsd_replay.sh: every Inform and response of the real-CPE corpus
# ($ANTHILL_FIXTURES) replayed through a running acsd in session order
# (acsd_replay.py); the answers must be accepted and the stored records
# must hold the right values.  CI only (tests/corpus/run.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fix=${ANTHILL_FIXTURES:-$here/../../../shared/fixtures/real-cpe}
top_builddir=${top_builddir:-.}
acsd=$top_builddir/acs/acsd
jobtool=$top_builddir/tests/data/acs/acs_job
[ -d "$fix" ] || { echo "no fixtures at $fix"; exit 0; }
[ -x "$acsd" ] && [ -x "$jobtool" ] || { echo "build acsd first"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/acsd-replay.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
cat >"$T/acsd.yaml" <<Y
http:
  listen: 127.0.0.1
  port: 0
session:
  discover_on_first_contact: false
  discover_on_bootstrap: false
store:
  state_dir: $T/state
Y
"$acsd" -d -v -f "$T/acsd.yaml" >"$T/acsd.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
	port=$(sed -nE 's/.*listening on 127.0.0.1:([0-9]+).*/\1/p' "$T/acsd.log")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { cat "$T/acsd.log"; exit 1; }
if ! python3 "$here/acsd_replay.py" "$port" "$T/state/spool" \
    "$T/state/devices" "$jobtool" "$fix"; then
	tail -40 "$T/acsd.log"
	exit 1
fi
