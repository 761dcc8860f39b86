#!/usr/bin/env bash
# quickstart.sh: on a fresh Debian 12 machine, installs what is missing,
# builds anthill in ./build and runs the main job: acsd on its embedded
# defaults with a simulated fleet informing into it.  Until a program
# exists, it prints the version of each one that does.
set -euo pipefail
cd "$(dirname "$0")"
top=$(pwd)
missing=$(for p in $(cat .ci/packages); do
	dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
	echo "installing: $missing"
	sudo_cmd=""
	[ "$(id -u)" = 0 ] || sudo_cmd="sudo"
	$sudo_cmd apt-get update -qq || true
	DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq \
	    $missing >/dev/null
fi
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
mkdir -p build
cd build
[ -f Makefile ] || "$top/configure" >/dev/null
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
echo "built anthill in $top/build"
for p in acs/acsd acs/acsctl cpe-sim/cpe-sim rules/anthill-rules \
    bootp-tftp/bootp-tftpd mdap/mdap lib/anthill-store; do
	[ -x "$p" ] && printf '%-28s %s\n' "$p" "$("./$p" -V 2>&1 | head -1)"
done
if [ -x acs/acsd ] && [ -x cpe-sim/cpe-sim ] && [ -f "$top/scripts/demo.sh" ]; then
	exec bash "$top/scripts/demo.sh" "$top/build"
fi
exit 0
