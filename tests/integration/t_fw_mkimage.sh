#!/bin/sh
# anthill-mkimage: keys, a good zip and tar image that standard unzip/tar
# can list, and every deliberate defect rejected by "verify" with the fault
# code the simulator reports (FIRMWARE.md section 9).
. "$top_srcdir/tests/integration/lib.sh"
mk="$top_builddir/cpe-sim/anthill-mkimage"
model=BCM7255-STB

"$mk" -V | grep -q '^anthill-mkimage ' || fail "no version"
"$mk" keygen -o "$T/lab" >/dev/null || fail "keygen"
"$mk" keygen -o "$T/other" >/dev/null || fail "keygen other"
[ "$(stat -c %a "$T/lab.key")" = 600 ] || fail "secret key readable by others"
"$mk" build -k "$T/lab.key" -o "$T/good.zip" -m $model -v 2.0.0 -r B1 ||
    fail "build"
"$mk" verify -p "$T/lab.pub" -m $model -r B1 "$T/good.zip" |
    grep -q 'OK: model BCM7255-STB version 2.0.0, 3 components' ||
    fail "good image rejected"
"$mk" build -k "$T/lab.key" -o "$T/good.tar" -t -m $model -v 2.0.0 ||
    fail "build tar"
"$mk" verify -p "$T/lab.pub" "$T/good.tar" >/dev/null || fail "tar rejected"
if command -v unzip >/dev/null 2>&1; then
	unzip -l "$T/good.zip" | grep -q manifest.sig || fail "unzip -l"
fi
tar -tf "$T/good.tar" | grep -q '^rootfs$' || fail "tar -t"

# verify EXPECTED-CODE IMAGE [verify options]
expect() {
	_code=$1
	_img=$2
	shift 2
	if "$mk" verify "$@" "$_img" >"$T/out"; then
		fail "$_img accepted"
	fi
	grep -q "rejected: fault $_code:" "$T/out" ||
	    fail "$_img: wanted $_code, got: $(cat "$T/out")"
}

for d in badsig nosig tamper; do
	"$mk" build -k "$T/lab.key" -o "$T/$d.zip" -m $model -v 2.0.0 -x $d ||
	    fail "build $d"
	expect 9019 "$T/$d.zip" -p "$T/lab.pub"
done
for d in unsafe symlink duplicate extra truncate; do
	"$mk" build -k "$T/lab.key" -o "$T/$d.tar" -t -m $model -v 2.0.0 \
	    -x $d || fail "build $d"
	expect 9018 "$T/$d.tar" -p "$T/lab.pub"
done
# A flipped byte: zip's CRC-32 catches it (9018); tar has no data checksum,
# so the signed hash does (9019).
for f in zip tar; do
	opt=
	[ $f = tar ] && opt=-t
	"$mk" build -k "$T/lab.key" -o "$T/corrupt.$f" $opt -m $model \
	    -v 2.0.0 -x corrupt || fail "build corrupt $f"
done
expect 9018 "$T/corrupt.zip" -p "$T/lab.pub"
expect 9019 "$T/corrupt.tar" -p "$T/lab.pub"
"$mk" build -k "$T/lab.key" -o "$T/truncate.zip" -m $model -v 2.0.0 \
    -x truncate || fail "build truncate zip"
expect 9018 "$T/truncate.zip" -p "$T/lab.pub"
expect 9019 "$T/good.zip" -p "$T/other.pub"
expect 9018 "$T/good.zip" -p "$T/lab.pub" -m OTHER-BOX
expect 9018 "$T/good.zip" -p "$T/lab.pub" -r Z9

# Components from files are carried byte for byte.
printf 'my kernel\n' >"$T/k"
"$mk" build -k "$T/lab.key" -o "$T/files.zip" -m $model -v 3 -K "$T/k" ||
    fail "build from files"
if command -v unzip >/dev/null 2>&1; then
	unzip -p "$T/files.zip" kernel | cmp - "$T/k" || fail "kernel changed"
fi

# Usage errors exit 2.
"$mk" build -k "$T/lab.key" -o "$T/x.zip" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing -m/-v not a usage error"
"$mk" build -k "$T/lab.key" -o "$T/x.zip" -m $model -v 1 -x nonsense \
    >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown defect not a usage error"
exit 0
