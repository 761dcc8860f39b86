#!/bin/sh
# bootp-tftpd -n checks a configuration: a good one prints
# "configuration OK"; unknown keys, bad addresses, out-of-range values and
# bad option encodings are refused with file:line:col or the option named.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

"$BTD" -V | grep -q '^bootp-tftpd ' || fail "-V"
"$BTD" -n -f "$top_srcdir/examples/bootp-tftpd.yaml" >"$T/out" 2>&1 ||
    fail "example configuration: $(cat "$T/out")"
grep -q 'configuration OK' "$T/out" || fail "no OK line"
bad() {
	printf '%s\n' "$2" >"$T/bad.yaml"
	"$BTD" -n -f "$T/bad.yaml" >"$T/out" 2>&1 && fail "accepted: $2"
	grep -q -- "$1" "$T/out" || fail "no '$1' in: $(cat "$T/out")"
}
bad 'bad.yaml:2:3' 'tftp:
  rooot: /x'
bad 'bad.yaml:2:14' 'bootp:
  server_ip: 10.0.0.300'
bad 'bad.yaml:2:9' 'tftp:
  port: 70000'
bad 'bad.yaml:3:12' 'bootp:
  hosts:
    - mac: 00:11:22:33:44
      ip: 10.0.0.1'
bad 'option 43' 'bootp:
  options:
    - code: 43
      type: u8
      value: "300"'
bad 'upload_dir' 'tftp:
  upload_dir: ../up'
bad 'pools' 'bootp:
  pools:
    - start: 10.0.0.9
      end: 10.0.0.1'
"$BTD" -n -f "$T/missing.yaml" >/dev/null 2>&1 && fail "missing file accepted"
exit 0
