#!/bin/sh
# anthill-rules check: valid files pass, invalid ones fail with
# file:line:column messages, and one bad file fails the whole set.
. "$top_srcdir/tests/integration/lib.sh"
AR=$top_builddir/rules/anthill-rules

out=$("$AR" check "$top_srcdir"/examples/rules/*.yaml) ||
	fail "examples do not check: $out"
[ "$out" = "rules OK: 8 rules in 3 files" ] || fail "check said: $out"

cat >"$T/bad.yaml" <<'EOT'
rules:
  - name: fw
    when:
      param: Device.DeviceInfo.SoftwareVersion
      version: "<"
    do:
      - download: {url: "http://u:pw@h/f"}
  - name: fw
    do: [reboot: maybe]
EOT
if "$AR" check "$T/bad.yaml" >"$T/out" 2>"$T/err"; then
	fail "bad file accepted"
fi
cat >"$T/want" <<EOT
$T/bad.yaml:5:16: "<" has no value to compare with
$T/bad.yaml:7:25: url must not hold credentials; use username and password
$T/bad.yaml:9:18: expected true or false, not "maybe"
EOT
diff -u "$T/want" "$T/err" || fail "wrong messages"

# A duplicate name across files is reported at the second definition.
printf 'rules:\n  - name: inform-interval\n    do: [reboot: true]\n' \
    >"$T/dup.yaml"
if "$AR" check "$top_srcdir/examples/rules/provisioning.yaml" \
    "$T/dup.yaml" 2>"$T/err"; then
	fail "duplicate accepted"
fi
grep -q "^$T/dup.yaml:2:5: duplicate rule name \"inform-interval\" (first at .*provisioning.yaml:5:5)$" \
    "$T/err" || fail "duplicate: $(cat "$T/err")"

# Syntax errors carry the parser's position; a missing file its errno.
printf 'rules:\n  - name: x\n   do: [\n' >"$T/syntax.yaml"
"$AR" check "$T/syntax.yaml" 2>"$T/err" && fail "syntax error accepted"
grep -q "^$T/syntax.yaml:[0-9]*:[0-9]*: " "$T/err" || fail "no position"
"$AR" check "$T/none.yaml" 2>"$T/err" && fail "missing file accepted"
grep -q "none.yaml: No such file or directory" "$T/err" || fail "no errno"
"$AR" check 2>/dev/null
[ $? -eq 2 ] || fail "usage error should exit 2"
exit 0
