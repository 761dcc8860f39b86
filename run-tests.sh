#!/usr/bin/env bash
# run-tests.sh: builds anthill in ./build (debug, -Werror) and runs the whole
# test suite: Check unit suites, corpus replays, and integration tests that
# run the real programs on loopback.  Extra arguments go to configure.
#   BUILD_DIR=build-asan ./run-tests.sh --enable-sanitizers
set -euo pipefail
cd "$(dirname "$0")"
top=$(pwd)
build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "${RECONFIGURE:-0}" = 1 ] || [ $# -gt 0 ]; then
	"$top/configure" --enable-debug "$@"
fi
make -j"$jobs"
if ! make -j"$jobs" check; then
	find . -name '*.log' -path '*tests*' -newer Makefile -print0 |
	    xargs -0 grep -l -E '^(FAIL|ERROR)' 2>/dev/null |
	    while read -r f; do echo "==== $f"; tail -40 "$f"; done
	exit 1
fi
