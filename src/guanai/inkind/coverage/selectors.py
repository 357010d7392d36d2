"""Eligible but not served (应享未享), the coverage of each service, and targets' progress.

* ``not_served(unit, service, on)``: the persons of the unit's subtree who qualify for the
  service on ``on`` (``eligibility.eligible_q``) and were never delivered it by then
  (``eligibility.served_q``), in roster order, each with their open request if one exists
  (``open_id``, ``open_status``) — one statement, whatever the size of the subtree.
* ``coverage_summary(unit, on)``: for each service in use, in the catalogue's order —
  ``eligible``: the persons of the subtree who qualify on ``on``, served or not;
  ``served``: the persons of the subtree delivered the service by ``on``, whether they
  still qualify or not (a renovated house is safe now: its owner no longer qualifies, and
  is still counted served, as a clerk counts 已享受); ``not_served``: eligible and not
  served, the length of ``not_served``. So ``eligible − not_served`` (the eligible served)
  is at most ``served``. Two statements for every service together.
* ``targets_progress(targets, today)``: every service target's ``progress.Progress`` in at
  most two statements whatever the number of targets (the deliveries of all of them, and
  the persons remaining at each year's end for the every-eligible-person targets). The
  dashboard shows them with every multi-year target of the unit (``governance.targets``),
  which reads their figures through ``inkind.coverage.sources``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.core.dates import age_on
from guanai.inkind import access
from guanai.inkind.coverage.progress import Progress, progress_of
from guanai.inkind.eligibility import eligible_q, facts_of, served_q
from guanai.inkind.models import (
    OPEN_STATUSES,
    Application,
    ApplicationStatus,
    Measure,
    Service,
    ServiceTarget,
)
from guanai.inkind.rules import decide
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, Person

# The kinds offered in the unit chooser (a user's own unit is offered whatever its kind).
CHOOSER_KINDS = (
    OrgKind.PROVINCE,
    OrgKind.PREFECTURE,
    OrgKind.COUNTY,
    OrgKind.TOWNSHIP,
    OrgKind.VILLAGE,
)


def coverage_units_q(user: AnyUser) -> Q:
    """Return the filter on ``OrgUnit`` of the units whose lists the user reads."""
    return subtree_q(access.coverage_units(user))


def access_coverage_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit whose not-served list the user reads, or raise Http404."""
    return get_object_or_404(OrgUnit.objects.filter(coverage_units_q(user)), pk=pk)


def access_coverage_person(user: AnyUser, pk: int) -> Person:
    """Return a person of the units whose lists the user reads, or raise Http404."""
    persons = Person.objects.filter(
        subtree_q(access.coverage_units(user), field="org_unit__path")
    ).select_related("org_unit")
    return get_object_or_404(persons, pk=pk)


def led_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units the user may set targets of: those they lead and the ones below
    (townships and the like, as the chooser offers them)."""
    own = scoping.units_for(user, access.APPROVERS)
    return OrgUnit.objects.filter(
        subtree_q(own) & (Q(kind__in=CHOOSER_KINDS) | Q(pk__in=[u.pk for u in own]))
    ).order_by("path")


def chooser_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units offered in the unit chooser: the user's own and the administrative
    units below them."""
    own = [unit.pk for unit in access.coverage_units(user)]
    return OrgUnit.objects.filter(
        coverage_units_q(user) & (Q(kind__in=CHOOSER_KINDS) | Q(pk__in=own))
    ).order_by("path")


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(active=True)


def _subtree(unit: OrgUnit) -> QuerySet[Person]:
    return Person.objects.filter(subtree_q([unit], field="org_unit__path"))


