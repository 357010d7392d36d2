"""Roster export (花名册导出): the visible roster as an xlsx in the general template's layout.

The sheet is what a township sends upwards: a title row, the general template's header row
(``roster_template.GENERAL``), one row per person, a 合计 section with the number of persons
per category, and a signature footer (填报单位, 填表人, 审核人, 日期). The reader
(``sheets.reading.read_table``) skips the title row and stops at the 合计 row, so an export
with full numbers imports back unchanged (``registry.importing.roster_import``).

ID and phone numbers are masked (DESIGN §5) unless the caller asks for full numbers *and*
the user may reveal them for the person's unit (``scoping.can_reveal_numbers``); a masked
export cannot be imported again, as its ID numbers are incomplete. Every text cell is a
text cell (an 18-digit ID never becomes 5.13322E+17) and neutralised against formula
injection. Every export is written to the audit log with its row count, filters and purpose.

Queries: the units of the persons, the persons, per ``CHUNK`` persons their current
categories and contacts (``export_rows``), the audit row. The rows are written as they
come (XlsxWriter's constant-memory mode), so memory stays flat for a county's 100,000
persons (issue 24).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date
from typing import Any, BinaryIO

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.audit import export_logged
from guanai.core.masking import Shown, mask_id
from guanai.registry.export_rows import CATEGORY_LABEL, CATEGORY_ORDER, CHUNK, roster_rows
from guanai.registry.roster_template import GENERAL, TEXT_COLUMNS
from guanai.registry.selectors import PersonFilter, looks_like_id, persons_search
from guanai.sheets.export_jobs import Progress, export_dir
from guanai.sheets.writing import (
    FORMULA_STARTS,
    neutralise,
    print_setup,
    sheet_name,
    streaming_workbook,
)

TITLE = "特殊群体花名册"
TOTALS = "合计"
TOTAL_PERSONS = "总人数"
SIGNATURES = ("填报单位", "填表人", "审核人", "日期")
MASKED_NOTE = "注：身份证号、联系电话已脱敏。"
PURPOSE_LABEL = "用途"


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _unit_name(user: User, flt: PersonFilter) -> str:
    if flt.unit is not None:
        return flt.unit.name
    return "、".join(u.name for u in scoping.units_for(user, scoping.ROSTER_ROLES))


def export_title(user: User, flt: PersonFilter, today: date) -> str:
    """Return the title row: "冷碛镇 特殊群体花名册（2026年11月28日）", or the category's."""
    what = f"{CATEGORY_LABEL[flt.category]}花名册" if flt.category in CATEGORY_LABEL else TITLE
    return f"{_unit_name(user, flt)} {what}（{_day(today)}）".strip()


def filters_for_audit(flt: PersonFilter) -> dict[str, Any]:
    # An ID number typed in the search is kept masked: the audit log is read by auditors.
    return {
        "q": mask_id(flt.q) if looks_like_id(flt.q) else flt.q,
        "category": flt.category,
        "unit": (flt.unit.code or flt.unit.name) if flt.unit is not None else "",
        "school_class": flt.school_class,
        "status": flt.status,
    }


def roster_export(
    user: User,
    flt: PersonFilter,
    *,
    full_numbers: bool,
    purpose: str = "",
    request: HttpRequest | None = None,
) -> tuple[bytes, int]:
    """Return the user's roster, searched with ``flt``, as an xlsx; and its number of persons.

    Full ID and phone numbers are written only when ``full_numbers`` is asked for and the
    user may reveal them for the person's unit; everything else is masked. The export is
    written to the audit log. The sheet is streamed to a private temporary file
    (``write_roster``) and read back: for the exports small enough to answer at once.
    """
    with tempfile.TemporaryFile(dir=export_dir()) as handle:
        rows = write_roster(
            user, flt, handle, full_numbers=full_numbers, purpose=purpose, request=request
        )
        handle.seek(0)
        return handle.read(), rows


def roster_count(user: User, flt: PersonFilter) -> int:
    """Return how many persons ``roster_export`` would write (one query)."""
    return persons_search(user, flt).count()


def write_roster(
    user: User,
    flt: PersonFilter,
    out: BinaryIO,
    *,
    full_numbers: bool,
    purpose: str = "",
    request: HttpRequest | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the roster export to ``out`` row by row (XlsxWriter's constant-memory mode);
    return its number of persons. ``progress`` is told the rows written every ``CHUNK``."""
    today = timezone.localdate()
    title = export_title(user, flt, today)
    book = streaming_workbook(out, tmpdir=str(export_dir()))
    sheet = book.add_worksheet(sheet_name(title))
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format(
        {"bold": True, "bg_color": "#E7EEF7", "border": 1, "align": "center", "num_format": "@"}
    )
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})

    def put(row: int, col: int, value: str, fmt: Any = text) -> None:
        if value:
            sheet.write_string(row, col, neutralise(value), fmt)

    put(0, 0, title, title_fmt)
    for col, header in enumerate(GENERAL):
        put(1, col, header, head)
        width = 22 if header in {"身份证号", "残疾证号"} else 14 if header in TEXT_COLUMNS else 12
        sheet.set_column(col, col, width, text)

    counts: Counter[str] = Counter()
    revealed = 0
    rows = 0
    write, columns = sheet.write_string, range(1, len(GENERAL))
    for rows, (cells, categories, shown) in enumerate(
        roster_rows(user, flt, full_numbers=full_numbers), start=1
    ):
        revealed += shown is Shown.FULL
        counts.update(categories)
        r = rows + 1
        write(r, 0, str(rows), text)
        # The cells one by one, as put() writes them: this loop is the export's hot path.
        for col in columns:
            value = cells[col]
            if value:
                write(r, col, "'" + value if value.startswith(FORMULA_STARTS) else value, text)
        if progress is not None and rows % CHUNK == 0:
            progress(rows)

    # The totals, below one blank row: the reader stops at the 合计 cell.
    at = rows + 3
    # Row by row: in constant-memory mode a cell above the current row would be lost.
    put(at, 0, TOTALS, bold)
    put(at, 1, TOTAL_PERSONS, bold)
    for offset, code in enumerate(CATEGORY_ORDER, start=2):
        put(at, offset, CATEGORY_LABEL[code], bold)
    sheet.write_number(at + 1, 1, rows)
    for offset, code in enumerate(CATEGORY_ORDER, start=2):
        sheet.write_number(at + 1, offset, counts[code])

    # The signature footer, below another blank row.
    at += 3
    # 审核人 stays blank: the reviewer signs the printed sheet.
    signer = user.full_name or user.get_username()
    values = (_unit_name(user, flt), signer, "", _day(today))
    for n, (label, value) in enumerate(zip(SIGNATURES, values, strict=True)):
        put(at, 4 * n, f"{label}：{value}", bold)
    notes = []
    if revealed < rows:
        notes.append(MASKED_NOTE)
    purpose = purpose.strip() or _("Roster export")
    notes.append(f"{PURPOSE_LABEL}：{purpose}")
    for offset, note in enumerate(notes, start=1):
        put(at + offset, 0, note)
    sheet.freeze_panes(2, 0)
    print_setup(sheet, columns=len(GENERAL), header_row=1)
    book.close()

    filters = filters_for_audit(flt)
    filters["full_numbers"] = bool(revealed)
    export_logged(
        user=user, what="roster", rows=rows, request=request, filters=filters, purpose=purpose
    )
    return rows
