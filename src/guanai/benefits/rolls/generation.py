"""Generating a monthly payment roll (发放花名册) in SQL, whatever the number of persons.

The roll of a unit and month holds one regular line per person and monthly item that
``eligibility`` pays on the month's first day. It is built set-based (issue 5: not a
Python loop per person), in a fixed number of statements:

1. ``DELETE`` the draft's regular lines (regenerating replaces them; adjusting lines stay);
2. one ``INSERT INTO benefits_rollline … SELECT`` of the ``UNION ALL`` of one Django
   queryset per item (``eligibility.persons_paid``), every line at the standard that
   ``policies.rates_for`` gives the roll's unit on the month's first day, ordered by unit,
   name and item so that the roll reads in that order;
3. one ``UPDATE`` per version set by a unit inside the subtree
   (``policies.versions_within``), raising that unit's lines where its standard is higher
   (the higher standard prevails, 篇五 总则(六); the order of the updates does not matter);
4. one aggregate for the roll's lines, persons and total.

Amounts are rate × quantity: a standard has at most two decimal places and a quantity is
a whole number, so the product is exact to the fen and needs no rounding.

A person is on one roll a month: a unit cannot have a roll for a month when a unit above
or below it has one, and a line already paid for the month by another roll (the person
moved between units) is not paid again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.benefits import eligibility, policies
from guanai.benefits.models import LineKind, PaymentRoll, RollLine, RollStatus
from guanai.benefits.rolls.access import refuse_locked, require_edit
from guanai.benefits.rolls.holds import roll_generated
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump
from guanai.core.money import ZERO, round_fen
from guanai.core.months import month_start, next_month, this_month
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person

LINE_COLUMNS = (
    "roll_id",
    "person_id",
    "org_unit_id",
    "item",
    "kind",
    "quantity",
    "rate",
    "amount",
    "policy_rate_id",
    "note",
)
SORT_MEMORY = "256MB"
MONEY: DecimalField[Any, Any] = DecimalField(max_digits=12, decimal_places=2)


def roll_persons(unit: OrgUnit) -> QuerySet[Person]:
    """Return the persons a roll of ``unit`` may pay: its subtree's, not archived."""
    return Person.objects.filter(
        subtree_q([unit], field="org_unit__path"), archived_at__isnull=True
    ).order_by()


def _check_month(month: date) -> date:
    first = month_start(month)
    if first > next_month(this_month()):
        raise ValidationFailed(_("A roll can be made at most for next month."), field="month")
    return first


def _refuse_overlap(unit: OrgUnit, first: date) -> None:
    """Refuse a roll where a unit above or below already has one for the month."""
    other = (
        PaymentRoll.objects.filter(month=first)
        .exclude(org_unit=unit)
        .filter(Q(org_unit__path__in=unit.ancestor_paths()) | subtree_q([unit], "org_unit__path"))
        .select_related("org_unit")
        .first()
    )
    if other is not None:
        raise ValidationFailed(
            _(
                "%(unit)s already has a roll for %(month)s, and a person is on one roll a "
                "month: generate that roll instead."
            )
            % {"unit": other.org_unit.name, "month": date_format(first, "YEAR_MONTH_FORMAT")}
        )


def _item_lines(roll: PaymentRoll, code: str, rate: policies.Rate, order: int) -> QuerySet[Any]:
    """Return the lines of one item as a queryset of values, in ``LINE_COLUMNS`` order,
    followed by the sort keys (``s_*``)."""
    # Paid already this month by another roll (the person moved from a unit rolled before).
    elsewhere = RollLine.objects.filter(
        person=OuterRef("pk"),
        item=code,
        kind=LineKind.REGULAR,
        roll_id__in=PaymentRoll.objects.filter(month=roll.month).exclude(pk=roll.pk).values("pk"),
    )
    persons = roll_persons(roll.org_unit).exclude(Exists(elsewhere))
    version = rate.version.pk if rate.version is not None else None
    return (
        eligibility.persons_paid(code, persons, roll.month)
        .order_by()
        .values(
            l_roll=Value(roll.pk, output_field=IntegerField()),
            l_person=F("pk"),
            l_unit=F("org_unit_id"),
            l_item=Cast(Value(code), output_field=CharField(max_length=24)),
            l_kind=Cast(Value(LineKind.REGULAR.value), output_field=CharField(max_length=10)),
            l_quantity=F("paid_quantity"),
            l_rate=Cast(Value(round_fen(rate.amount)), output_field=MONEY),
            # A typed NULL: PostgreSQL reads a bare NULL in a UNION as text.
            l_policy=Cast(Value(version), output_field=IntegerField()),
            l_note=Cast(Value(""), output_field=CharField(max_length=200)),
            s_path=F("org_unit__path"),
            s_name=F("name_sort"),
            s_item=Value(order, output_field=IntegerField()),
        )
    )