def not_served(unit: OrgUnit, service: Service, on: date) -> QuerySet[Person]:
    """Return the persons of ``unit``'s subtree eligible for ``service`` on ``on`` and not
    served by then, in roster order, with ``open_id`` / ``open_status`` of an open request."""
    open_requests = Application.objects.filter(
        person=OuterRef("pk"), service=service, status__in=OPEN_STATUSES
    ).order_by("-pk")
    return (
        _subtree(unit)
        .filter(eligible_q(service.rules, on))
        .exclude(served_q(service, by=on))
        .annotate(
            open_id=Subquery(open_requests.values("pk")[:1]),
            open_status=Subquery(open_requests.values("status")[:1]),
        )
        .select_related("org_unit", "school", "village")
        .order_by("name_sort", "pk")
    )


@dataclass(frozen=True)
class CoverageRow:
    service: Service
    eligible: int
    served: int
    not_served: int


def coverage_summary(unit: OrgUnit, on: date) -> list[CoverageRow]:
    """Return, for each service in use, how many of ``unit``'s subtree qualify, were served
    and qualify but were not served (two statements for all the services)."""
    services = list(active_services())
    counts: dict[str, int] = {}
    if services:
        expressions = {}
        for s in services:
            eligible, served = eligible_q(s.rules, on), served_q(s, by=on)
            expressions[f"eligible_{s.pk}"] = Count("pk", filter=eligible)
            expressions[f"served_{s.pk}"] = Count("pk", filter=served)
            expressions[f"not_served_{s.pk}"] = Count("pk", filter=eligible & ~served)
        counts = _subtree(unit).aggregate(**expressions)
    return [
        CoverageRow(
            service=s,
            eligible=counts[f"eligible_{s.pk}"],
            served=counts[f"served_{s.pk}"],
            not_served=counts[f"not_served_{s.pk}"],
        )
        for s in services
    ]


# --- Targets ---------------------------------------------------------------------------


def targets_of(
    user: AnyUser, unit: OrgUnit | None = None, *, archived: bool = False
) -> QuerySet[ServiceTarget]:
    """Return the service targets the user reads (of ``unit``'s subtree when given), not
    archived unless asked, by unit and first year."""
    rows = access.targets_visible(user).filter(target__archived_at__isnull=not archived)
    if unit is not None:
        rows = rows.filter(subtree_q([unit], field="target__org_unit__path"))
    return rows.order_by("target__org_unit__path", "target__base_year", "pk")


def targets_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit whose targets the user reads (their units, below and above), or 404."""
    units = scoping.units_for(user, scoping.ROSTER_ROLES)
    above = {path for unit in units for path in unit.ancestor_paths()}
    return get_object_or_404(OrgUnit.objects.filter(subtree_q(units) | Q(path__in=above)), pk=pk)


def _year_end(year: int, today: date) -> date:
    return today if year == today.year else date(year, 12, 31)


def targets_progress(
    targets: list[ServiceTarget], today: date, *, every_year: bool = True
) -> dict[int, Progress]:
    """Return the progress of each of ``targets`` by its pk, on ``today``.

    ``every_year`` false reads the persons remaining for the year shown only (a list's
    "this year"), which is enough for the status."""
    if not targets:
        return {}
    deliveries = _deliveries(targets, today)
    remaining = _remaining(targets, today, every_year=every_year)
    found: dict[int, Progress] = {}
    for t in targets:
        found[t.pk] = progress_of(
            measure=t.measure,
            goal=t.goal,
            start_year=t.start_year,
            end_year=t.end_year,
            today=today,
            deliveries=deliveries.get(t.pk, []),
            remaining=remaining.get(t.pk, {}),
        )
    return found


def target_progress(target: ServiceTarget, today: date) -> Progress:
    """Return one target's progress by year (at most two statements)."""
    return targets_progress([target], today)[target.pk]


