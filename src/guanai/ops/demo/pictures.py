"""Small pictures for the demo, drawn in code: no image library, no file shipped.

``scene(n)`` is a PNG of 320×200 pixels — a sky, the sun, hills, a red banner over a stage
and a row of children — in one of a few colourings, the same bytes every time for the same
``n``. Drawn a row at a time from slices of colour, it takes a few milliseconds.
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import cache

WIDTH, HEIGHT = 320, 200
Colour = tuple[int, int, int]

# Sky at the top, sky at the horizon, hills, ground, banner: one colouring per scene.
PALETTES: tuple[tuple[Colour, Colour, Colour, Colour, Colour], ...] = (
    ((88, 160, 230), (190, 225, 250), (92, 160, 90), (196, 170, 120), (200, 30, 40)),
    ((250, 170, 110), (255, 225, 170), (120, 150, 80), (180, 150, 110), (190, 25, 60)),
    ((120, 190, 220), (220, 240, 245), (70, 140, 110), (210, 190, 150), (215, 60, 30)),
)
# The children's clothes, left to right.
CLOTHES: tuple[Colour, ...] = (
    (240, 200, 40),
    (40, 120, 200),
    (230, 90, 120),
    (60, 170, 90),
    (150, 90, 200),
    (250, 140, 40),
)
SKIN: Colour = (240, 200, 170)
HAIR: Colour = (40, 30, 30)


def _px(colour: Colour) -> bytes:
    return bytes(colour)


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _paint(row: bytearray, x0: int, x1: int, colour: Colour) -> None:
    x0, x1 = max(0, x0), min(WIDTH, x1)
    if x1 > x0:
        row[3 * x0 : 3 * x1] = _px(colour) * (x1 - x0)


def _row(y: int, n: int) -> bytes:
    sky_top, sky_low, hills, ground, banner = PALETTES[n % len(PALETTES)]
    horizon = 120
    if y < horizon:
        row = bytearray(_px(_mix(sky_top, sky_low, y / horizon)) * WIDTH)
    else:
        row = bytearray(_px(ground) * WIDTH)
    # The sun, its place moving with n.
    sx, sy, r = 40 + 70 * (n % 4), 36, 18
    if abs(y - sy) < r:
        half = int(math.sqrt(r * r - (y - sy) ** 2))
        _paint(row, sx - half, sx + half, (255, 215, 80))
    # Two hills, as the halves of ellipses standing on the horizon.
    for cx, width, height in ((90, 130, 45), (250, 110, 35)):
        top = horizon - height
        if top <= y < horizon:
            half = int(width * math.sqrt(1 - ((horizon - y) / height) ** 2))
            _paint(row, cx - half, cx + half, hills)
    # The banner on two poles, over the stage.
    if 60 <= y < 135:
        _paint(row, 58, 62, (90, 60, 40))
        _paint(row, 258, 262, (90, 60, 40))
    if 62 <= y < 88:
        _paint(row, 62, 258, banner)
        if 70 <= y < 80:  # the banner's writing, as gold strokes
            for k in range(8):
                _paint(row, 80 + 22 * k, 94 + 22 * k, (250, 215, 90))
    if 128 <= y < 136:
        _paint(row, 40, 280, (150, 100, 60))
    # A row of children: head, hair, clothes and legs.
    for k in range(6):
        cx = 70 + 36 * k + (n * 7) % 11
        if 138 <= y < 142:
            _paint(row, cx - 6, cx + 6, HAIR)
        elif 142 <= y < 152:
            _paint(row, cx - 6, cx + 6, SKIN)
        elif 152 <= y < 172:
            _paint(row, cx - 9, cx + 9, CLOTHES[(k + n) % len(CLOTHES)])
        elif 172 <= y < 186:
            _paint(row, cx - 7, cx - 2, (50, 60, 90))
            _paint(row, cx + 2, cx + 7, (50, 60, 90))
    return bytes(row)


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


@cache
def scene(n: int = 0) -> bytes:
    """Return the PNG of scene ``n`` (320×200, 8-bit RGB)."""
    raw = b"".join(b"\x00" + _row(y, n) for y in range(HEIGHT))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )
