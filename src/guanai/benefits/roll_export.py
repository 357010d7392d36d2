"""A payment roll as an xlsx in the bank-upload layout (代发明细), audited.

The sheet: a title row (unit, month, status), the header row 序号 姓名 身份证号 开户银行
账号 户名 项目 金额, one row per line of the roll in the roll's order, a 合计 row with the
number of lines and the total, and the signature footer (填报单位, 填表人, 审核人, 日期)
that the clerk prints and stamps. A roll not yet approved says so in its title: nobody
should pay from a draft by mistake.

ID and account numbers are masked (``513***********1234``, ``****1234``) unless the
caller asks for full numbers *and* the user may reveal them for the roll's unit
(``scoping.can_reveal_numbers``), which a bank upload needs. A person without a payment
account is listed, with 未登记 in the bank columns so the clerk sees who is missing.
Every text cell is a text cell (an account number never becomes 6.2E+18) and
neutralised against formula injection. Every export is written to the audit log with
its purpose, bank payment.

Queries: the lines with persons and accounts, read in chunks (a fixed number per 2,000
lines) as plain values, their numbers decrypted a chunk at a time, and the audit row; each
chunk is written as it comes (XlsxWriter's constant-memory mode), so memory stays flat for
a roll of 900,000 lines (issue 24).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice
from typing import Any, BinaryIO

from django.db.models import ExpressionWrapper, F, TextField
from django.http import HttpRequest
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.benefits import catalogue
from guanai.benefits.models import PaymentRoll, RollStatus
from guanai.benefits.rolls import access_roll, roll_lines
from guanai.core.audit import export_logged
from guanai.core.crypto import decrypt_many
from guanai.core.masking import mask_account, mask_id
from guanai.core.money import ZERO
from guanai.registry.purpose import purpose_clean
from guanai.sheets import export_jobs
from guanai.sheets.export_jobs import Progress, export_dir
from guanai.sheets.models import ExportJob
from guanai.sheets.writing import (
    FORMULA_STARTS,
    neutralise,
    print_setup,
    sheet_name,
    streaming_workbook,
)

HEADERS = ("序号", "姓名", "身份证号", "开户银行", "账号", "户名", "项目", "金额")
TITLE = "政策扶助资金发放花名册"
DRAFT_MARK = "（未审批，不得据此发放）"
TOTALS = "合计"
SIGNATURES = ("填报单位", "填表人", "审核人", "日期")
NOT_RECORDED = "未登记"
MASKED_NOTE = "注：身份证号、账号已脱敏。"
ADJUSTMENT_MARK = "（调整）"
CHUNK = 2000
KIND = "payment_roll"  # an ExportJob's kind
WIDTHS = (6, 10, 22, 20, 26, 10, 24, 12)


def _day(value: Any) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def export_title(roll: PaymentRoll) -> str:
    """Return the title row: "冷碛镇 2025年3月 政策扶助资金发放花名册"."""
    title = f"{roll.org_unit.name} {roll.month.year}年{roll.month.month}月 {TITLE}"
    return title if roll.status == RollStatus.APPROVED else title + DRAFT_MARK


def _signer(user: User | None) -> str:
    return "" if user is None else user.full_name or user.get_username()


def _token(field: str) -> ExpressionWrapper:
    """The stored token of an encrypted field, as text the ORM does not decrypt on reading."""
    return ExpressionWrapper(F(field), output_field=TextField())


def _line_chunks(roll: PaymentRoll) -> Iterator[list[tuple[Any, ...]]]:
    """Yield the roll's lines ``CHUNK`` at a time as tuples of the columns the sheet shows
    (item, kind, amount, name, ID token, bank, account token, holder, account id), in the
    roll's order. Tuples, not model instances: a roll's lines are a county's million rows,
    and building a line with its person and account cost more than writing its row."""
    lines = (
        roll_lines(roll)
        .select_related(None)
        .values_list(
            "item",
            "kind",
            "amount",
            "person__name",
            _token("person__id_number"),
            "person__payment_account__bank",
            _token("person__payment_account__account_number"),
            "person__payment_account__holder",
            "person__payment_account__pk",
        )
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(lines, CHUNK)):
        yield chunk


def roll_workbook(
    *,
    acting_user: User,
    roll: PaymentRoll,
    full_numbers: bool,
    purpose: str,
    request: HttpRequest | None = None,
) -> bytes:
    """Return the roll as an xlsx for the bank; full numbers only where the user may.

    The export is asked for with a purpose (``registry.purpose``: refused when empty or too
    long) and written to the audit log with it. The sheet is streamed to a private
    temporary file (``write_roll``) and read back: for the rolls small enough to answer at
    once.
    """
    with tempfile.TemporaryFile(dir=export_dir()) as handle:
        write_roll(
            handle,
            acting_user=acting_user,
            roll=roll,
            full_numbers=full_numbers,
            purpose=purpose,
            request=request,
        )
        handle.seek(0)
        return handle.read()


def write_roll(
    out: BinaryIO,
    *,
    acting_user: User,
    roll: PaymentRoll,
    full_numbers: bool,
    purpose: str,
    request: HttpRequest | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the roll's bank workbook to ``out`` line by line (XlsxWriter's constant-memory
    mode); return its number of lines. ``progress`` is told the lines written every
    ``CHUNK``."""
    purpose = purpose_clean(purpose)
    roll = access_roll(acting_user, roll.pk)
    full = full_numbers and scoping.can_reveal_numbers(acting_user, roll.org_unit)
    today = timezone.localdate()
    book = streaming_workbook(out, tmpdir=str(export_dir()))
    title = export_title(roll)
    sheet = book.add_worksheet(sheet_name(title))
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1, "align": "center"})
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "#,##0.00"})
    bold = book.add_format({"bold": True})
    bold_money = book.add_format({"bold": True, "num_format": "#,##0.00"})

    def put(row: int, col: int, value: str, fmt: Any = text) -> None:
        if value:
            sheet.write_string(row, col, neutralise(value), fmt)

    put(0, 0, title, title_fmt)
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        put(1, col, header, head)
        sheet.set_column(col, col, width, text)
    labels = {entry.code: str(entry.label) for entry in catalogue.MONTHLY_ITEMS}
    total: Decimal = ZERO
    rows = 0
    write = sheet.write_string
    for chunk in _line_chunks(roll):
        # The chunk's ID and account numbers decrypted in one call: line i's at 2i, 2i+1.
        numbers = decrypt_many([token for line in chunk for token in (line[4], line[6] or "")])
        for i, (item, kind, amount, name, _id, bank, _number, holder, account) in enumerate(chunk):
            rows += 1
            id_number, number = numbers[2 * i], numbers[2 * i + 1]
            if account is None:
                bank = number = holder = NOT_RECORDED
            elif not full:
                number = mask_account(number)
            item = labels.get(item, item)
            if kind != "regular":
                item += ADJUSTMENT_MARK
            r = rows + 1
            sheet.write_number(r, 0, rows)
            # The cells as put() writes them, inline: this loop is the export's hot path.
            for col, value in enumerate(
                (name, id_number if full else mask_id(id_number), bank, number, holder, item),
                start=1,
            ):
                if value:
                    write(r, col, "'" + value if value.startswith(FORMULA_STARTS) else value, text)
            sheet.write_number(r, 7, float(amount), money)
            total += amount
            if progress is not None and rows % CHUNK == 0:
                progress(rows)

    # The totals below one blank row, as in the roster export: a reader stops at 合计.
    at = rows + 3
    put(at, 0, TOTALS, bold)
    put(at, 1, f"共{rows}笔", bold)
    sheet.write_number(at, 7, float(total), bold_money)

    at += 2
    # 填表人 is who drew up the roll and sent it for approval, not whoever exports it (a
    # leader exporting an approved roll would otherwise sign as its preparer and approver).
    preparer = roll.submitted_by or roll.generated_by
    values = (roll.org_unit.name, _signer(preparer), _signer(roll.approved_by), _day(today))
    for n, (label, value) in enumerate(zip(SIGNATURES, values, strict=True)):
        put(at, 2 * n, f"{label}：{value}", bold)
    if not full:
        put(at + 1, 0, MASKED_NOTE)
    sheet.freeze_panes(2, 0)
    print_setup(sheet, columns=len(HEADERS), header_row=1)
    book.close()

    export_logged(
        user=acting_user,
        what="payment_roll",
        rows=rows,
        request=request,
        filters={
            "roll": roll.pk,
            "unit": roll.org_unit.code or roll.org_unit.name,
            "month": f"{roll.month:%Y-%m}",
            "status": roll.status,
            "full_numbers": full,
        },
        purpose=purpose,
    )
    return rows


