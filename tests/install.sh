#!/bin/sh
# `make install` into a scratch DESTDIR, then the README's library example
# built from what was installed, as another project would build it: through
# pkg-config against the shared library, and against the archive with its
# dependencies' shared libraries; both must print what build/example prints.
# Then the Python module from where it was installed, on the library
# installed beside it, must compute and render what the tree's module does.
# Usage: MAKE=make PYTHON=python3 B=build tests/install.sh [compiler flags...]
# PYTHON_ENV: VAR=VALUE words Python runs with (the sanitizers' preload).
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

python=${PYTHON:-python3}
module=$(find "$dest" -path '*/dist-packages/convanim/__init__.py')
[ -n "$module" ] || { echo "install: no convanim module in a dist-packages folder"; exit 1; }
site=${module%/convanim/__init__.py}
tree=$(pwd)
case $B in /*) built=$B ;; *) built=$tree/$B ;; esac
try='import convanim, hashlib
print(convanim._lib.path)
print(convanim.conv([1, 2, 3], [0, 1, 0.5], mode="same"))
print(hashlib.sha256(convanim.preset("sliding_block", size=(320, 240)).data).hexdigest())'
# run from the scratch folder, so that nothing of the tree is on the path
cd "$dest"
env -u CONVANIM_LIB ${PYTHON_ENV:-} PYTHONPATH="$site" PYTHONDONTWRITEBYTECODE=1 \
    "$python" -c "$try" > installed.out
env ${PYTHON_ENV:-} PYTHONPATH="$tree/python" PYTHONDONTWRITEBYTECODE=1 \
    CONVANIM_LIB="$built/libconvanim.so.0" "$python" -c "$try" > tree.out
[ "$(sed -n 1p installed.out)" = "$lib/libconvanim.so.0" ] ||
    { echo "install: the installed module loads $(sed -n 1p installed.out)"; exit 1; }
[ "$(sed 1d installed.out)" = "$(sed 1d tree.out)" ] ||
    { echo "install: the installed module computes otherwise than the tree's"; exit 1; }
cd "$tree"
echo "install: the example builds and runs from the installed library, shared and static;" \
    "the Python module imports and renders from ${site#"$dest"}"
