#!/bin/sh
# bench_store.sh: param_tree and device_store figures (tests/bench/
# bench_store.c) in a temporary directory on the build's file system.
# BENCH_SCALE multiplies the record counts.
top_builddir=${top_builddir:-.}
d=$(mktemp -d "${TMPDIR:-/tmp}/bench_store.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT
"$top_builddir/tests/bench/bench_store" "$d" "${BENCH_SCALE:-1}"
