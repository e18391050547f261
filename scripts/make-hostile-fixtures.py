#!/usr/bin/python3
"""Makes hand-crafted hostile TIFFs in tests/fixtures/imagery/hostile/ (tiny;
committed). Each must be refused quickly, before any large allocation.
    /usr/bin/python3 scripts/make-hostile-fixtures.py
"""
import os
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "imagery", "hostile")
os.makedirs(OUT, exist_ok=True)

SHORT, LONG, DOUBLE = 3, 4, 12


def tiff(entries, data=b"", next_ifd=0, ifd_offset=8, extra_ifds=b""):
    """A little-endian classic TIFF: header, then data at 8, then the IFD."""
    entries = sorted(entries)
    body = bytearray(b"II*\x00" + struct.pack("<I", ifd_offset))
    body += data
    assert len(body) <= ifd_offset or ifd_offset == 8
    if len(body) < ifd_offset:
        body += b"\x00" * (ifd_offset - len(body))
    ifd = struct.pack("<H", len(entries))
    overflow = bytearray()
    overflow_base = ifd_offset + 2 + 12 * len(entries) + 4
    for tag, typ, values in entries:
        fmt = {SHORT: "H", LONG: "I", DOUBLE: "d"}[typ]
        packed = struct.pack("<" + fmt * len(values), *values)
        if len(packed) <= 4:
            ifd += struct.pack("<HHI", tag, typ, len(values)) + packed.ljust(4, b"\x00")
        else:
            ifd += struct.pack("<HHII", tag, typ, len(values), overflow_base + len(overflow))
            overflow += packed
    ifd += struct.pack("<I", next_ifd)
    if len(body) == ifd_offset:
        body += ifd + overflow
    else:
        body[ifd_offset:ifd_offset] = ifd + overflow
    return bytes(body) + extra_ifds


def georef(w, h):
    return [
        (33550, DOUBLE, [30.0, 30.0, 0.0]),  # ModelPixelScale
        (33922, DOUBLE, [0, 0, 0, 500000.0, 9000000.0, 0]),  # ModelTiepoint
        (34735, SHORT, [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32725]),  # GeoKeys: projected, EPSG:32725
    ]


def image(w, h, offsets, counts, compression=1, rows=None):
    return [
        (256, LONG, [w]), (257, LONG, [h]), (258, SHORT, [8]), (259, SHORT, [compression]),
        (262, SHORT, [1]), (273, LONG, offsets), (277, SHORT, [1]), (278, LONG, [rows or h]),
        (279, LONG, counts), (284, SHORT, [1]),
    ]


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print(name, len(data))


pixels = bytes(range(64)) * 1
# 1. The IFD chain points back to itself.
write("ifd-loop.tif", tiff(image(8, 8, [8], [64]) + georef(8, 8), data=pixels, ifd_offset=72, next_ifd=72))
# 2. A 100 MB deflate bomb in one strip of an image that declares 16×16 pixels.
bomb = zlib.compress(b"\x00" * (100 * 1024 * 1024), 9)
write("deflate-bomb.tif", tiff(image(16, 16, [8], [len(bomb)], compression=8) + georef(16, 16), data=bomb, ifd_offset=8 + len(bomb) + (len(bomb) % 2)))
# 3. Strip byte counts that lie (point past the end of the file).
write("lying-byte-counts.tif", tiff(image(8, 8, [8], [1 << 30]) + georef(8, 8), data=pixels, ifd_offset=72))
# 4. 65536 × 32768 pixels: 2^31, in a 200-byte file.
write("two-pow-31-pixels.tif", tiff(image(65536, 32768, [8], [64], rows=1) + georef(65536, 32768), data=pixels, ifd_offset=72))
# 5. The first IFD offset points past the end of the file.
write("ifd-past-end.tif", b"II*\x00" + struct.pack("<I", 1 << 20) + pixels)
