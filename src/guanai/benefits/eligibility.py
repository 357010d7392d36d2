"""Who is paid which monthly benefit, and why: one set of rules in two forms.

The rules (篇八; the contract of issue 5), for a date ``on``:

* A category span or an entitlement is *current* on ``on`` when it started on or before
  ``on`` and has not ended before it (``ended_on`` is the last day it is in effect).
* ``orphan_centralised`` / ``orphan_scattered``: a current ``orphan`` span whose support
  mode (``details["support"]``) is ``centralised`` / ``scattered``. An orphan none of whose
  current spans records a support mode is not paid, and is reported as a gap, so nobody
  is left out silently.
* ``sunshine_home``: a current ``disabled`` span with an intellectual or mental disability
  (type 5 or 6) or a severe one (grade 1 or 2), for a person living at home — no current
  ``tekun`` or ``orphan`` span with centralised support. A disabled person at home with
  neither a type 5/6 nor any grade recorded cannot be decided and is reported as a gap.
* ``one_child_aid``: a current ``Entitlement`` granted by a clerk (a household fact the
  registry does not hold), paid for ``quantity`` persons: amount = rate × quantity.
* Archived persons (deceased, moved away …) are never paid.

The payment roll applies them on the month's first day: what is current then pays the
whole month, what starts later in the month pays from the next month, and the standard in
effect that day applies to the whole month.

The Python form (``benefits_of``, ``medical_groups``) explains one person's benefits on
their page; the SQL form (``persons_paid``, ``persons_with_gaps``) selects whole subtrees
in a few statements for the roll. Both are kept here, next to each other, and a test
checks on random persons that they agree (tests/benefits/test_eligibility.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils.translation import gettext as _

from guanai.benefits import catalogue, policies
from guanai.benefits.catalogue import (
    ORPHAN_CENTRALISED,
    ORPHAN_SCATTERED,
    SUNSHINE_HOME,
    Item,
)
from guanai.benefits.models import Entitlement
from guanai.benefits.policies import Rate
from guanai.core.money import round_fen, yuan
from guanai.core.months import month_start
from guanai.registry import details as category_details
from guanai.registry.models import Category, Person, PersonCategory

# --- The rules as data (shared by both forms) --------------------------------------------

CENTRALISED = "centralised"
SCATTERED = "scattered"
# The support mode of an orphan span → the item it pays.
ORPHAN_ITEMS: dict[str, str] = {CENTRALISED: ORPHAN_CENTRALISED, SCATTERED: ORPHAN_SCATTERED}
# 篇八 (三) 2: intellectual (5) or mental (6) disability, or a severe one (grade 1 or 2).
SUNSHINE_TYPES = (5, 6)
SUNSHINE_GRADES = (1, 2)
GRADES = (1, 2, 3, 4)
# Centralised support in these categories means the person does not live at home.
LIVES_AWAY_IN = (Category.TEKUN, Category.ORPHAN)
# The monthly items in the order the roll lists them.
MONTHLY_CODES: tuple[str, ...] = tuple(entry.code for entry in catalogue.MONTHLY_ITEMS)


@dataclass(frozen=True)
class Benefit:
    """One monthly benefit of a person on a date, with the standard it applies and why."""

    item: Item
    quantity: int
    rate: Rate
    amount: Decimal
    reason: str
    started_on: date | None
    ended_on: date | None
    entitlement: Entitlement | None

    @property
    def explanation(self) -> str:
        """Say the whole computation: "reason; ¥600.00 × 1 = ¥600.00 (source)"."""
        return _("%(reason)s; %(rate)s × %(quantity)s = %(amount)s (%(source)s)") % {
            "reason": self.reason,
            "rate": self.rate.display,
            "quantity": self.quantity,
            "amount": yuan(self.amount),
            "source": self.rate.source,
        }


@dataclass(frozen=True)
class Gap:
    """A person left off a roll because a detail the rules need is not recorded."""

    person: Person
    reason: str


# --- Python form: one person ------------------------------------------------------------


def _is_current(started_on: date, ended_on: date | None, on: date) -> bool:
    return started_on <= on and (ended_on is None or ended_on >= on)


def _code(details: Mapping[str, Any], key: str) -> int | None:
    """Return a disability code as stored (an int), or None; a bool is not a code."""
    value = details.get(key)
    return value if type(value) is int else None


def _sunshine(details: Mapping[str, Any]) -> bool:
    return _code(details, "type") in SUNSHINE_TYPES or _code(details, "grade") in SUNSHINE_GRADES


def _undecided(details: Mapping[str, Any]) -> bool:
    """Return whether a disabled span says too little to decide the home-care subsidy."""
    return _code(details, "type") not in SUNSHINE_TYPES and _code(details, "grade") not in GRADES


def _day(value: date) -> str:
    return f"{value:%Y-%m-%d}"


def _label(category: str, key: str, value: object) -> str:
    return category_details.field_of(category, key).label_of(value)


def _category_benefits(spans: list[PersonCategory]) -> tuple[dict[str, PersonCategory], list[str]]:
    """Return the items that the person's current spans pay (with the span), and the gaps."""
    paid: dict[str, PersonCategory] = {}
    gaps: list[str] = []
    orphans = [s for s in spans if s.category == Category.ORPHAN]
    for span in orphans:
        code = ORPHAN_ITEMS.get(span.details.get("support"))
        if code is not None:
            paid.setdefault(code, span)
    if orphans and not any(c in paid for c in ORPHAN_ITEMS.values()):
        gaps.append(
            _(
                "Orphan since %(day)s: the support mode (centralised or scattered) is not "
                "recorded, so the orphan allowance is not paid."
            )
            % {"day": _day(orphans[0].started_on)}
        )
    at_home = not any(
        s.category in LIVES_AWAY_IN and s.details.get("support") == CENTRALISED for s in spans
    )
    disabled = [s for s in spans if s.category == Category.DISABLED]
    if at_home and disabled:
        severe = [s for s in disabled if _sunshine(s.details)]
        if severe:
            paid[SUNSHINE_HOME] = severe[0]
        elif all(_undecided(s.details) for s in disabled):
            gaps.append(
                _(
                    "Disabled person since %(day)s: neither the disability type nor the grade "
                    "is recorded, so the Sunshine Home subsidy cannot be decided."
                )
                % {"day": _day(disabled[0].started_on)}
            )
    return paid, gaps


