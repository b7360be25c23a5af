"""What the Python tests share: the command line to compare with, the
NumPy and SciPy fixtures, and a GIF split into its blocks."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli():
    """Runs build/convanim (CONVANIM_BIN) with args; returns the completed
    process, its output as text."""
    binary = os.environ.get("CONVANIM_BIN", str(ROOT / "build" / "convanim"))

    def run(*args, stdin=None):
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True,
                              input=stdin)
    return run


@pytest.fixture(scope="session")
def fixtures():
    return Path(os.environ.get("CONVANIM_FIXTURES", str(ROOT / "tests" / "fixtures")))


def gif_blocks(data):
    """A GIF as its blocks, in order: ("header", bytes) for the header,
    screen descriptor and global colour table, ("ext", label, bytes) for an
    extension, ("image", bytes) for an image, ("trailer", b"")."""
    assert data[:6] == b"GIF89a"
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    blocks = [("header", data[:pos])]

    def sub_blocks(at):
        while data[at]:
            at += data[at] + 1
        return at + 1

    while data[pos] != 0x3B:
        start = pos
        if data[pos] == 0x21:
            end = sub_blocks(pos + 2)
            blocks.append(("ext", data[pos + 1], data[start:end]))
        else:
            assert data[pos] == 0x2C, "byte %d: 0x%02x starts no block" % (pos, data[pos])
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            end = sub_blocks(pos + 1)
            blocks.append(("image", data[start:end]))
        pos = end
    assert pos == len(data) - 1, "bytes after the trailer"
    return blocks


GIF_COMMENT = 0xFE


def without_comments(data):
    """The GIF's blocks but its comments: the frames, their delays and
    placement, the palette and the loop count."""
    return [b for b in gif_blocks(data) if b[:2] != ("ext", GIF_COMMENT)]


def comment(data):
    """The text of the GIF's one comment."""
    found = [b[2] for b in gif_blocks(data) if b[:2] == ("ext", GIF_COMMENT)]
    assert len(found) == 1
    raw, at, text = found[0], 2, b""
    while raw[at]:
        text += raw[at + 1:at + 1 + raw[at]]
        at += raw[at] + 1
    return text.decode()
