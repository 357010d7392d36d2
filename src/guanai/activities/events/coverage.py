"""Coverage of a unit's special groups by its events, per school term (篇一: "who has
joined nothing this term" is the list to act on).

The persons counted are the special-group persons on the user's roster in the unit's
subtree, not archived, with a category in force at some time in the term; a person joined
an activity when marked present at an event (any unit's, not cancelled) that started in
the term. Each read is one query whatever the size of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.activities.events.terms import Term
from guanai.activities.models.events import Attendance, Event, EventKind, EventStatus
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, Person, PersonCategory


def coverage_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units whose coverage the user may read (their roster subtrees)."""
    return OrgUnit.objects.filter(scoping.roster_subtree_q(user, field="path"))


def term_window(term: Term) -> tuple[datetime, datetime]:
    """Return the term as a half-open range of aware datetimes [first day, day after last)."""
    start = timezone.make_aware(datetime.combine(term.starts_on, time.min))
    end = timezone.make_aware(datetime.combine(term.ends_on + timedelta(days=1), time.min))
    return start, end


def _in_term(term: Term, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": term.ends_on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": term.starts_on})
    )


def joined_q(term: Term, field: str = "pk") -> Exists:
    """Return the condition "marked present at an event of the term" on the person ``field``."""
    start, end = term_window(term)
    return Exists(
        Attendance.objects.filter(
            person=OuterRef(field),
            present=True,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        ).exclude(event__status=EventStatus.CANCELLED)
    )


def special_persons(user: AnyUser, unit: OrgUnit, term: Term) -> QuerySet[Person]:
    """Return the special-group persons the coverage of ``unit`` in ``term`` counts."""
    in_term = PersonCategory.objects.filter(_in_term(term), person=OuterRef("pk"))
    return Person.objects.filter(
        scoping.roster_persons_q(user),
        subtree_q([unit], field="org_unit__path"),
        Exists(in_term),
        archived_at__isnull=True,
    )


def not_joined(user: AnyUser, unit: OrgUnit, term: Term) -> QuerySet[Person]:
    """Return the special-group persons who joined no activity in the term, by class."""
    return (
        special_persons(user, unit, term)
        .exclude(joined_q(term))
        .select_related("school", "org_unit")
        .order_by("school__path", "grade", "class_name", "name_sort", "pk")
    )


@dataclass(frozen=True)
class Share:
    label: str
    total: int
    joined: int

    @property
    def percent(self) -> int:
        return round(100 * self.joined / self.total) if self.total else 0


def totals(user: AnyUser, unit: OrgUnit, term: Term) -> Share:
    found = special_persons(user, unit, term).aggregate(
        total=Count("pk"), joined=Count("pk", filter=joined_q(term))
    )
    return Share("", found["total"], found["joined"])


def by_category(user: AnyUser, unit: OrgUnit, term: Term) -> list[Share]:
    """Return, for each category in force in the term, its persons and those who joined."""
    persons = special_persons(user, unit, term).values("pk")
    rows = (
        PersonCategory.objects.filter(_in_term(term), person__in=persons)
        .order_by()
        .values("category")
        .annotate(
            total=Count("person", distinct=True),
            joined=Count("person", distinct=True, filter=joined_q(term, "person")),
        )
    )
    found = {r["category"]: r for r in rows}
    return [
        Share(str(label), found[code]["total"], found[code]["joined"])
        for code, label in Category.choices
        if code in found
    ]


def by_class(user: AnyUser, unit: OrgUnit, term: Term) -> list[Share]:
    """Return, for each class (school, grade, class), its special persons and who joined."""
    rows = (
        special_persons(user, unit, term)
        .order_by()
        .values("school__name", "school__path", "grade", "class_name")
        .annotate(total=Count("pk"), joined=Count("pk", filter=joined_q(term)))
        .order_by("school__path", "grade", "class_name")
    )
    return [
        Share(
            f"{r['school__name'] or ''} {r['grade']}{r['class_name']}".strip(),
            r["total"],
            r["joined"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class KindShare:
    label: str
    events: int
    present: int


def by_kind(user: AnyUser, unit: OrgUnit, term: Term) -> list[KindShare]:
    """Return, for each kind, the unit's events of the term and how many came to them."""
    start, end = term_window(term)
    rows = (
        Event.objects.filter(
            scoping.roster_subtree_q(user, field="org_unit__path"),
            subtree_q([unit], field="org_unit__path"),
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .exclude(status=EventStatus.CANCELLED)
        .order_by()
        .values("kind")
        .annotate(
            events=Count("pk", distinct=True),
            present=Count("attendances", filter=Q(attendances__present=True)),
        )
    )
    found = {r["kind"]: r for r in rows}
    return [
        KindShare(str(label), found[code]["events"], found[code]["present"])
        for code, label in EventKind.choices
        if code in found
    ]