def _span_reason(code: str, span: PersonCategory) -> str:
    what = Category(span.category).label
    if code == SUNSHINE_HOME:
        parts = [
            _label(Category.DISABLED, key, span.details[key])
            for key in ("type", "grade")
            if _code(span.details, key) is not None
        ]
        return _("%(category)s (%(details)s), cared for at home, since %(day)s") % {
            "category": what,
            "details": "、".join(parts),
            "day": _day(span.started_on),
        }
    return _("%(category)s (%(support)s), since %(day)s") % {
        "category": what,
        "support": _label(Category.ORPHAN, "support", span.details.get("support")),
        "day": _day(span.started_on),
    }


def _current_entitlement(entitlements: Iterable[Entitlement], on: date) -> Entitlement | None:
    """Return the current entitlement the roll would pay: the latest started one."""
    current = [e for e in entitlements if _is_current(e.started_on, e.ended_on, on)]
    current.sort(key=lambda e: (e.started_on, e.pk), reverse=True)
    return current[0] if current else None


def benefits_of(person: Person, on: date) -> tuple[list[Benefit], list[str]]:
    """Return the monthly benefits the person gets for the month of ``on``, and the gaps.

    As the roll pays them: categories and entitlements current on the month's first day,
    at the standards of the person's unit on that day. The gaps say what keeps a benefit
    from being paid (a detail not recorded) and what starts only with next month's roll.
    Three queries: the categories, the entitlements and the standards.
    """
    first = month_start(on)
    if person.is_archived:
        return [], []
    spans = list(PersonCategory.objects.filter(person=person).order_by("started_on", "pk"))
    entitlements = list(Entitlement.objects.filter(person=person, item__in=catalogue.GRANTED_ITEMS))
    rates = policies.rates_for(person.org_unit, first, MONTHLY_CODES)
    paid, gaps = _category_benefits(
        [s for s in spans if _is_current(s.started_on, s.ended_on, first)]
    )
    found: list[Benefit] = []
    for code, span in paid.items():
        rate = rates[code]
        found.append(
            Benefit(
                item=rate.item,
                quantity=1,
                rate=rate,
                amount=round_fen(rate.amount),
                reason=_span_reason(code, span),
                started_on=span.started_on,
                ended_on=span.ended_on,
                entitlement=None,
            )
        )
    for code in catalogue.GRANTED_ITEMS:
        entitlement = _current_entitlement((e for e in entitlements if e.item == code), first)
        if entitlement is None:
            continue
        rate = rates[code]
        found.append(
            Benefit(
                item=rate.item,
                quantity=entitlement.quantity,
                rate=rate,
                amount=round_fen(rate.amount * entitlement.quantity),
                reason=_("Granted: %(reason)s; %(quantity)s persons, since %(day)s")
                % {
                    "reason": entitlement.reason,
                    "quantity": entitlement.quantity,
                    "day": _day(entitlement.started_on),
                },
                started_on=entitlement.started_on,
                ended_on=entitlement.ended_on,
                entitlement=entitlement,
            )
        )
    # What starts within the month is paid from the next month's roll: say so.
    later = [s for s in spans if first < s.started_on <= on and s.ended_on is None]
    later_items, _later_gaps = _category_benefits(later)
    for code in later_items:
        if code not in paid:
            gaps.append(
                _("%(item)s: the category began on %(day)s; it is paid from next month's roll.")
                % {"item": catalogue.item(code).label, "day": _day(later_items[code].started_on)}
            )
    found.sort(key=lambda b: MONTHLY_CODES.index(b.item.code))
    return found, gaps


