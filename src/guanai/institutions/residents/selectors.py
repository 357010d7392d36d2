"""Reads of residents: the current, past and refused ones of an institution, and counts by
mode and by disability type for one institution or many — each in a fixed number of
queries whatever the number of residents or institutions.

A resident is current when admitted and not ended before ``today`` (no end, or an end on or
after it). The disability of a resident is that of their disabled-person categories in
force today (``type``, ``grade`` of the details).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from guanai.institutions.eligibility import DISABLED, MENTAL
from guanai.institutions.models import Decision, Institution, Resident
from guanai.registry.details import DISABILITY_GRADES, DISABILITY_TYPES
from guanai.registry.models import PersonCategory
from guanai.registry.selectors import current_categories_of_person


def present_q(day: date, prefix: str = "") -> Q:
    """Residents admitted and present on ``day`` (the leaving day still counts): the one
    definition the residents' lists, the checklist, the county view and the KPIs share."""
    return Q(**{f"{prefix}decision": Decision.ADMITTED, f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


def _code(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _with_person(residents: QuerySet[Resident]) -> QuerySet[Resident]:
    return residents.select_related("person", "institution__org_unit").prefetch_related(
        current_categories_of_person()
    )


def current_residents(institution: Institution, today: date) -> QuerySet[Resident]:
    """Return the institution's current residents, longest stay first (two queries)."""
    return _with_person(
        Resident.objects.filter(present_q(today), institution=institution)
    ).order_by("started_on", "person__name_sort", "pk")


def past_residents(institution: Institution, today: date) -> QuerySet[Resident]:
    """Return the residents who left, the latest first."""
    return _with_person(
        Resident.objects.filter(
            institution=institution, decision=Decision.ADMITTED, ended_on__lt=today
        )
    ).order_by("-ended_on", "pk")


def refused_applications(institution: Institution) -> QuerySet[Resident]:
    """Return the refused applications, the latest first."""
    return _with_person(
        Resident.objects.filter(institution=institution, decision=Decision.REFUSED)
    ).order_by("-applied_on", "-pk")


@dataclass(frozen=True)
class ResidentRow:
    resident: Resident
    # "Intellectual disability, Grade 2", or "" when no certificate is in force.
    disability: str


def disability_text(resident: Resident) -> str:
    """Return the disability of a resident read with ``current_categories_of_person``."""
    shown = []
    for c in getattr(resident.person, "current_categories", []):
        if c.category != DISABLED:
            continue
        kind, grade = _code(c.details.get("type")), _code(c.details.get("grade"))
        parts = [
            str(dict(DISABILITY_TYPES).get(kind, "")) if kind is not None else "",
            str(dict(DISABILITY_GRADES).get(grade, "")) if grade is not None else "",
        ]
        shown.append(" ".join(p for p in parts if p))
    return "；".join(s for s in shown if s)


def rows_of(residents: QuerySet[Resident]) -> list[ResidentRow]:
    return [ResidentRow(resident=r, disability=disability_text(r)) for r in residents]


def counts_by_mode(institutions: Sequence[Institution], today: date) -> dict[int, dict[str, int]]:
    """Return the current residents of each institution by mode of service (one query)."""
    found: dict[int, dict[str, int]] = {i.pk: {} for i in institutions}
    if not institutions:
        return found
    rows = (
        Resident.objects.filter(present_q(today), institution__in=list(found))
        .order_by()
        .values("institution_id", "mode")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        found[row["institution_id"]][row["mode"]] = row["n"]
    return found


def residents_by_disability(
    institutions: Sequence[Institution], today: date
) -> dict[int, dict[int | None, int]]:
    """Return the current residents of each institution by disability type code (two
    queries). A resident with two certificates counts under each type; one with none in
    force under ``None``."""
    found: dict[int, dict[int | None, int]] = {i.pk: {} for i in institutions}
    if not institutions:
        return found
    stays = list(
        Resident.objects.filter(present_q(today), institution__in=list(found))
        .order_by()
        .values_list("institution_id", "person_id")
    )
    types: dict[int, set[int | None]] = {}
    for person_id, details in (
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            person_id__in={p for _i, p in stays},
            category=DISABLED,
            started_on__lte=today,
        )
        .order_by()
        .values_list("person_id", "details")
    ):
        types.setdefault(person_id, set()).add(_code(details.get("type")))
    for institution_id, person_id in stays:
        counter = Counter(types.get(person_id) or {None})
        for code, n in counter.items():
            found[institution_id][code] = found[institution_id].get(code, 0) + n
    return found


def mental_residents(institutions: Sequence[Institution], today: date) -> dict[int, int]:
    """Return how many current residents of each institution have a mental disability
    (type 6; a multiple disability that includes a mental one is not told apart by the
    certificate's code, so it is not counted) — for 专业-3, in two queries."""
    by_type = residents_by_disability(institutions, today)
    return {pk: counts.get(MENTAL, 0) for pk, counts in by_type.items()}