def _insert_lines(roll: PaymentRoll, rates: dict[str, policies.Rate]) -> None:
    """Insert every regular line of the roll in one INSERT … SELECT."""
    parts = [
        _item_lines(roll, code, rates[code], order)
        for order, code in enumerate(eligibility.MONTHLY_CODES)
    ]
    union = parts[0].union(*parts[1:], all=True)
    select_sql, params = union.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(RollLine._meta.db_table)
    columns = ", ".join(quote(c) for c in LINE_COLUMNS)
    values = (
        "l_roll, l_person, l_unit, l_item, l_kind, l_quantity, l_rate, "
        "l_rate * l_quantity, l_policy, l_note"
    )
    # Paths are digits and pinyin is ASCII: byte order sorts them as well as a locale's
    # collation, and on PostgreSQL several times faster (SQLite compares bytes anyway).
    byte_order = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    order = f"s_path{byte_order}, s_name{byte_order}, l_person, s_item"
    sql = (
        f"INSERT INTO {table} ({columns}) SELECT {values} "  # noqa: S608 - names, not input
        f"FROM ({select_sql}) lines ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # For this transaction only: the sort of a county's million lines and the
            # hashes of its categories then stay in memory instead of spilling to disk.
            cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
        cursor.execute(sql, params)


def _raise_to_local_versions(roll: PaymentRoll, codes: tuple[str, ...]) -> int:
    """Raise the lines of each sub-unit whose own standard is higher; return the updates."""
    updates = 0
    for version in policies.versions_within(roll.org_unit, roll.month, codes):
        amount = round_fen(version.amount)
        units = OrgUnit.objects.filter(subtree_q([version.org_unit])).values("pk")
        RollLine.objects.filter(
            roll=roll,
            item=version.item,
            kind=LineKind.REGULAR,
            rate__lt=amount,
            org_unit_id__in=units,
        ).update(
            rate=amount,
            amount=F("quantity") * Value(amount, output_field=MONEY),
            policy_rate=version,
        )
        updates += 1
    return updates


def refresh_totals(roll: PaymentRoll) -> None:
    """Set the roll's line count, person count and total from its lines (one aggregate)."""
    totals = RollLine.objects.filter(roll=roll).aggregate(
        lines=Count("pk"), persons=Count("person", distinct=True), total=Sum("amount")
    )
    roll.lines_count = totals["lines"]
    roll.persons_count = totals["persons"]
    roll.total = round_fen(totals["total"]) if totals["total"] is not None else ZERO


def _delete_regular_lines(roll: PaymentRoll) -> None:
    # Raw, because QuerySet.delete() would fetch every line to check the PROTECT of
    # ``adjusts``; a draft's lines are never adjusted (only an approved roll's are).
    table = connection.ops.quote_name(RollLine._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE roll_id = %s AND kind = %s",  # noqa: S608
            [roll.pk, LineKind.REGULAR.value],
        )


@transaction.atomic
def roll_generate(*, acting_user: Actor, org_unit: OrgUnit, month: date) -> PaymentRoll:
    """Create the roll of ``org_unit``'s subtree for the month of ``month``, or regenerate
    its draft (its regular lines are replaced, its adjusting lines stay).

    Refused for a roll waiting for approval or approved, and when a unit above or below
    has a roll for the month.
    """
    require_edit(acting_user, org_unit)
    first = _check_month(month)
    # Lock the unit and its ancestors: two overlapping units share the higher one, so
    # their generations take turns and the overlap check below sees the other's roll.
    list(OrgUnit.objects.select_for_update().filter(path__in=org_unit.ancestor_paths()))
    roll = (
        PaymentRoll.objects.select_for_update()
        .filter(org_unit=org_unit, month=first)
        .select_related("org_unit")
        .first()
    )
    if roll is None:
        _refuse_overlap(org_unit, first)
        roll = PaymentRoll.objects.create(org_unit=org_unit, month=first)
    else:
        refuse_locked(roll)
        if roll.status != RollStatus.DRAFT:
            raise ValidationFailed(
                _(
                    "This roll is waiting for approval; it can be generated again only "
                    "after a leader returns it."
                )
            )
        _delete_regular_lines(roll)
        bump(roll)
    rates = policies.rates_for(org_unit, first, eligibility.MONTHLY_CODES)
    _insert_lines(roll, rates)
    _raise_to_local_versions(roll, eligibility.MONTHLY_CODES)
    refresh_totals(roll)
    roll.generated_at = timezone.now()
    roll.generated_by = account_of(acting_user)
    roll.save()
    roll_generated.send(sender=PaymentRoll, roll=roll)
    return roll
