"""Reads of pocket-money accounts: entries, months, statements, quota warnings.

Callers pass an account from ``access_account``, which has already checked the user's
scope. Printing a statement is audited here (``statement_print``), not in the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce, TruncMonth
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care.ledger.amounts import MONEY, WHAT_LENGTH, ZERO
from guanai.care.models import HelperRole, LedgerDirection, LedgerEntry, Pairing, PocketMoneyAccount
from guanai.core.audit import export_logged
from guanai.core.money import yuan
from guanai.core.months import month_start, next_month, this_month
from guanai.registry.models import Person


def account_of(person: Person) -> PocketMoneyAccount | None:
    """Return the person's account, if one was opened (the caller may read the person)."""
    return PocketMoneyAccount.objects.filter(person=person).first()


def entry_to_correct(
    account: PocketMoneyAccount, pk: int, direction: LedgerDirection
) -> LedgerEntry:
    """Return the entry of ``account`` that a ``direction`` counter-entry puts right, or 404."""
    opposite = (
        LedgerDirection.DEPOSIT
        if direction == LedgerDirection.SPENDING
        else LedgerDirection.SPENDING
    )
    return get_object_or_404(
        LedgerEntry.objects.select_related("account"),
        account=account,
        pk=pk,
        direction=opposite,
    )


def is_over_quota(spent: Decimal, quota: Decimal | None) -> bool:
    return quota is not None and spent > quota


def persons_awaiting_account(user: AnyUser) -> QuerySet[Person]:
    """Return the children with a surrogate parent but no account, in the user's units."""
    with_surrogate = Pairing.objects.filter(
        role=HelperRole.SURROGATE_PARENT, ended_on__isnull=True
    ).values("person_id")
    return (
        Person.objects.filter(
            org_unit__in=scoping.roster_edit_units(user),
            pk__in=with_surrogate,
            archived_at__isnull=True,
        )
        .exclude(pk__in=PocketMoneyAccount.objects.values("person_id"))
        .select_related("org_unit", "school")
        .order_by("name_sort", "pk")
    )


def entries_of(account: PocketMoneyAccount) -> QuerySet[LedgerEntry]:
    """Return the account's entries, newest first, each with ``month_spent``: the spending of
    its month up to and including it (so a spending that went over the quota shows it)."""
    spending = Case(
        When(direction=LedgerDirection.SPENDING, then=F("amount")),
        default=Value(ZERO),
        output_field=MONEY,
    )
    return (
        LedgerEntry.objects.filter(account=account)
        .select_related("author", "account")
        .annotate(
            month_spent=Window(
                Sum(spending),
                partition_by=[TruncMonth("on")],
                order_by=[F("on").asc(), F("pk").asc()],
                output_field=MONEY,
            )
        )
        .order_by("-on", "-pk")
    )


def entry_over_quota(entry: LedgerEntry) -> bool:
    """Return whether a spending (read by ``entries_of``) took its month over the quota."""
    return entry.direction == LedgerDirection.SPENDING and is_over_quota(
        getattr(entry, "month_spent", ZERO), entry.account.monthly_quota
    )


def entry_rows(entries: Iterable[LedgerEntry]) -> list[tuple[LedgerEntry, bool]]:
    """Return the entries each with whether it went over the quota, for a table."""
    return [(entry, entry_over_quota(entry)) for entry in entries]


@dataclass(frozen=True)
class MonthSummary:
    """One month of an account: what came in, what went out, against the quota."""

    month: date
    deposits: Decimal
    spending: Decimal
    quota: Decimal | None
    closing: Decimal

    @property
    def over_by(self) -> Decimal | None:
        """How much the spending went over the quota (negative: how much was left)."""
        return None if self.quota is None else self.spending - self.quota

    @property
    def over_quota(self) -> bool:
        return is_over_quota(self.spending, self.quota)


def _sum_of(direction: LedgerDirection) -> Coalesce:
    return Coalesce(Sum("amount", filter=Q(direction=direction)), Value(ZERO), output_field=MONEY)


