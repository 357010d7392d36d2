"""Reads of one roll: its lines (a fixed number of queries a page), summary and gaps.

Callers pass a roll from ``access_roll``, which has already checked the user's scope.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.utils.functional import cached_property

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.benefits import eligibility
from guanai.benefits.eligibility import Gap
from guanai.benefits.models import PaymentRoll, RollLine, RollStatus
from guanai.benefits.rolls.access import rolls_visible
from guanai.benefits.rolls.generation import roll_persons
from guanai.core.money import ZERO, round_fen
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person
from guanai.registry.selectors import PersonFilter, persons_search

# How far back an adjusting line may correct a line of an approved roll (two years).
ADJUST_MONTHS = 24


def roll_lines(roll: PaymentRoll) -> QuerySet[RollLine]:
    """Return the roll's lines in the roll's order (unit, name, item; adjustments last).

    Everything a page or an export shows of a line comes in the same query: the person
    and their payment account, the unit, the standard's version and its unit, and for an
    adjusting line the corrected line's roll.
    """
    return (
        RollLine.objects.filter(roll=roll)
        .select_related(
            "person",
            "person__payment_account",
            "org_unit",
            "policy_rate__org_unit",
            "adjusts__roll",
        )
        .order_by("pk")
    )


class RollLinesPaginator(Paginator):
    """Page a roll's lines without counting them: the roll keeps its line count.

    ``COUNT(*)`` over a county's million lines costs more than the page itself.
    """

    def __init__(self, roll: PaymentRoll, per_page: int = 50) -> None:
        super().__init__(roll_lines(roll), per_page)
        self.roll = roll

    @cached_property
    def count(self) -> int:
        return self.roll.lines_count


def roll_summary(roll: PaymentRoll) -> list[tuple[str, int, Decimal]]:
    """Return (item code, lines, amount) for each item on the roll, in catalogue order."""
    rows = (
        RollLine.objects.filter(roll=roll)
        .order_by()
        .values("item")
        .annotate(lines=Count("pk"), amount=Sum("amount"))
    )
    found = {r["item"]: (r["item"], r["lines"], round_fen(r["amount"] or ZERO)) for r in rows}
    return [found[code] for code in eligibility.MONTHLY_CODES if code in found]


def _gap_persons(roll: PaymentRoll):  # type: ignore[no-untyped-def]
    return eligibility.persons_with_gaps(roll_persons(roll.org_unit), roll.month)


def roll_gaps(roll: PaymentRoll, *, limit: int | None = None) -> list[Gap]:
    """Return the persons of the roll's subtree left out for a missing detail (one query).

    Computed from today's registry for the roll's month: once the detail is recorded,
    the person is on the roll when it is generated again (or, for an approved roll, by an
    adjusting entry in a later one).
    """
    persons = (
        _gap_persons(roll).select_related("org_unit").order_by("org_unit__path", "name_sort", "pk")
    )
    if limit is not None:
        persons = persons[:limit]
    return [Gap(person, reason) for person in persons for reason in eligibility.gap_reasons(person)]


def roll_gaps_count(roll: PaymentRoll) -> int:
    """Return how many persons ``roll_gaps`` would list."""
    return _gap_persons(roll).count()


def roll_accounts_missing(roll: PaymentRoll) -> int:
    """Return how many persons on the roll have no payment account (the export says 未登记)."""
    return (
        RollLine.objects.filter(roll=roll, person__payment_account__isnull=True)
        .values("person")
        .distinct()
        .count()
    )


# --- Adjusting lines -----------------------------------------------------------------------


def _months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def roll_adjustable_lines(roll: PaymentRoll, person_pk: int) -> QuerySet[RollLine]:
    """Return the person's lines in approved rolls of the last two years (to correct)."""
    return (
        RollLine.objects.filter(
            person_id=person_pk,
            roll__status=RollStatus.APPROVED,
            roll__month__gte=_months_before(roll.month, ADJUST_MONTHS),
        )
        .select_related("roll")
        .order_by("-roll__month", "pk")
    )


def roll_adjustment_persons(user: AnyUser, roll: PaymentRoll, text: str) -> QuerySet[Person]:
    """Return the persons on the user's rosters inside the roll's unit, found by ``text``."""
    return persons_search(user, PersonFilter(q=text)).filter(
        scoping.persons_q(user, roster_only=True),
        subtree_q([roll.org_unit], field="org_unit__path"),
    )


def roll_line_visible(user: AnyUser, pk: int) -> RollLine | None:
    """Return a line of a roll the user may read (with its roll), or None."""
    return (
        RollLine.objects.filter(roll__in=rolls_visible(user), pk=pk).select_related("roll").first()
    )
