#!/usr/bin/env bash
# tests/corpus/run.sh: runs every check of the real-device corpus in
# $ANTHILL_FIXTURES (../shared/fixtures/real-cpe in CI).  Each part adds a
# script tests/corpus/check_*.sh; this runs them all and fails if any fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rc=0
n=0
for s in "$here"/check_*.sh; do
	[ -e "$s" ] || continue
	n=$((n + 1))
	echo "--- $(basename "$s")"
	if ! bash "$s"; then
		echo "FAIL: $(basename "$s")"
		rc=1
	fi
done
echo "corpus checks run: $n"
exit $rc
