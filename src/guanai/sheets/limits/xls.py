"""The extent of every sheet of an .xls workbook (BIFF8 in an OLE compound file)."""

from __future__ import annotations

import struct

from guanai.sheets.limits.base import Extent, Limits, not_a_workbook, refuse_beyond


class Broken(Exception):
    """The compound file is not what its header says."""


END_OF_CHAIN = 0xFFFFFFFA  # this and above: no further sector
# Records that hold one cell, its row and column first; and those that hold a run of
# cells in a row (MULRK, MULBLANK), the last column at their end.
XLS_CELLS = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
XLS_RUNS = {0x00BD, 0x00BE}
XLS_FORMULA, XLS_BOF, XLS_DIMENSIONS = 0x0006, 0x0809, 0x0200


def xls_extent(raw: bytes, limits: Limits) -> Extent:
    """Measure every sheet of an .xls workbook from its cell records.

    The reader builds every sheet of an .xls file when it opens it, each as a grid of
    up to 65,536 × 256 cells, so each must lie within the limits; the formulas are
    those of the first sheet.
    """
    data = _compound_stream(raw, ("workbook", "book"))
    first = Extent()
    extent = first
    substream = 0
    at = 0
    while at + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, at)
        body, at = at + 4, at + 4 + length
        if kind == XLS_BOF:
            substream += 1
            extent = first if substream == 2 else Extent()
        elif kind in XLS_CELLS and length >= 4:
            row, column = struct.unpack_from("<HH", data, body)
            extent.add(row + 1, column + 1)
            if kind == XLS_FORMULA and substream == 2:
                first.formulas.add((row, column))
        elif kind in XLS_RUNS and length >= 6:
            (row,) = struct.unpack_from("<H", data, body)
            (last,) = struct.unpack_from("<H", data, body + length - 2)
            extent.add(row + 1, last + 1)
        elif kind == XLS_DIMENSIONS and length >= 12:
            rows, _first_column, columns = struct.unpack_from("<IHH", data, body + 4)
            refuse_beyond(rows, columns, limits)
        refuse_beyond(extent.rows, extent.columns, limits)
    return first


def _compound_stream(raw: bytes, names: tuple[str, ...]) -> bytes:
    """Return the first stream named one of ``names`` of an OLE compound file."""
    (shift, mini_shift) = struct.unpack_from("<HH", raw, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise Broken
    size, mini = 1 << shift, 1 << mini_shift
    fat_count, first_directory = struct.unpack_from("<II", raw, 0x2C)
    cutoff, first_mini_fat, _mini_fat_count, first_difat = struct.unpack_from("<IIII", raw, 0x38)

    def sector(number: int) -> bytes:
        start = (number + 1) * size
        if start >= len(raw):
            raise Broken
        return raw[start : start + size].ljust(size, b"\0")

    def chain(start: int, table: tuple[int, ...]) -> list[int]:
        numbers: list[int] = []
        seen: set[int] = set()
        while start < END_OF_CHAIN:
            if start in seen or start >= len(table):
                raise Broken  # a loop, or a sector the table does not know
            seen.add(start)
            numbers.append(start)
            start = table[start]
        return numbers

    # The sectors of the allocation table: 109 in the header, the rest in a chain.
    difat = list(struct.unpack_from("<109I", raw, 0x4C))
    next_difat, seen_difat = first_difat, set()
    while next_difat < END_OF_CHAIN and next_difat not in seen_difat:
        seen_difat.add(next_difat)
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        difat += entries[:-1]
        next_difat = entries[-1]
    fat_sectors = [n for n in difat if n < END_OF_CHAIN][:fat_count]
    fat = struct.unpack(f"<{len(fat_sectors) * size // 4}I", b"".join(map(sector, fat_sectors)))
    directory = b"".join(sector(n) for n in chain(first_directory, fat))
    found: list[tuple[str, int, int, int]] = []
    for offset in range(0, len(directory) - 127, 128):
        name_length, kind = struct.unpack_from("<HB", directory, offset + 0x40)
        start, length = struct.unpack_from("<II", directory, offset + 0x74)
        encoded = directory[offset : offset + max(0, min(name_length, 64) - 2)]
        found.append((encoded.decode("utf-16-le", "replace").lower(), kind, start, length))
    if not found:
        raise Broken
    for entry_name, kind, start, length in found:
        if kind != 2 or entry_name not in names:
            continue
        if length >= cutoff:
            return b"".join(sector(n) for n in chain(start, fat))[:length]
        # A small stream lives in the mini stream, held by the root entry.
        _root, _kind, root_start, _length = found[0]
        stream = b"".join(sector(n) for n in chain(root_start, fat))
        mini_fat_bytes = b"".join(sector(n) for n in chain(first_mini_fat, fat))
        mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
        return b"".join(stream[n * mini : (n + 1) * mini] for n in chain(start, mini_fat))[:length]
    raise not_a_workbook()
