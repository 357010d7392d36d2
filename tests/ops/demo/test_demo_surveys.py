"""The surveys demo on the whole roster (issue 18): last autumn's left-behind children's
survey finished and closed, with the children not reached and two found; this winter's
disabled persons' survey half done; the analysis has common problems to rank; the survey
count is the denominator of the registration rate."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from guanai.orgs.models import OrgUnit
from guanai.reports.figures import month_starting
from guanai.reports.kpis import survey_counts
from guanai.surveys.models import Case, CaseStatus, Response, Round, RoundStatus

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


def _round(title_part: str) -> Round:
    return Round.objects.get(title__contains=title_part)


def test_the_autumn_round_is_finished_and_found_two_children(demo: dict[str, OrgUnit]) -> None:
    autumn = _round("秋季留守儿童摸底排查")
    assert autumn.status == RoundStatus.CLOSED and autumn.org_unit == demo["luding"]
    statuses = Counter(autumn.cases.values_list("status", flat=True))
    assert statuses[CaseStatus.PENDING] == 0
    assert 0 < statuses[CaseStatus.UNREACHABLE] < statuses[CaseStatus.DONE] / 20
    assert all(
        autumn.cases.filter(status="unreachable").values_list("unreachable_reason", flat=True)
    )
    found = autumn.cases.filter(found=True)
    assert found.count() == 2
    assert not found.filter(person__isnull=False).exists()  # waiting to be registered
    done = Response.objects.filter(case__round=autumn, complete=True)
    assert done.count() == statuses[CaseStatus.DONE]
    assert done.filter(case__found=True).count() == 2


def test_the_winter_round_is_half_done_and_assigned(demo: dict[str, OrgUnit]) -> None:
    winter = _round("冬季残疾人")
    assert winter.status == RoundStatus.OPEN
    cases = winter.cases
    done = cases.filter(status=CaseStatus.DONE).count()
    assert abs(done - cases.count() / 2) <= 1
    assert cases.filter(status=CaseStatus.PENDING, response__isnull=False).exists()  # partial
    school = cases.filter(org_unit=demo["lengqi_school"])
    lengqi = cases.filter(org_unit__path__startswith=demo["lengqi"].path).exclude(
        org_unit=demo["lengqi_school"]
    )
    assert set(lengqi.values_list("assigned_to__username", flat=True)) == {"township_worker"}
    # The school's helper has pupils still to visit, and answered the others himself.
    assert set(school.values_list("assigned_to__username", flat=True)) == {"helper"}
    assert school.filter(status=CaseStatus.PENDING).exists()
    answered = Response.objects.filter(case__in=school, complete=True)
    assert set(answered.values_list("author__username", flat=True)) == {"helper"}


def test_some_problems_are_common_and_others_rare(demo: dict[str, OrgUnit]) -> None:
    autumn = _round("秋季留守儿童摸底排查")
    done = Response.objects.filter(case__round=autumn, complete=True)
    counts = Counter(p for problems in done.values_list("problems", flat=True) for p in problems)
    ranked = counts.most_common()
    assert ranked[0][1] > 3 * ranked[-1][1]
    assert ranked[0][1] < done.count()


def test_the_rounds_supply_the_survey_count(demo: dict[str, OrgUnit]) -> None:
    year = _round("秋季留守儿童摸底排查").starts_on.year
    rows = survey_counts(month_starting(date(year, 10, 1)))
    counted = {unit: count for unit, count, _on_file in rows}
    on_file = {unit: n for unit, _count, n in rows}
    cases = Case.objects.filter(round__starts_on__year=year)
    for unit in (demo["lengqi_school"], demo["ganlusi"]):
        own = cases.filter(org_unit=unit)
        persons = own.filter(person__isnull=False).values("person").order_by().distinct().count()
        found = own.filter(person__isnull=True).count()
        assert counted[unit.pk] == persons + found > 0
        assert on_file[unit.pk] == persons
    # No unit of the county keeps a typed count: the rounds ran over the whole county.
    county_units = OrgUnit.objects.filter(path__startswith=demo["luding"].path)
    expected = (
        sum(
            1
            for _ in cases.filter(person__isnull=False)
            .values("person", "org_unit")
            .order_by()
            .distinct()
        )
        + cases.filter(person__isnull=True).count()
    )
    assert sum(counted.get(u.pk, 0) for u in county_units) == expected
    assert all(n is not None for n in on_file.values())
