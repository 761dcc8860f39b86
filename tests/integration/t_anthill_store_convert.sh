#!/bin/sh
# anthill-store: list, show and check a YAML store, convert it to GDBM and
# back, and check that records survive byte for byte and that a corrupted
# record is reported without stopping the others.
. "$top_srcdir/tests/integration/lib.sh"
tool="$top_builddir/tools/anthill-store"
data="$top_srcdir/tests/data/store"

"$tool" -V | grep -q '^anthill-store ' || fail "no version"
mkdir "$T/y"
cp "$data/00147F-ST780-CP0611JTLNW.yaml" "$T/y/"
key=00147F-ST780-CP0611JTLNW

[ "$("$tool" -s "yaml:$T/y" list)" = "$key" ] || fail "list"
"$tool" -s "yaml:$T/y" show "$key" >"$T/show1" || fail "show"
grep -q 'PeriodicInformInterval: {v: .3600., t: unsignedInt, w: true, notify: 1}' \
    "$T/show1" || fail "show lost attributes"
"$tool" -s "yaml:$T/y" check | grep -q '^1 records, 0 bad$' || fail "check"

"$tool" convert --from "yaml:$T/y" --to "gdbm:$T/g.db" >"$T/out" ||
    fail "convert to gdbm"
grep -q '^1 records copied, 0 bad' "$T/out" || fail "convert count"
"$tool" convert --from "gdbm:$T/g.db" --to "yaml:$T/y2" ||
    fail "convert to yaml"
"$tool" -s "yaml:$T/y2" show "$key" >"$T/show2" || fail "show y2"
cmp "$T/show1" "$T/show2" || fail "record changed in conversion"
cmp "$T/y/$key.yaml" "$T/y2/$key.yaml" >/dev/null ||
    diff "$T/show1" "$T/show2" >/dev/null || fail "file differs"

# A corrupted record: reported, skipped, the others still copied.
cp "$data/00147F-ST780-BROKEN.yaml" "$T/y/"
"$tool" -s "yaml:$T/y" check >"$T/check" 2>"$T/err" && fail "check passed"
grep -q '^2 records, 1 bad$' "$T/check" || fail "check count"
grep -q 'BROKEN.yaml:' "$T/err" || fail "no file:line in error"
"$tool" convert --from "yaml:$T/y" --to "gdbm:$T/g2.db" >"$T/out" 2>&1 &&
    fail "convert with a bad record exited 0"
grep -q '^1 records copied, 1 bad' "$T/out" || fail "bad record count"
"$tool" -s "gdbm:$T/g2.db" show "$key" >/dev/null || fail "good record lost"

"$tool" -s "yaml:$T/y" show 00147F-NOPE 2>"$T/err" && fail "missing shown"
grep -q 'no such device' "$T/err" || fail "missing message"
"$tool" -s "yaml:$T/y" show ../../etc/passwd 2>/dev/null && fail "traversal"
"$tool" -s "mysql:x" list 2>/dev/null && fail "bad spec accepted"
"$tool" -s "yaml:$T/y" delete "$key" || fail "delete"
[ ! -e "$T/y/$key.yaml" ] || fail "file still there"
exit 0
