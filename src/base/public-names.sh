#!/bin/sh
# Prints, one a line, the functions the public headers declare: the
# library's API, what libconvanim.so exports. The compiler reads the
# headers (-aux-info lists every prototype with the file it is in), so no
# pattern has to understand C. Usage: CC=cc src/base/public-names.sh
set -eu
aux=$(mktemp)
trap 'rm -f "$aux"' EXIT
${CC:-cc} -std=c11 -Iinclude -fsyntax-only -aux-info "$aux" include/convanim.h
# a static inline helper is compiled into its caller, not exported
grep '^/\* include/' "$aux" | grep -v '\*/ static ' | sed 's/ (.*//; s/.*[ *]//' | sort -u