def medical_groups(person: Person, on: date) -> tuple[str, ...]:
    """Return the poor-group codes (篇八 (四)) current for the person on ``on``, in order."""
    held = {
        s.category
        for s in PersonCategory.objects.filter(person=person, category__in=catalogue.POOR_GROUPS)
        if _is_current(s.started_on, s.ended_on, on)
    }
    return tuple(code for code in catalogue.POOR_GROUPS if code in held)


# --- SQL form: whole subtrees -----------------------------------------------------------


def _current_q(on: date) -> Q:
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def current_spans(category: str, on: date) -> QuerySet[PersonCategory]:
    """Return the current spans of ``category`` of the outer query's person."""
    return PersonCategory.objects.filter(_current_q(on), person=OuterRef("pk"), category=category)


def current_entitlements(item: str, on: date) -> QuerySet[Entitlement]:
    return Entitlement.objects.filter(_current_q(on), person=OuterRef("pk"), item=item)


def _lives_away(on: date) -> list[Exists]:
    """Return one ``Exists`` per category whose centralised support means "not at home".

    Callers negate each on its own (``NOT EXISTS … AND NOT EXISTS …``): PostgreSQL turns
    that into anti-joins, where ``NOT (EXISTS … OR EXISTS …)`` would run per person.
    """
    return [
        Exists(current_spans(category, on).filter(details__support=CENTRALISED))
        for category in LIVES_AWAY_IN
    ]


def _sunshine_q() -> Q:
    return Q(details__type__in=list(SUNSHINE_TYPES)) | Q(details__grade__in=list(SUNSHINE_GRADES))


def persons_paid(item: str, persons: QuerySet[Person], on: date) -> QuerySet[Person]:
    """Return the persons of ``persons`` paid ``item`` on ``on``, with ``paid_quantity``.

    ``persons`` is already limited to the roll's unpaid, unarchived persons; each person
    comes once, whatever the number of matching spans (``Exists``, not a join).
    """
    orphan = current_spans(Category.ORPHAN, on)
    if item in (ORPHAN_CENTRALISED, ORPHAN_SCATTERED):
        support = next(mode for mode, code in ORPHAN_ITEMS.items() if code == item)
        return persons.filter(Exists(orphan.filter(details__support=support))).annotate(
            paid_quantity=Value(1, output_field=IntegerField())
        )
    if item == SUNSHINE_HOME:
        severe = current_spans(Category.DISABLED, on).filter(_sunshine_q())
        at_home = persons.filter(Exists(severe))
        for away in _lives_away(on):
            at_home = at_home.exclude(away)
        return at_home.annotate(paid_quantity=Value(1, output_field=IntegerField()))
    if item in catalogue.GRANTED_ITEMS:
        granted = current_entitlements(item, on)
        latest = granted.order_by("-started_on", "-pk").values("quantity")[:1]
        return persons.filter(Exists(granted)).annotate(
            paid_quantity=Subquery(latest, output_field=IntegerField())
        )
    raise ValueError(f"{item} is not a monthly item")


def persons_with_gaps(persons: QuerySet[Person], on: date) -> QuerySet[Person]:
    """Return the persons left unpaid for a missing detail, flagged by ``orphan_gap`` and
    ``disability_gap`` (the same rules as ``benefits_of``'s gaps)."""
    orphan = current_spans(Category.ORPHAN, on)
    disabled = current_spans(Category.DISABLED, on)
    decided = Q(details__type__in=list(SUNSHINE_TYPES)) | Q(details__grade__in=list(GRADES))
    orphan_gap = Exists(orphan) & ~Exists(orphan.filter(details__support__in=list(ORPHAN_ITEMS)))
    disability_gap: Any = Exists(disabled) & ~Exists(disabled.filter(decided))
    for away in _lives_away(on):
        disability_gap &= ~away
    return persons.annotate(
        orphan_gap=ExpressionWrapper(orphan_gap, output_field=BooleanField()),
        disability_gap=ExpressionWrapper(disability_gap, output_field=BooleanField()),
    ).filter(Q(orphan_gap=True) | Q(disability_gap=True))


def gap_reasons(person: Person) -> list[str]:
    """Return the gap messages of a person from ``persons_with_gaps``."""
    reasons = []
    if getattr(person, "orphan_gap", False):
        reasons.append(_("Orphan: the support mode (centralised or scattered) is not recorded."))
    if getattr(person, "disability_gap", False):
        reasons.append(_("Disabled person: neither the disability type nor the grade is recorded."))
    return reasons
