#!/bin/sh
# `make install` into a scratch DESTDIR, then the README's library example
# built from what was installed, as another project would build it: through
# pkg-config against the shared library, and against the archive with its
# dependencies' shared libraries; both must print what build/example prints.
# Usage: MAKE=make B=build tests/install.sh [compiler flags...]
set -eu
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
${MAKE:-make} --no-print-directory -s install DESTDIR="$dest" PREFIX=/usr/local B="$B" >/dev/null
export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest/usr/local/lib/pkgconfig"
lib=$dest/usr/local/lib
cc=${CC:-cc}
"$B/example" > "$dest/expected"

$cc "$@" tests/example.c $(pkg-config --cflags --libs convanim) -Wl,-rpath,"$lib" \
    -o "$dest/shared"
readelf -d "$dest/shared" | grep -q 'NEEDED.*\[libconvanim\.so\.0\]' ||
    { echo "install: the example does not load libconvanim.so.0"; exit 1; }
"$dest/shared" | cmp -s - "$dest/expected" ||
    { echo "install: the example on the shared library prints otherwise"; exit 1; }

$cc "$@" tests/example.c $(pkg-config --cflags convanim) \
    -L"$lib" -l:libconvanim.a $(pkg-config --libs $(pkg-config --print-requires-private convanim)) \
    -lgif -lm -lpthread -ldl \
    -o "$dest/static"
readelf -d "$dest/static" | grep -q 'libconvanim' &&
    { echo "install: the static example still needs libconvanim.so"; exit 1; }
"$dest/static" | cmp -s - "$dest/expected" ||
    { echo "install: the example on the archive prints otherwise"; exit 1; }
echo "install: the example builds and runs from the installed library, shared and static"
