#!/bin/sh
# The shared library's table of names, checked against the public headers:
# every name it exports starts with ca_ and is a function the headers
# declare, every function they declare is exported, and include/convanim.h
# includes every header. Usage: tests/exports.sh build/libconvanim.so.0
set -eu
so=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

CC=${CC:-cc} src/base/public-names.sh > "$tmp/declared"
nm -D --defined-only "$so" | awk '{ print $NF }' | sort -u > "$tmp/exported"

[ -s "$tmp/declared" ] || { echo "exports: no declarations found in include/"; exit 1; }
bad=$(grep -v '^ca_' "$tmp/exported" || true)
[ -z "$bad" ] || { echo "exports: names without the ca_ prefix:" $bad; failed=1; }
extra=$(comm -23 "$tmp/exported" "$tmp/declared")
[ -z "$extra" ] || { echo "exports: exported but in no public header:" $extra; failed=1; }
missing=$(comm -13 "$tmp/exported" "$tmp/declared")
[ -z "$missing" ] || { echo "exports: declared but not exported:" $missing; failed=1; }
for h in include/convanim/*.h; do
    grep -q "^#include \"convanim/${h##*/}\"" include/convanim.h ||
        { echo "exports: include/convanim.h misses ${h##*/}"; failed=1; }
done
[ $failed = 0 ] && echo "exports: $(wc -l < "$tmp/exported") names, all ca_ and public"
exit $failed
