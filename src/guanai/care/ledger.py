"""Pocket money kept by a surrogate parent (代家长代管零花钱).

篇二: "落实好'代家长'……代为管理学生的财物……用钱有定额". A roster keeper opens an account
for a child and names its keeper, a surrogate parent paired with the child; the keeper
(or a roster keeper of the child's unit) writes what came in and from whom, and what was
spent on what. The rules:

* The balance never goes negative. A spending takes the money in one conditional
  ``UPDATE … WHERE balance >= amount``, so two spendings at the same moment cannot both
  take the last yuan; the database's CHECK constraint is the last guard behind it.
* Entries are never edited or deleted. A mistake is put right by a counter-entry (冲正).
* Entries are written in date order, as in a paper ledger: an entry is not dated before
  the last one, so each entry's ``balance_after`` is the balance on its date and a month's
  statement opens and closes on recorded balances.
* Spending over the monthly quota is recorded, with a warning; whether an entry went over
  is computed from the month's entries, not stored.

Only the surrogate parent keeps the money: a class teacher who keeps the class roster
(a worker of the unit) may write and print entries, but is not the keeper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Round, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import (
    HelperRole,
    LedgerDirection,
    LedgerEntry,
    Pairing,
    PocketMoneyAccount,
)
from guanai.care.permissions import can_edit_roster_of
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.money import parse_money, yuan
from guanai.core.text import column_limit, within
from guanai.registry.models import Person
from guanai.registry.services import require_open_file

# One entry: at most 100,000 yuan (a year's money sent home at once fits); an account at
# most a million, well inside the columns (12 digits) so that no sum overflows them.
MAX_AMOUNT = Decimal("100000.00")
MAX_BALANCE = Decimal("1000000.00")
WHAT_LENGTH = column_limit(LedgerEntry, "what")
ZERO = Decimal("0.00")
_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})", re.ASCII)
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=12, decimal_places=2)


# --- Amounts, dates, months -----------------------------------------------------------


def amount_clean(amount: object, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """Return ``amount`` to the fen, or refuse a negative, zero or huge one.

    ``amount`` is what a clerk typed ("12.5", "¥1,234.50", "２０元") or a Decimal already
    read; it is read by the one money reader (``core.money.parse_money``), which refuses
    "1e6", "1_000" and a third decimal. The limits here are the ledger's.
    """
    value = parse_money(amount, field=field, allow_negative=True)
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationFailed(_("The amount must be more than zero."), field=field)
    if value > MAX_AMOUNT:
        raise ValidationFailed(
            _("The amount is more than %(limit)s.") % {"limit": yuan(MAX_AMOUNT)}, field=field
        )
    return value


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return month_start(month - timedelta(days=1))


MONTH_ECHO_MAX = 20


def parse_month(text: str) -> date:
    """Return the first day of a month written as 2026-01."""
    match = _MONTH.fullmatch(text.strip())
    if match and int(match["year"]) >= 1900 and 1 <= int(match["month"]) <= 12:
        return date(int(match["year"]), int(match["month"]), 1)
    if len(text) > MONTH_ECHO_MAX:
        # Not echoed: a long paste in the message would hide what to write.
        raise ValidationFailed(_("That is not a month; write it as 2026-01."), field="month")
    raise ValidationFailed(
        _("“%(value)s” is not a month; write it as 2026-01.") % {"value": text}, field="month"
    )


# --- Who sees and writes ----------------------------------------------------------------


def accounts_q(user: AnyUser) -> Q:
    """Return the filter for the accounts the user may read.

    Roster readers (leaders, workers, viewers) read the accounts of the persons on their
    rosters; anyone else reads only the accounts they keep, while they are still paired
    with the child. A subject teacher paired with a child does not see its money.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    kept = Q(keeper_id=user.pk) & scoping.paired_persons_q(user, field="person")
    return scoping.roster_subtree_q(user, field="person__org_unit__path") | kept


def keeps_as_surrogate_parent(keeper: User | int, person: Person) -> bool:
    """Return whether ``keeper`` is paired with ``person`` as surrogate parent now."""
    return Pairing.objects.filter(
        person=person,
        helper=keeper,
        role=HelperRole.SURROGATE_PARENT,
        ended_on__isnull=True,
    ).exists()


def keepers_for(person: Person) -> QuerySet[User]:
    """Return the accounts that may keep ``person``'s money: their open surrogate parents."""
    paired = Pairing.objects.filter(
        person=person, role=HelperRole.SURROGATE_PARENT, ended_on__isnull=True
    ).values("helper_id")
    return User.objects.filter(pk__in=paired, is_active=True).order_by("full_name", "pk")


def can_open_for(user: AnyUser, person: Person) -> bool:
    """Return whether the user may open or hand over accounts of ``person``."""
    return can_edit_roster_of(user, person.org_unit)


