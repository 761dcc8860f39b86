#!/bin/sh
# Started as root with chroot on: the daemon runs as the configured user
# inside the TFTP root, still serves files, and re-reads its configuration
# on SIGHUP through the directory it opened before the chroot (keeping the
# old one when the new one is invalid).  Skipped when not root.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/bootptftpd_lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root to chroot and drop privileges"
id nobody >/dev/null 2>&1 || skip "no user nobody"
chmod 755 "$T" "$ROOT"
head -c 5000 /dev/urandom >"$ROOT/img.bli"
chmod 644 "$ROOT/img.bli"
mkdir -p "$T/etc"
chmod 755 "$T/etc"
conf() {
	cat >"$T/etc/btd.yaml" <<EOC
user: nobody
chroot: true
bootp:
  enable: false
tftp:
  root: $ROOT
  listen: 127.0.0.1
  port: 0
  max_transfers: $1
EOC
	chmod 644 "$T/etc/btd.yaml"
}
conf 10
# LeakSanitizer needs /proc, which the chroot hides.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
btd_start "$T/etc/btd.yaml"
pid=$btd_pid
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[ "$uid" = "$(id -u nobody)" ] || fail "running as uid $uid"
[ "$(readlink "/proc/$pid/root")" = "$ROOT" ] || fail "not chrooted"
$TCLIENT 127.0.0.1 "$TPORT" img.bli --out "$T/o" >/dev/null || fail "fetch"
same "$ROOT/img.bli" "$T/o" "fetch after the drop"
conf 0
kill -HUP "$pid"
wait_for_log "$T/btd.log" 'keeping the old configuration' 5 ||
    fail "bad configuration accepted on SIGHUP"
conf 20
kill -HUP "$pid"
wait_for_log "$T/btd.log" 'configuration reloaded' 5 || fail "no reload"
$TCLIENT 127.0.0.1 "$TPORT" img.bli --out "$T/o2" >/dev/null ||
    fail "fetch after reload"
btd_finish
