"""The survey count (摸底数) the rounds give: the persons a year's rounds found, per unit.

The registration rate (建档率) divides the persons found who are on file by it; ``reports``
reads both in place of the count a unit types in (``SurveyCount``, divided into every
person on file) wherever a round counted.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from guanai.orgs.models import OrgUnit
from guanai.surveys.models import Case, Round


def survey_counts(year: int) -> dict[int, int]:
    """Return unit id → the persons the rounds started in ``year`` found in that unit (its
    own cases, not its subtree's): registered persons once each however many rounds asked
    them, each found person not on file once. Two queries."""
    cases = Case.objects.filter(round__starts_on__year=year)
    counts: dict[int, int] = defaultdict(int)
    registered = (
        cases.filter(person__isnull=False)
        .values_list("org_unit_id")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    found = (
        cases.filter(person__isnull=True)
        .values_list("org_unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit_id, n in (*registered, *found):
        counts[unit_id] += n
    return dict(counts)


def registered_counts(year: int) -> dict[int, int]:
    """Return unit id → the persons the rounds started in ``year`` found in that unit who are
    on file (each once): the registration rate's numerator where the rounds count. One
    query."""
    rows = (
        Case.objects.filter(round__starts_on__year=year, person__isnull=False)
        .values_list("org_unit_id")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    return dict(rows)


def round_units(year: int) -> list[OrgUnit]:
    """Return the units over which a round started in ``year`` (one query): a count typed
    for one of them, or for a unit below one, is replaced by the rounds' counts."""
    return [
        r.org_unit for r in Round.objects.filter(starts_on__year=year).select_related("org_unit")
    ]


def counting_rounds(unit: OrgUnit) -> dict[int, list[str]]:
    """Return year → the titles of the rounds run over ``unit`` or a unit above it: their
    count replaces the one typed for the unit that year. One query."""
    rounds = (
        Round.objects.filter(org_unit__path__in=unit.ancestor_paths())
        .values_list("starts_on__year", "title")
        .distinct()
        .order_by("starts_on__year", "title")
    )
    titles: dict[int, list[str]] = defaultdict(list)
    for year, title in rounds:
        titles[year].append(title)
    return dict(titles)
