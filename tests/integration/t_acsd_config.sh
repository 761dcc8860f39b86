#!/bin/sh
# acsd: -V, -n with embedded defaults and with a file, configuration errors
# reported as file:line:col, a credential file readable by others refused.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

"$ACSD" -V | grep -q '^acsd ' || fail "-V"
cd "$T" || fail "cd"
out=$("$ACSD" -n 2>&1) || fail "-n without a file: $out"
[ "$out" = "configuration OK" ] || fail "-n output: $out"
"$ACSD" -n -v 2>&1 | grep -q 'port: 7547' || fail "-n -v dump lacks the port"
[ ! -e "$T/anthill-state" ] || fail "-n created the state directory"

acsd_conf ok <<'Y'
session:
  timeout: 45s
  gpv_batch: 32
auth:
  mode: digest
  credentials:
    - username: cpe
      password: secret
Y
out=$("$ACSD" -n -f "$T/ok.yaml" 2>&1) || fail "valid file: $out"
[ "$out" = "configuration OK" ] || fail "-n output: $out"
"$ACSD" -n -v -f "$T/ok.yaml" | grep -q secret && fail "password in dump"

chmod 644 "$T/ok.yaml"
"$ACSD" -n -f "$T/ok.yaml" >"$T/out" 2>&1 && fail "world-readable secrets accepted"
grep -q 'ok.yaml' "$T/out" || fail "no file name in: $(cat "$T/out")"

printf 'http:\n  port: 7547\n  bogus: 1\n' >"$T/bad.yaml"
"$ACSD" -n -f "$T/bad.yaml" >"$T/out" 2>&1 && fail "unknown key accepted"
grep -Eq 'bad.yaml:3:[0-9]+:' "$T/out" || fail "no file:line:col: $(cat "$T/out")"

printf 'http:\n  port: 70000\n' >"$T/range.yaml"
"$ACSD" -n -f "$T/range.yaml" >/dev/null 2>&1 && fail "port 70000 accepted"

printf 'auth:\n  mode: digest\n' >"$T/nocred.yaml"
"$ACSD" -n -f "$T/nocred.yaml" >/dev/null 2>&1 && fail "digest without credentials"

"$ACSD" -x >/dev/null 2>&1 && fail "bad option accepted"
"$ACSD" -f "$T/missing.yaml" -n >/dev/null 2>&1 && fail "missing file accepted"
exit 0
