/* Forced into every library source (the Makefile's -include) ahead of its
 * own includes, so the public headers are first read here: what they
 * declare gets default visibility and is exported from libconvanim.so,
 * while every other name, built with -fvisibility=hidden, stays inside.
 * The public headers themselves need no export macro. */
#pragma GCC visibility push(default)
#include "convanim.h"
#pragma GCC visibility pop
