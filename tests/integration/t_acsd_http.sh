#!/bin/sh
# acsd HTTP tolerance (CWMP.md 3): a bare "POST / HTTP/1.1" with no headers
# is an empty POST, chunked bodies with trailers, gzip and deflate bodies,
# no SOAPAction, ISO-8859-1, Connection: close, malformed XML (400, logged
# once), oversized bodies (413 without reading them), unknown encodings
# (415), other methods (405).
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

acsd_conf a "body_max: 64k" <<'Y'
session:
  discover_on_first_contact: false
  discover_on_bootstrap: false
Y
acsd_start a
P=$a_port

python3 "$ACS_DATA/rawhttp.py" "$P" >"$T/raw.out" 2>&1 || {
	cat "$T/raw.out"
	fail "raw HTTP cases"
}

for flags in --chunked --gzip --no-soapaction --latin1 "--chunked --gzip" \
    --rfc2109 --bare; do
	# shellcheck disable=SC2086
	cpe --port "$P" --serial "H$(echo $flags | tr -dc a-z)" $flags \
	    >"$T/cpe.out" || fail "session with $flags: $(cat "$T/cpe.out")"
done

n=$(grep -c 'malformed CWMP message' "$T/a.log")
[ "$n" = 2 ] || fail "2 malformed bodies logged $n times"
grep -q 'request body over the limit' "$T/a.log" || fail "413 not logged"
stop_daemon a
exit 0
