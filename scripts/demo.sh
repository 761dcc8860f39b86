#!/usr/bin/env bash
# demo.sh BUILD_DIR: the main job of quickstart.sh.  Starts acsd on its
# embedded defaults (port 7547, YAML store and spool under ./anthill-state)
# and a simulated fleet informing into it: set-top boxes and ADSL gateways
# bootstrap (acsd learns each tree), then run periodic sessions.  Then it
# shows what acsd stored and how to look further.
#   DEVICES=200 SESSIONS=2 ./quickstart.sh
# DEMO_DIR (default: the checkout) is where ./anthill-state goes.
set -euo pipefail
build=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
devices=${DEVICES:-100}
sessions=${SESSIONS:-2}
workdir=$(cd "${DEMO_DIR:-$top}" && pwd)
cd "$workdir"
state=$workdir/anthill-state
mkdir -p "$state"
log=$state/acsd.log

if command -v ss >/dev/null 2>&1 && ss -ltn | grep -q ':7547 '; then
	echo "port 7547 is in use: stop what listens there (another acsd?)" >&2
	exit 1
fi
echo "== starting acsd on its embedded defaults (port 7547, state in $state)"
"$build/acs/acsd" -d >"$log" 2>&1 &
acsd=$!
trap 'kill $acsd 2>/dev/null; wait $acsd 2>/dev/null' EXIT
for _ in $(seq 1 100); do
	grep -q 'listening on' "$log" && break
	kill -0 $acsd 2>/dev/null || { cat "$log"; exit 1; }
	sleep 0.1
done
grep 'listening on' "$log"

echo "== $devices simulated devices informing into it ($sessions sessions each)"
"$build/cpe-sim/cpe-sim" -a http://127.0.0.1:7547/ \
    -m "$top/cpe-sim/models/bcm7255-stb.yaml=1" \
    -m "$top/cpe-sim/models/thomson-st780.yaml=1" \
    -n "$devices" -s 'DEMO%06d' -S "$state/sim" --stagger 5 \
    --sessions "$sessions" --periodic 2 --cr-port 0 --cr-host 127.0.0.1 \
    --until-idle || echo "(cpe-sim reported devices in an unexpected state)"

echo
echo "== what acsd stored"
# Into a file first: with pipefail, head closing the pipe early would
# fail the script.
if [ -x "$build/acs/acsctl" ]; then
	"$build/acs/acsctl" devices >"$state/devices.txt"
else
	"$build/tools/anthill-store" -s "yaml:$state/devices" list \
	    >"$state/devices.txt"
fi
head -15 "$state/devices.txt"
echo "... (the whole list: $state/devices.txt)"
echo "acsd log: $log ($(grep -c ' session ' "$log") sessions)"
cat <<MSG

Look at the result (acsctl reads the store and spool directly):
  $build/acs/acsctl devices
  $build/acs/acsctl show <device> InternetGatewayDevice.DeviceInfo.
  $build/acs/acsctl queue -i <device> reboot
  $build/acs/acsctl jobs
Run acsd again in the foreground with: $build/acs/acsd -d
MSG
