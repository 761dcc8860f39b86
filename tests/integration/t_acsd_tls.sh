#!/bin/sh
# acsd over HTTPS with a configured certificate: a full session through
# TLS (curl, keep-alive), plain HTTP refused on the TLS port, and a bad
# certificate path refused at start-up.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
command -v openssl >/dev/null 2>&1 || skip "openssl missing"
command -v curl >/dev/null 2>&1 || skip "curl missing"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 ||
    skip "cannot make a certificate"
acsd_conf t "tls_cert: $T/cert.pem" "tls_key: $T/key.pem" <<'Y'
session:
  discover_on_first_contact: false
Y
acsd_start t
grep -q 'listening on 127.0.0.1:[0-9]* (tls)' "$T/t.log" || fail "no tls"
python3 - "$ACS_DATA" >"$T/inform.xml" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import minicpe
a = minicpe.argparse.Namespace(tree=None, oui="00D09E", product_class="Box",
    serial="TLS1", events="1 BOOT", ns="1-0", supported=None)
c = minicpe.Cpe.__new__(minicpe.Cpe)
c.a, c.tree, c.ns, c.idn = a, minicpe.Tree(None), "urn:dslforum-org:cwmp-1-0", 0
sys.stdout.write(c.inform())
PY
U=https://127.0.0.1:$t_port/
# Inform, then the empty POST on the same connection with the cookie.
curl -s -k -c "$T/jar" -b "$T/jar" -o "$T/r1" -w '%{http_code}\n' \
    --data-binary @"$T/inform.xml" "$U" \
    --next -s -k -c "$T/jar" -b "$T/jar" -o "$T/r2" -w '%{http_code}\n' \
    -X POST -H 'Content-Length: 0' "$U" >"$T/codes" ||
    fail "curl over TLS"
[ "$(tr '\n' ' ' <"$T/codes")" = "200 204 " ] || fail "codes: $(cat "$T/codes")"
grep -q InformResponse "$T/r1" || fail "no InformResponse"
grep -q 'session 00D09E-Box-TLS1 .* ok' "$T/t.log" || fail "no session line"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$t_port/")
[ "$code" != 204 ] || fail "plain HTTP answered on the TLS port"
stop_daemon t

acsd_conf b "tls_cert: $T/missing.pem" "tls_key: $T/key.pem" </dev/null
"$ACSD" -d -f "$T/b.yaml" >"$T/b.log" 2>&1 && fail "missing certificate accepted"
exit 0
