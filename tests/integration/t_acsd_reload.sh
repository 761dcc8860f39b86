#!/bin/sh
# acsd SIGHUP: a valid file is applied while running (new credentials
# replace the old ones, capture turns on), a restart-only setting keeps
# its running value with a log line saying so, and an invalid file keeps
# the running configuration and logs file:line:col.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/data/acs/acsd_test.sh"

acsd_conf a <<'Y'
session:
  discover_on_first_contact: false
auth:
  mode: digest
  credentials:
    - username: first
      password: "pw-first"
Y
acsd_start a
P=$a_port
cpe --port "$P" --serial R1 --user first --password pw-first >"$T/1" ||
    fail "first credentials refused: $(cat "$T/1")"
[ -z "$(ls "$T/cap" 2>/dev/null)" ] || fail "capture before it was on"

acsd_conf a "connection_limit: 77" <<Y
session:
  discover_on_first_contact: false
auth:
  mode: digest
  credentials:
    - username: second
      password: "pw-second"
capture:
  dir: $T/cap
  all: true
Y
kill -HUP "$a_pid"
wait_for_log "$T/a.log" "SIGHUP: .*a.yaml applied" 10 || fail "not applied"
grep -q "SIGHUP: http.connection_limit changed; restart acsd to apply it" \
    "$T/a.log" || fail "no restart-only line"
cpe --port "$P" --serial R1 --user first --password pw-first >"$T/2" &&
    fail "old credentials still accepted"
cpe --port "$P" --serial R1 --user second --password pw-second >"$T/3" ||
    fail "new credentials refused: $(cat "$T/3")"
[ -n "$(find "$T/cap" -type f 2>/dev/null)" ] || fail "capture not turned on"

# An invalid file: the running configuration stays.
acsd_conf a <<'Y'
session:
  discover_on_first_contact: false
  no_such_option: 1
auth:
  mode: none
Y
kill -HUP "$a_pid"
wait_for_log "$T/a.log" \
    "SIGHUP: .*a.yaml:[0-9]+:[0-9]+: .*keeping the running configuration" 10 ||
    fail "no file:line:col error"
cpe --port "$P" --serial R1 >"$T/4" && fail "invalid file was applied"
cpe --port "$P" --serial R1 --user second --password pw-second >"$T/5" ||
    fail "running configuration lost"
grep -q "pw-second\|pw-first" "$T/a.log" && fail "password in the log"
stop_daemon a
exit 0
