#!/bin/sh
# Uploads: refused by default (atftp and curl); with upload_dir set,
# accepted only into that directory, never over an existing file, and a
# broken upload leaves nothing behind.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

command -v curl >/dev/null 2>&1 || skip "curl not installed"
head -c 300000 /dev/urandom >"$T/local.bin"
mkdir -p "$ROOT/up"
btd_conf </dev/null
btd_start
curl -s -T "$T/local.bin" "tftp://127.0.0.1:$TPORT/up/x.bin" &&
    fail "curl upload accepted by a read-only server"
if command -v atftp >/dev/null 2>&1; then
	atftp -p -l "$T/local.bin" -r up/y.bin 127.0.0.1 "$TPORT" \
	    >/dev/null 2>&1 && fail "atftp upload accepted"
fi
[ -z "$(ls -A "$ROOT/up")" ] || fail "read-only server wrote a file"
grep -q 'WRQ up/x.bin refused: uploads not allowed' "$T/btd.log" ||
    fail "refusal not logged"
stop_daemon btd

echo "  upload_dir: /up" | btd_conf
btd_start
curl -s -T "$T/local.bin" "tftp://127.0.0.1:$TPORT/up/x.bin" ||
    fail "curl upload refused"
same "$T/local.bin" "$ROOT/up/x.bin" "curl upload"
curl -s --tftp-blksize 1468 -T "$T/local.bin" \
    "tftp://127.0.0.1:$TPORT//up/x.bin" && fail "overwrite accepted"
curl -s -T "$T/local.bin" "tftp://127.0.0.1:$TPORT/other.bin" &&
    fail "upload outside the upload directory accepted"
[ -e "$ROOT/other.bin" ] && fail "other.bin written"
if command -v atftp >/dev/null 2>&1; then
	atftp --option "blksize 1468" --option "windowsize 4" -p \
	    -l "$T/local.bin" -r up/w.bin 127.0.0.1 "$TPORT" >/dev/null 2>&1 ||
	    fail "atftp windowed upload"
	same "$T/local.bin" "$ROOT/up/w.bin" "atftp windowed upload"
fi
[ -z "$(ls -A "$ROOT/up" | grep '^\.')" ] || fail "temporary file left"
btd_finish