def _deliveries(targets: list[ServiceTarget], today: date) -> dict[int, list[tuple[int, date]]]:
    """Return, by target, (person, day) of each delivery of its service in its unit's
    subtree during its years up to today (one statement for every target)."""
    wanted = Q(pk__in=[])
    for t in targets:
        low, high = t.org_unit.subtree_bounds()
        wanted |= Q(
            service_id=t.service_id,
            person__org_unit__path__gte=low,
            person__org_unit__path__lt=high,
            delivered_on__gte=date(t.start_year, 1, 1),
            delivered_on__lte=min(date(t.end_year, 12, 31), today),
        )
    rows = Application.objects.filter(wanted, status=ApplicationStatus.DELIVERED).values_list(
        "service_id", "person_id", "person__org_unit__path", "delivered_on"
    )
    found: dict[int, list[tuple[int, date]]] = {}
    for service_id, person_id, path, day in rows:
        if day is None:  # a delivered request has its day; the type allows none
            continue
        for t in targets:
            if (
                t.service_id == service_id
                and path.startswith(t.org_unit.path)
                and t.start_year <= day.year <= t.end_year
            ):
                found.setdefault(t.pk, []).append((person_id, day))
    return found


def _remaining(
    targets: list[ServiceTarget], today: date, *, every_year: bool
) -> dict[int, dict[int, int]]:
    """Return, by target and year, the persons of its unit's subtree eligible and not served
    at the year's end (today for the current year), for every-eligible-person targets
    (one statement for all of them)."""
    expressions = {}
    wanted = []
    for t in targets:
        if t.measure != Measure.ALL_SERVED or today.year < t.start_year:
            continue
        last = min(today.year, t.end_year)
        years = range(t.start_year, last + 1) if every_year else [last]
        for year in years:
            day = _year_end(year, today)
            expressions[f"t{t.pk}_{year}"] = Count(
                "pk",
                filter=subtree_q([t.org_unit], field="org_unit__path")
                & eligible_q(t.service.rules, day)
                & ~served_q(t.service, by=day),
            )
            wanted.append((t.pk, year))
    if not expressions:
        return {}
    units = [t.org_unit for t in targets]
    counts = Person.objects.filter(subtree_q(units, field="org_unit__path")).aggregate(
        **expressions
    )
    found: dict[int, dict[int, int]] = {}
    for pk, year in wanted:
        found.setdefault(pk, {})[year] = counts[f"t{pk}_{year}"]
    return found


@dataclass(frozen=True)
class TargetRow:
    target: ServiceTarget
    progress: Progress


def targets_with_progress(targets: list[ServiceTarget], today: date) -> list[TargetRow]:
    """Return ``targets`` with their progress for the year shown (a list's rows)."""
    found = targets_progress(targets, today, every_year=False)
    return [TargetRow(t, found[t.pk]) for t in targets]


# --- The rows of the not-served list ---------------------------------------------------


@dataclass(frozen=True)
class NotServedRow:
    person: Person
    age: int | None
    where: str
    categories: list[str]
    # The conditions of the rules the person meets: why they qualify.
    reasons: list[str]
    open_id: int | None
    open_status: str

    @property
    def open_label(self) -> str:
        return str(ApplicationStatus(self.open_status).label) if self.open_status else ""


def _age(born: date | None, on: date) -> int | None:
    return None if born is None else age_on(born, on)


def not_served_rows(persons: list[Person], service: Service, on: date) -> list[NotServedRow]:
    """Return the rows shown for ``persons`` of a not-served list (one statement: their
    categories)."""
    prefetch_related_objects(persons, "categories")
    labels = dict(Category.choices)
    rows = []
    for p in persons:
        facts = facts_of(p)
        decision = decide(service.rules, facts, on)
        current = sorted({span.category for span in facts.spans if span.current(on)})
        where = p.school or p.village or p.org_unit
        rows.append(
            NotServedRow(
                person=p,
                age=_age(p.birth_date, on),
                where=where.name,
                categories=[str(labels.get(c, c)) for c in current],
                reasons=[line.text for line in decision.lines if line.met],
                open_id=getattr(p, "open_id", None),
                open_status=getattr(p, "open_status", None) or "",
            )
        )
    return rows
