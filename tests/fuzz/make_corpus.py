#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora into tests/fuzz/corpus/NAME/.

Small valid inputs of every kind each loader reads, and a few broken ones
near them, so that libFuzzer starts from inputs that reach deep into the
parsers. Needs only the standard library: the .npy and .png files are
built byte by byte. Run it from anywhere; it replaces the seed files it
makes and leaves other files alone.
"""

import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as fp:
        fp.write(data)


def npy(descr, values, version=1, shape=None, header=None):
    """header: the dict's text, instead of the one numpy writes."""
    fmt = {"<f8": "<d", "<f4": "<f", "<i4": "<i", "<i8": "<q", ">f8": ">d"}[descr]
    shape = shape or "(%d,)" % len(values)
    header = header or "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    lsize = 2 if version == 1 else 4
    total = 6 + 2 + lsize + len(header) + 1
    header += " " * ((-total) % 64) + "\n"
    head = b"\x93NUMPY" + bytes([version, 0])
    head += struct.pack("<H" if version == 1 else "<I", len(header))
    return head + header.encode() + b"".join(struct.pack(fmt, v) for v in values)


def chunk(kind, body):
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(width, height, colour, depth, pixel, palette=None, interlace=False, trns=None):
    """pixel(x, y) gives a tuple of samples (one per channel)."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]

    def row_bytes(xs, y):
        bits = []
        for x in xs:
            for s in pixel(x, y)[:channels]:
                bits.append((s, depth))
        out, acc, n = bytearray(), 0, 0
        for value, size in bits:
            if size == 16:
                out += struct.pack(">H", value)
            elif size == 8:
                out.append(value)
            else:
                acc = acc << size | value
                n += size
                if n == 8:
                    out.append(acc)
                    acc, n = 0, 0
        if n:
            out.append(acc << (8 - n))
        return bytes(out)

    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        xs = list(range(x0, width, dx))
        if not xs:
            continue
        for y in range(y0, height, dy):
            # filter types 0..4 in turn, all encoded as "none" data; the
            # reader must undo whichever it is told, so use type 0 only
            raw += b"\x00" + row_bytes(xs, y)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 1 if interlace else 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if palette:
        data += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    if trns is not None:
        data += chunk(b"tRNS", trns)
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    return data


def main():
    specs = {
        "sawtooth": "sawtooth:cycles=6,amplitude=1,period=10,pad=5",
        "decay": "decay:n=40,end=1,scale=20",
        "gaussian": "gaussian:n=30,min=-0.5,max=0.5,mean=0,std=0.1",
        "random": "random:n=50,seed=18446744073709551615",
        "delta": "delta:n=5,at=4,height=-2",
        "box": "box:n=5,height=1e300",
        "step": "step:n=20,at=5,height=1,pad=3",
        "sine": "sine:n=50,cycles=2.5,amplitude=1,phase=-3.14",
        "values": "values:0;0.5;1;-1e-300;8,pad=2",
        "aliases": "impulse_response:end_time=2,scale=16",
        "hex": "values:0x1p3;0x10",
        "blanks": "box: n=3 , height= 2 ,",
        "trailing": "values: 1; 2 ;3;;,pad=1,",
        "empty_setting": "box:n=3,,height=2",
        "alias_gaussian": "gaussian_signal:dmin=-1,dmax=1,n=7",
        "force": "force",
        "stdin_text": "-:pad=1\n1, 2;3\t4 # five\n6\r\n",
        "stdin_npy": "-\n",
        "bad_key": "decay:bogus=1,n=2",
        "bad_value": "sawtooth:period=2.5",
        "twice": "box:n=3,n=4",
        "limit": "random:n=65537",
        "pad_limit": "values:1,pad=32768",
    }
    for name, spec in specs.items():
        data = spec.encode()
        if name == "stdin_npy":
            data += npy("<f8", [0.5, -1.0, 2.0])
        put("spec", name, data)

    put("signal", "csv", "1,2,3\n4;5\n")
    put("signal", "txt", "# a comment\n 0.1 0.2\t-3e-5\r\n1e308 # end\n")
    put("signal", "bad_token", "1\n2\n3;oops\n")
    put("signal", "hex", "0x1p-3 inf\n")
    put("signal", "npy_f8", npy("<f8", [0.0, 1.5, -2.25]))
    put("signal", "npy_f4", npy("<f4", [0.5, 3.0]))
    put("signal", "npy_i4", npy("<i4", [1, -2, 3]))
    put("signal", "npy_i8_v2", npy("<i8", [7, -9], version=2))
    put("signal", "npy_big_endian", npy(">f8", [1.0]))
    put("signal", "npy_2d", npy("<f8", [1.0, 2.0], shape="(1, 2)"))
    put("signal", "npy_truncated", npy("<f8", [1.0, 2.0, 3.0])[:-5])
    put("signal", "bom_crlf", b"\xef\xbb\xbf1,2.5\r\n-3,\r\n")
    put("signal", "npy_true_quoted", npy("<f8", [1.0, 2.0], header=(
        '{"shape": (2,), "descr": "<f8", "fortran_order": True}')))
    put("signal", "npy_repeated_key", npy("<f8", [1.0], header=(
        "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }")))
    put("signal", "npy_fortran_string", npy("<f8", [1.0], header=(
        "{'descr': '<f8', 'fortran_order': 'False', 'shape': (1,), }")))
    put("signal", "npy_shape_int", npy("<f8", [1.0], header=(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1), }")))
    put("signal", "npy_extra_key", npy("<f8", [1.0], header=(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 0}")))

    put("kernel", "sobel", "1,2,1\n0,0,0\n-1,-2,-1\n")
    put("kernel", "blanks", "# box\n0.25 0.25\n0.25\t0.25\n\n")
    put("kernel", "semicolons", "1;0\r\n0;-1\r\n")
    put("kernel", "ragged", "1 2 3\n4 5\n")
    put("kernel", "word", "1 x\n")
    put("kernel", "one", "5")
    put("kernel", "bom_crlf", b"\xef\xbb\xbf1,2\r\n3,4\r\n")
    put("kernel", "hex", "1 0x10\n")

    grey = lambda x, y: ((x * 37 + y * 11) % 256,)
    put("png", "gray8", png(5, 3, 0, 8, grey))
    put("png", "gray1", png(9, 2, 0, 1, lambda x, y: ((x + y) % 2,)))
    put("png", "gray4_interlaced", png(9, 9, 0, 4, lambda x, y: ((x * y) % 16,),
                                       interlace=True))
    put("png", "gray16", png(3, 3, 0, 16, lambda x, y: (x * 20000 + y,)))
    put("png", "rgb8", png(4, 2, 2, 8, lambda x, y: (x * 60, y * 120, 7)))
    put("png", "rgba16_interlaced", png(5, 4, 6, 16,
                                        lambda x, y: (x * 9000, y * 9000, 1000, 65535),
                                        interlace=True))
    put("png", "gray_alpha8", png(2, 2, 4, 8, lambda x, y: (x * 200, 128)))
    put("png", "palette2", png(6, 2, 3, 2, lambda x, y: ((x + y) % 3,),
                               palette=[(0, 0, 0), (255, 0, 0), (0, 0, 255)],
                               trns=b"\x00"))
    put("png", "palette8", png(3, 3, 3, 8, lambda x, y: (x + 3 * y,),
                               palette=[(i * 28, 255 - i * 28, i) for i in range(9)]))
    put("png", "truncated", png(5, 3, 0, 8, grey)[:40])
    return 0


if __name__ == "__main__":
    sys.exit(main())
