"""A fund's yearly statement (年度收支明细): the page and the xlsx, audited as an export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.community.giving.amounts import ZERO
from guanai.community.giving.selectors import entries_of
from guanai.community.models.giving import CharityFund, FundDirection, FundEntry
from guanai.core.audit import export_logged
from guanai.sheets.writing import Export, workbook_bytes


@dataclass(frozen=True)
class Statement:
    fund: CharityFund
    year: int
    opening: Decimal
    entries: list[FundEntry]
    income: Decimal
    spending: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.income - self.spending


def statement_of(fund: CharityFund, year: int) -> Statement:
    """Return the fund's entries of ``year`` between its opening and closing balances
    (two queries)."""
    before = (
        FundEntry.objects.filter(fund=fund, on__lt=date(year, 1, 1))
        .order_by("-on", "-pk")
        .values_list("balance_after", flat=True)
        .first()
    )
    entries = list(entries_of(fund, year))
    total = {
        direction: sum((e.amount for e in entries if e.direction == direction), ZERO)
        for direction in FundDirection
    }
    return Statement(
        fund=fund,
        year=year,
        opening=before if before is not None else ZERO,
        entries=entries,
        income=total[FundDirection.INCOME],
        spending=total[FundDirection.SPENDING],
    )


def statement_export(
    *, acting_user: User, fund: CharityFund, year: int, request: HttpRequest | None = None
) -> Export:
    """Return the statement as an xlsx, one row per entry, and log it as an export."""
    statement = statement_of(fund, year)
    income = FundDirection.INCOME
    rows = [
        [
            e.on,
            e.get_direction_display(),
            e.what,
            e.amount if e.direction == income else None,
            e.amount if e.direction != income else None,
            e.balance_after,
        ]
        for e in statement.entries
    ]
    content, count = workbook_bytes(
        title=_("%(fund)s: statement of %(year)s") % {"fund": fund.name, "year": year},
        lead=[
            f"{_('Unit')}：{fund.org_unit.name}",
            f"{_('Opening balance')}：{statement.opening:.2f}",
        ],
        headers=[
            _("Date"),
            _("Type"),
            _("From whom / what for"),
            _("Income"),
            _("Spending"),
            _("Balance"),
        ],
        widths=(12, 8, 50, 14, 14, 14),
        rows=rows,
        after=[
            f"{_('Income')}：{statement.income:.2f}　{_('Spending')}：{statement.spending:.2f}"
            f"　{_('Closing balance')}：{statement.closing:.2f}"
        ],
    )
    export_logged(
        user=acting_user,
        what="community.fund_statement",
        rows=count,
        request=request,
        filters={"fund": fund.pk, "year": year},
        purpose=_("charity fund statement"),
    )
    return Export(content, f"charity-fund-{fund.org_unit.code or fund.org_unit_id}-{year}.xlsx")
