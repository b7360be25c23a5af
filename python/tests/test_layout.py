"""The module's mirrors of the C structures and constants, checked against
the headers by the compiler: a field moved or added in C fails here, not as
a crash in a notebook."""

import ctypes
import os
import subprocess
import sys

from conftest import ROOT
from convanim import _lib


def c_program():
    """A C program printing, for every mirrored structure, its size and
    each field's offset, then each mirrored constant, in the lines
    python_view() makes."""
    lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "convanim.h"',
             "int main(void) {"]
    for struct in _lib.STRUCTS:
        name = struct.__name__
        lines.append('printf("%s %%zu\\n", sizeof(%s));' % (name, name))
        for field, _ in struct._fields_:
            lines.append('printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                         % (name, field, name, field))
    for const in _lib.CONSTANTS:
        lines.append('printf("%s %%.17g\\n", (double)%s);' % (const, const))
    lines.append("return 0; }")
    return "\n".join(lines) + "\n"


def python_view():
    lines = []
    for struct in _lib.STRUCTS:
        name = struct.__name__
        lines.append("%s %d" % (name, ctypes.sizeof(struct)))
        for field, _ in struct._fields_:
            lines.append("%s.%s %d" % (name, field, getattr(struct, field).offset))
    for const in _lib.CONSTANTS:
        lines.append("%s %.17g" % (const, getattr(_lib, const)))
    return lines


def test_structures_and_constants_match_the_headers(tmp_path):
    source = tmp_path / "layout.c"
    source.write_text(c_program())
    binary = tmp_path / "layout"
    subprocess.run([os.environ.get("CC", "cc"), "-std=c11", "-I", str(ROOT / "include"),
                    str(source), "-o", str(binary)], check=True)
    printed = subprocess.run([str(binary)], check=True, capture_output=True,
                             text=True).stdout.splitlines()
    assert printed == python_view()


def test_a_library_that_is_not_there_fails_the_import_saying_where_it_looked(tmp_path):
    missing = str(tmp_path / "libconvanim.so.0")
    run = subprocess.run([sys.executable, "-c", "import convanim"], capture_output=True, text=True,
                         env=dict(os.environ, CONVANIM_LIB=missing))
    assert run.returncode == 1
    assert run.stderr.splitlines()[-1] == (
        "ImportError: convanim: cannot load libconvanim.so.0; tried %s. Build it with make, "
        "or set CONVANIM_LIB to its path" % missing)
