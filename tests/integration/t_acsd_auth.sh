#!/bin/sh
# acsd CPE authentication (CWMP.md 5.4): Digest accepted, wrong password
# and missing credentials refused with a new challenge, credentials bound
# to one device refused for another, a CPE reconnecting after the 401
# (Fritzbox) accepted, curl's Digest accepted, Basic mode, and no
# credential ever in the log.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

acsd_conf a <<'Y'
session:
  discover_on_first_contact: false
auth:
  mode: digest
  realm: anthill-test
  credentials:
    - username: shared
      password: "s3cret-shared"
    - username: bound
      password: "s3cret-bound"
      device: 00D09E-Box-A2
Y
acsd_start a
P=$a_port

cpe --port "$P" --serial A1 --user shared --password s3cret-shared >"$T/1" ||
    fail "digest refused: $(cat "$T/1")"
[ "$(json_get "$T/1" "d['status'][:2]")" = "[401, 200]" ] ||
    fail "no challenge first: $(json_get "$T/1" "d['status']")"
cpe --port "$P" --serial A1 --user shared --password wrong >"$T/2" &&
    fail "wrong password accepted"
[ "$(json_get "$T/2" "d['status']")" = "[401, 401]" ] || fail "wrong: $(cat "$T/2")"
cpe --port "$P" --serial A1 >"$T/3" && fail "no credentials accepted"
[ "$(json_get "$T/3" "d['status']")" = "[401]" ] || fail "anonymous: $(cat "$T/3")"
cpe --port "$P" --serial A2 --user bound --password s3cret-bound >"$T/4" ||
    fail "bound credential refused for its device"
cpe --port "$P" --serial A3 --user bound --password s3cret-bound >"$T/5" &&
    fail "bound credential accepted for another device"
cpe --port "$P" --serial A1 --user shared --password s3cret-shared \
    --reconnect-after-401 >"$T/6" || fail "reconnect after 401 refused"
cpe --port "$P" --serial A1 --user shared --password s3cret-shared \
    --reconnect-each >"$T/7" || fail "session over new connections refused"

if command -v curl >/dev/null 2>&1; then
	python3 - "$ACS_DATA" >"$T/inform.xml" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import minicpe
a = minicpe.argparse.Namespace(tree=None, oui="00D09E", product_class="Box",
    serial="CURL1", events="1 BOOT", ns="1-0", supported=None)
c = minicpe.Cpe.__new__(minicpe.Cpe)
c.a, c.tree, c.ns, c.idn = a, minicpe.Tree(None), "urn:dslforum-org:cwmp-1-0", 0
sys.stdout.write(c.inform())
PY
	code=$(curl -s -o "$T/curl.out" -w '%{http_code}' --digest \
	    -u shared:s3cret-shared -H 'Content-Type: text/xml' \
	    --data-binary @"$T/inform.xml" "http://127.0.0.1:$P/")
	[ "$code" = 200 ] && grep -q InformResponse "$T/curl.out" ||
	    fail "curl digest: $code"
	code=$(curl -s -o /dev/null -w '%{http_code}' --digest -u shared:bad \
	    --data-binary @"$T/inform.xml" "http://127.0.0.1:$P/")
	[ "$code" = 401 ] || fail "curl bad digest: $code"
fi
grep -q 'authentication of 00D09E-Box-A1 failed' "$T/a.log" ||
    fail "failure not logged"
grep -q 's3cret' "$T/a.log" && fail "password in the log"
grep -qi 'response=' "$T/a.log" && fail "digest header in the log"
stop_daemon a

acsd_conf b <<'Y'
session:
  discover_on_first_contact: false
auth:
  mode: basic
  credentials:
    - username: shared
      password: "b4sic"
Y
acsd_start b
cpe --port "$b_port" --serial B1 --user shared --password b4sic >"$T/8" ||
    fail "basic refused"
cpe --port "$b_port" --serial B1 --user shared --password no >"$T/9" &&
    fail "basic with a wrong password accepted"
stop_daemon b
exit 0
