#!/bin/sh
# Names that try to leave the TFTP root are refused with a TFTP error and
# leave nothing behind; //name and /name resolve under the root; a symbolic
# link out of the root is refused, one inside it is served.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"

echo small >"$ROOT/small.bin"
mkdir -p "$ROOT/sub" "$T/outside"
echo secret >"$T/outside/secret"
ln -s "$T/outside/secret" "$ROOT/escape"
ln -s ../small.bin "$ROOT/sub/inside"
mkfifo "$ROOT/fifo"
btd_conf </dev/null
btd_start

# get NAME OUT: our own client sends the name verbatim (no client-side
# clean-up of ".." as curl does).
get() {
	rm -f "$2"
	$TCLIENT 127.0.0.1 "$TPORT" "$1" --out "$2" >"$T/probe" 2>&1
}
for n in small.bin /small.bin //small.bin sub/inside ./small.bin; do
	get "$n" "$T/o"
	same "$ROOT/small.bin" "$T/o" "$n"
done
for n in ../etc/passwd /etc/passwd sub/../../x .. /../x . / \
    sub/../small.bin "$ROOT/small.bin" "$T/outside/secret" escape fifo sub; do
	get "$n" "$T/o"
	grep -q '^error=' "$T/probe" || fail "$n: no TFTP error: $(cat "$T/probe")"
	grep -q '^bytes=[1-9]' "$T/probe" && fail "$n served"
	if grep -q "$T" "$T/probe"; then
		fail "$n: error text shows a server path"
	fi
done
get ../etc/passwd "$T/o"
grep -q '^error=2:' "$T/probe" || fail "..: not an access violation"
if command -v atftp >/dev/null 2>&1; then
	for n in ../etc/passwd /etc/passwd sub/../small.bin; do
		rm -f "$T/o"
		atftp -g -r "$n" -l "$T/o" 127.0.0.1 "$TPORT" >/dev/null 2>&1
		[ -s "$T/o" ] && fail "atftp: $n served"
	done
fi
btd_finish
