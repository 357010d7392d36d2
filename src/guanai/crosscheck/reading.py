"""Reading an uploaded list: the file through ``sheets``, each row through ``columns``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from guanai.core.crypto import lookup_hash
from guanai.crosscheck.columns import ListEntry, read_entry, wanted
from guanai.sheets.reading import find_columns, read_table


@dataclass
class ReadList:
    entries: list[ListEntry] = field(default_factory=list)  # rows that can be matched
    hashes: list[str] = field(default_factory=list)  # their ID numbers' look-up hashes
    rejects: list[dict[str, object]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_list(data: bytes, filename: str, kind: str, *, today: date) -> ReadList:
    """Read every row of a ``kind`` list; a bad row goes to ``rejects`` with its reasons.

    Raise ``ValidationFailed`` for a file that cannot be used at all (not a table, a
    required column missing).
    """
    table = read_table(data, filename)
    columns, required = wanted(kind)
    mapping, warnings = find_columns(table.headers, columns, required)
    index = {name: table.headers.index(header) for name, header in mapping.items()}
    out = ReadList(warnings=[*table.warnings, *warnings])
    seen: dict[str, int] = {}
    for offset, cells in enumerate(table.rows):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: table.raw_value(offset, column) if column < len(cells) else ""
            for name, column in index.items()
        }
        entry = read_entry(kind, table.first_row + offset, values, today=today)
        if entry.id_number and not entry.errors:
            if entry.id_number in seen:
                entry.errors.append(
                    (
                        "id_number",
                        _("This ID number is already in row %(row)s.")
                        % {"row": seen[entry.id_number]},
                    )
                )
            else:
                seen[entry.id_number] = entry.row
        if entry.errors:
            out.rejects.extend(
                {"row": entry.row, "field": name, "reason": reason} for name, reason in entry.errors
            )
            continue
        out.entries.append(entry)
        out.hashes.append(lookup_hash(entry.id_number))
    return out
