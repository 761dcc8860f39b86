#!/bin/sh
# acsd's file server: GET and HEAD of a Download file, single Ranges (206,
# 416), nothing outside the root (.., encoded .., symlinks), Upload by
# PUT with a size limit, and no partial file left by a refused upload.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"
command -v curl >/dev/null 2>&1 || skip "curl missing"

mkdir -p "$T/pub/fw" "$T/up" "$T/secret"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 40)' \
    >"$T/pub/fw/image.bin"
echo hidden >"$T/secret/key"
ln -s "$T/secret" "$T/pub/link"
acsd_conf f <<Y
files:
  dir: $T/pub
  upload_dir: $T/up
  upload_max: 4k
Y
acsd_start f
U=http://127.0.0.1:$f_port

code=$(curl -s -o "$T/got" -w '%{http_code}' "$U/files/fw/image.bin")
[ "$code" = 200 ] && cmp -s "$T/got" "$T/pub/fw/image.bin" || fail "GET $code"
code=$(curl -s -o "$T/got" -w '%{http_code}' -r 256-511 "$U/files/fw/image.bin")
[ "$code" = 206 ] || fail "Range $code"
dd if="$T/pub/fw/image.bin" bs=256 skip=1 count=1 2>/dev/null | cmp -s - "$T/got" ||
    fail "Range bytes"
code=$(curl -s -o "$T/got" -w '%{http_code}' -r -100 "$U/files/fw/image.bin")
[ "$code" = 206 ] && [ "$(wc -c <"$T/got")" -eq 100 ] || fail "suffix Range"
code=$(curl -s -o /dev/null -w '%{http_code}' -r 20000- "$U/files/fw/image.bin")
[ "$code" = 416 ] || fail "unsatisfiable Range $code"
curl -sI "$U/files/fw/image.bin" >"$T/head"
grep -qi '^content-length: 10240' "$T/head" || fail "HEAD: $(cat "$T/head")"
grep -qi '^accept-ranges: bytes' "$T/head" || fail "Accept-Ranges"
for p in /files/../secret/key /files/%2e%2e/secret/key /files/link/key \
    /files/fw/ /files/.hidden /secret/key; do
	code=$(curl -s --path-as-is -o "$T/got" -w '%{http_code}' "$U$p")
	[ "$code" = 404 ] || fail "$p answered $code"
done

head -c 3000 "$T/pub/fw/image.bin" >"$T/small"
code=$(curl -s -o /dev/null -w '%{http_code}' -T "$T/small" "$U/upload/dev1/log.txt")
[ "$code" = 201 ] && cmp -s "$T/small" "$T/up/dev1/log.txt" || fail "PUT $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -T "$T/pub/fw/image.bin" \
    "$U/upload/dev1/big.bin")
[ "$code" = 413 ] || fail "big PUT $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
    -T "$T/pub/fw/image.bin" "$U/upload/dev1/big2.bin")
[ "$code" = 413 ] || fail "big chunked PUT $code"
code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' -T "$T/small" \
    "$U/upload/../escape")
[ "$code" = 403 ] || [ "$code" = 404 ] || [ "$code" = 405 ] ||
    fail "escaping PUT $code"
[ ! -e "$T/escape" ] || fail "upload escaped"
[ ! -e "$T/up/dev1/big.bin" ] && [ ! -e "$T/up/dev1/big2.bin" ] ||
    fail "partial upload kept"
[ -z "$(ls -A "$T/up" | grep -v dev1)" ] || fail "temporary files left: $(ls -A "$T/up")"
stop_daemon f
exit 0