def month_summaries(account: PocketMoneyAccount) -> list[MonthSummary]:
    """Return every month with entries, newest first, with its closing balance (one query)."""
    rows = (
        LedgerEntry.objects.filter(account=account)
        .annotate(month=TruncMonth("on"))
        .values("month")
        .annotate(
            deposits=_sum_of(LedgerDirection.DEPOSIT), spending=_sum_of(LedgerDirection.SPENDING)
        )
        .order_by("month")
    )
    months, balance = [], ZERO
    for row in rows:
        balance += row["deposits"] - row["spending"]
        months.append(
            MonthSummary(
                month=row["month"],
                deposits=row["deposits"],
                spending=row["spending"],
                quota=account.monthly_quota,
                closing=balance,
            )
        )
    return months[::-1]


@dataclass(frozen=True)
class Statement:
    """A month of an account as printed: opening balance, entries in date order, totals."""

    account: PocketMoneyAccount
    month: date
    opening: Decimal
    rows: list[tuple[LedgerEntry, bool]]
    deposits: Decimal
    spending: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.deposits - self.spending

    @property
    def over_quota(self) -> bool:
        return is_over_quota(self.spending, self.account.monthly_quota)


def statement_of(account: PocketMoneyAccount, month: date) -> Statement:
    """Return the statement of ``month`` (its first day) for printing (two queries)."""
    before = (
        LedgerEntry.objects.filter(account=account, on__lt=month)
        .order_by("-on", "-pk")
        .values_list("balance_after", flat=True)
        .first()
    )
    entries = list(
        entries_of(account).filter(on__gte=month, on__lt=next_month(month)).order_by("on", "pk")
    )
    total = {
        direction: sum((e.amount for e in entries if e.direction == direction), ZERO)
        for direction in LedgerDirection
    }
    return Statement(
        account=account,
        month=month,
        opening=before if before is not None else ZERO,
        rows=entry_rows(entries),
        deposits=total[LedgerDirection.DEPOSIT],
        spending=total[LedgerDirection.SPENDING],
    )


def month_name(month: date) -> str:
    """Return "this month" for the current month, else "in 2026-01" (2026年01月)."""
    if month == this_month():
        return _("this month")
    return _("in %(year)s-%(month)s") % {"year": month.year, "month": f"{month.month:02d}"}


def quota_warning(entry: LedgerEntry) -> str:
    """Return the warning for a spending that took its month over the quota, or ""."""
    quota = entry.account.monthly_quota
    if quota is None or not entry_over_quota(entry):
        return ""
    return _("Spent %(spent)s %(month)s, over the monthly quota of %(quota)s.") % {
        "spent": yuan(getattr(entry, "month_spent", ZERO)),
        "month": month_name(month_start(entry.on)),
        "quota": yuan(quota),
    }


def correction_text(entry: LedgerEntry) -> str:
    """Return what a counter-entry of ``entry`` says (冲正: the entry it puts right).

    It fills the form, where the user may change it. When the whole would not fit the
    column, the original's words are shortened visibly ("…"); the date always stays.
    """

    def text(what: str) -> str:
        return _("Correction of %(what)s (%(date)s)") % {
            "what": what,
            "date": entry.on.isoformat(),
        }

    full = text(entry.what)
    excess = len(full) - WHAT_LENGTH
    if excess <= 0:
        return full
    return text(entry.what[: len(entry.what) - excess - 1] + "…")


def statement_print(
    *,
    acting_user: User,
    account: PocketMoneyAccount,
    month: date,
    request: HttpRequest | None = None,
) -> Statement:
    """Return the statement of ``month`` for printing, and log it as an export.

    A printed statement leaves the system with a child's money on it: it is an export.
    """
    statement = statement_of(account, month)
    export_logged(
        user=acting_user,
        what="care.pocket_money_statement",
        rows=len(statement.rows),
        request=request,
        filters={"account": account.pk, "month": f"{month:%Y-%m}"},
    )
    return statement