def roll_line_count(roll: PaymentRoll) -> int:
    """Return how many lines ``write_roll`` writes for ``roll`` (one query)."""
    return roll_lines(roll).count()


def roll_file_name(roll: PaymentRoll) -> str:
    return f"roll-{roll.org_unit.code or roll.org_unit.pk}-{roll.month:%Y-%m}.xlsx"


def roll_export_start(
    *, acting_user: User, roll: PaymentRoll, full_numbers: bool, purpose: str, total: int
) -> ExportJob:
    """Queue the bank workbook of a large roll (``total`` lines) for the background worker
    (``tasks.roll_export_task``); return the job whose page shows its progress."""
    from guanai.benefits.tasks import roll_export_task

    job = export_jobs.create(
        user=acting_user,
        kind=KIND,
        file_name=roll_file_name(roll),
        total=total,
        params={"roll": roll.pk, "full": full_numbers, "purpose": purpose_clean(purpose)},
    )
    roll_export_task.enqueue(job.pk)
    return job


def roll_export_run(job: ExportJob) -> ExportJob:
    """Write the job's roll as its user (the worker's part). ``write_roll`` reads the roll
    through ``access_roll`` again: one the user may no longer read fails the job."""
    params = job.params
    user = User.objects.get(pk=job.user_id)

    def write(out: BinaryIO, progress: Progress) -> int:
        return write_roll(
            out,
            acting_user=user,
            roll=PaymentRoll(pk=params["roll"]),  # write_roll reads it through access_roll
            full_numbers=bool(params["full"]),
            purpose=params["purpose"],
            progress=progress,
        )

    return export_jobs.run(job, write)