def can_write(user: AnyUser, account: PocketMoneyAccount) -> bool:
    """Return whether the user may write entries: the keeper, or a roster keeper of the unit."""
    if can_edit_roster_of(user, account.person.org_unit):
        return True
    return account.keeper_id == user.pk and keeps_as_surrogate_parent(
        account.keeper_id, account.person
    )


def _require_can_open(user: User, person: Person) -> None:
    if not can_open_for(user, person):
        raise PermissionRefused(
            _("Only the roster keepers of %(unit)s open and hand over pocket-money accounts.")
            % {"unit": person.org_unit.name}
        )


def _require_can_write(user: User, account: PocketMoneyAccount) -> None:
    if not can_write(user, account):
        raise PermissionRefused(
            _("Only the keeper or a roster keeper of the child's unit may write in this ledger.")
        )


# --- Reads ----------------------------------------------------------------------------


def _month_spent_of_account(month: date) -> Subquery:
    spent = (
        LedgerEntry.objects.filter(
            account=OuterRef("pk"),
            direction=LedgerDirection.SPENDING,
            on__gte=month,
            on__lt=next_month(month),
        )
        .values("account")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(spent, output_field=MONEY)


def accounts_visible(user: AnyUser) -> QuerySet[PocketMoneyAccount]:
    """Return the accounts the user may read, with this month's spending (``month_spent``)."""
    this_month = month_start(timezone.localdate())
    return (
        PocketMoneyAccount.objects.filter(accounts_q(user))
        .select_related("person__org_unit", "person__school", "keeper")
        .annotate(
            month_spent=Coalesce(
                _month_spent_of_account(this_month), Value(ZERO), output_field=MONEY
            )
        )
        .order_by("person__name_sort", "pk")
    )


def access_account(user: AnyUser, pk: int) -> PocketMoneyAccount:
    """Return an account the user may read, or raise Http404."""
    return get_object_or_404(accounts_visible(user), pk=pk)


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
    if month == month_start(timezone.localdate()):
        return _("this month")
    return _("in %(year)s-%(month)s") % {"year": month.year, "month": f"{month.month:02d}"}


def quota_warning(entry: LedgerEntry) -> str:
    """Return the warning for a spending that took its month over the quota, or ""."""
    if not entry_over_quota(entry):
        return ""
    return _("Spent %(spent)s %(month)s, over the monthly quota of %(quota)s.") % {
        "spent": yuan(getattr(entry, "month_spent", ZERO)),
        "month": month_name(month_start(entry.on)),
        "quota": yuan(entry.account.monthly_quota),
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


# --- Writes ---------------------------------------------------------------------------


def _quota_clean(quota: Decimal | None) -> Decimal | None:
    return None if quota is None else amount_clean(quota, field="monthly_quota", allow_zero=True)


def _date_clean(on: date | None, *, field: str) -> date:
    today = timezone.localdate()
    on = today if on is None else on
    if on > today:
        raise ValidationFailed(_("The date is in the future."), field=field)
    return on


def _require_keeper(keeper: User, person: Person) -> None:
    if not keeper.is_active or not keeps_as_surrogate_parent(keeper, person):
        raise ValidationFailed(
            _("The keeper must be a surrogate parent paired with %(name)s now.")
            % {"name": person.name},
            field="keeper",
        )


@transaction.atomic
def ledger_open(
    *,
    acting_user: User,
    person: Person,
    keeper: User,
    monthly_quota: Decimal | None = None,
    opened_on: date | None = None,
) -> PocketMoneyAccount:
    """Open a child's pocket-money account, kept by a surrogate parent paired with the child."""
    _require_can_open(acting_user, person)
    require_open_file(person)
    _require_keeper(keeper, person)
    quota = _quota_clean(monthly_quota)
    opened_on = _date_clean(opened_on, field="opened_on")
    refusal = ValidationFailed(
        _("%(name)s has a pocket-money account already.") % {"name": person.name}
    )
    if PocketMoneyAccount.objects.filter(person=person).exists():
        raise refusal
    try:
        with transaction.atomic():
            return PocketMoneyAccount.objects.create(
                person=person, keeper=keeper, monthly_quota=quota, opened_on=opened_on
            )
    except IntegrityError:  # opened by someone else at the same moment
        raise refusal from None


@transaction.atomic
def ledger_update(
    *,
    acting_user: User,
    account: PocketMoneyAccount,
    version: int,
    keeper: User,
    monthly_quota: Decimal | None,
) -> PocketMoneyAccount:
    """Hand the account to another surrogate parent, or change its monthly quota.

    Return ``account`` itself, changed as stored.
    """
    _require_can_open(acting_user, account.person)
    current = PocketMoneyAccount.objects.select_for_update(of=("self",)).get(pk=account.pk)
    if current.version != version:
        raise StaleEdit(
            _("Someone else changed this account after you opened it. Reload it and try again.")
        )
    if keeper.pk != current.keeper_id:
        _require_keeper(keeper, account.person)
    current.keeper = keeper
    current.monthly_quota = _quota_clean(monthly_quota)
    current.version += 1
    current.save(update_fields=["keeper", "monthly_quota", "version"])
    # The caller's object (read with what its page shows) now shows the change too.
    account.keeper = current.keeper
    account.monthly_quota = current.monthly_quota
    account.version = current.version
    account.balance = current.balance
    return account


def _covers(amount: Decimal) -> Q:
    """The guard of a spending, checked by the UPDATE itself: the balance covers it."""
    return Q(balance__gte=amount)


def _not_enough(balance: Decimal, amount: Decimal) -> ValidationFailed:
    return ValidationFailed(
        _("Not enough money: the balance is %(balance)s, this spending %(amount)s.")
        % {"balance": yuan(balance), "amount": yuan(amount)},
        field="amount",
    )


def _move(account_pk: int, direction: LedgerDirection, amount: Decimal) -> Decimal:
    """Add or take ``amount`` in one conditional UPDATE and return the new balance.

    The UPDATE also locks the account's row until the transaction ends (on SQLite the
    IMMEDIATE transaction holds the whole database), so the caller's reads after it see
    no other writer. The new balance is rounded to the fen in SQL: SQLite computes
    decimals as binary floats, and 0.30 − 0.10 would otherwise be stored as
    0.19999999999999998, which a spending of 0.20 could no longer take.
    """
    rows = PocketMoneyAccount.objects.filter(pk=account_pk)
    try:
        with transaction.atomic():
            if direction == LedgerDirection.SPENDING:
                changed = rows.filter(_covers(amount)).update(
                    balance=Round(F("balance") - amount, 2)
                )
            else:
                changed = rows.filter(balance__lte=MAX_BALANCE - amount).update(
                    balance=Round(F("balance") + amount, 2)
                )
    except IntegrityError:  # the CHECK constraint: the last guard, if the filter failed
        changed = 0
    balance: Decimal = rows.values_list("balance", flat=True).get()
    if changed:
        return balance
    if direction == LedgerDirection.SPENDING:
        raise _not_enough(balance, amount)
    raise ValidationFailed(
        _("The balance would be more than %(limit)s; the account cannot hold more.")
        % {"limit": yuan(MAX_BALANCE)},
        field="amount",
    )


def _record(
    acting_user: User,
    account: PocketMoneyAccount,
    direction: LedgerDirection,
    amount: Decimal,
    on: date | None,
    what: str,
) -> LedgerEntry:
    _require_can_write(acting_user, account)
    require_open_file(account.person)
    amount = amount_clean(amount)
    on = _date_clean(on, field="on")
    if on < account.opened_on:
        raise ValidationFailed(
            _("The account was opened on %(date)s; an entry cannot be dated earlier.")
            % {"date": account.opened_on.isoformat()},
            field="on",
        )
    what = " ".join(what.split())
    if not what:
        message = (
            _("Say what the money was spent on.")
            if direction == LedgerDirection.SPENDING
            else _("Say from whom the money came.")
        )
        raise ValidationFailed(message, field="what")
    within(what, WHAT_LENGTH, field="what")
    balance = _move(account.pk, direction, amount)
    # Read after the UPDATE took the row: no entry can be written between this check
    # and the insert below.
    last = (
        LedgerEntry.objects.filter(account=account)
        .order_by("-on", "-pk")
        .values_list("on", flat=True)
        .first()
    )
    if last is not None and on < last:
        raise ValidationFailed(
            _(
                "Entries are written in date order: the last one is dated %(date)s. "
                "Date this one %(date)s or later."
            )
            % {"date": last.isoformat()},
            field="on",
        )
    entry = LedgerEntry.objects.create(
        account=account,
        direction=direction,
        on=on,
        amount=amount,
        what=what,
        balance_after=balance,
        author=acting_user,
    )
    account.balance = balance
    month = month_start(on)
    spent = LedgerEntry.objects.filter(
        account=account,
        direction=LedgerDirection.SPENDING,
        on__gte=month,
        on__lt=next_month(month),
    ).aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]
    entry.month_spent = spent  # type: ignore[attr-defined]
    return entry


@transaction.atomic
def ledger_deposit(
    *,
    acting_user: User,
    account: PocketMoneyAccount,
    amount: Decimal,
    source: str,
    on: date | None = None,
) -> LedgerEntry:
    """Record money given to the keeper for the child, and from whom (父亲汇款)."""
    return _record(acting_user, account, LedgerDirection.DEPOSIT, amount, on, source)


@transaction.atomic
def ledger_spend(
    *,
    acting_user: User,
    account: PocketMoneyAccount,
    amount: Decimal,
    purpose: str,
    on: date | None = None,
) -> LedgerEntry:
    """Record money spent for the child, and on what (文具); never more than the balance.

    A spending that takes its month over the quota is recorded all the same: the entry
    comes back with its month's spending (``month_spent``): ``entry_over_quota`` tells
    whether it went over and ``quota_warning`` says so.
    """
    return _record(acting_user, account, LedgerDirection.SPENDING, amount, on, purpose)
