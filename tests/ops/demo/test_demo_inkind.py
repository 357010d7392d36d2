"""The assistance-in-kind demo on the whole roster (issue 19): devices delivered last year and
this year to the eldest who qualify, a child with cerebral palsy in rehabilitation, two
renovations of dangerous houses under way and one accepted (the house now safe), and the
county's three-year targets with last year's progress."""

from __future__ import annotations

import pytest
from django.utils import timezone

from guanai.inkind.coverage import coverage_summary, target_progress
from guanai.inkind.models import Application, ApplicationStatus, ServiceTarget, Stage
from guanai.orgs.models import OrgUnit
from guanai.registry.models import HouseCondition

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


def test_devices_were_delivered_last_year_and_this_year(demo: dict[str, OrgUnit]) -> None:
    this_year = timezone.localdate().year
    delivered = Application.objects.filter(
        service__code="wheelchair", status=ApplicationStatus.DELIVERED
    )
    years = sorted(d.year for d in delivered.values_list("delivered_on", flat=True))
    assert years == [this_year - 1] * 6 + [this_year] * 3
    assert all(delivered.values_list("serial_number", flat=True))
    # Followed up: most in use, one not used with the reason.
    last_year = delivered.filter(delivered_on__year=this_year - 1)
    assert all(a.followups.exists() for a in last_year)
    unused = [f for a in last_year for f in a.followups.all() if f.status == "unused"]
    assert len(unused) == 1 and unused[0].reason


def test_a_child_with_cerebral_palsy_is_in_rehabilitation(demo: dict[str, OrgUnit]) -> None:
    rehabilitation = Application.objects.get(service__code="rehab_cp_child")
    child = rehabilitation.person
    assert child.birth_date is not None
    assert child.birth_date.replace(year=child.birth_date.year + 18) > timezone.localdate()
    assert set(child.categories.values_list("category", flat=True)) & {
        "dibao",
        "tekun",
        "orphan",
        "unsupported_child",
    }
    assert "脑性瘫痪" in rehabilitation.assessment
    assert rehabilitation.status == ApplicationStatus.DELIVERED
    assert "康复训练" in rehabilitation.delivery_note
    assert rehabilitation.followups.get().status == "in_use"


def test_two_renovations_are_under_way_and_one_is_accepted(demo: dict[str, OrgUnit]) -> None:
    projects = Application.objects.filter(service__code="housing_renovation").order_by("pk")
    accepted, *under_way = projects
    assert accepted.status == ApplicationStatus.DELIVERED
    assert accepted.stages.count() == len(Stage.values)
    assert accepted.person.house_condition == HouseCondition.SAFE
    assert [a.status for a in under_way] == [ApplicationStatus.APPROVED] * 2
    assert [a.stages.count() for a in under_way] == [4, 2]
    assert all(a.person.house_condition != HouseCondition.SAFE for a in under_way)
    # Two more dangerous houses wait for a request: the not-served list has them.
    row = next(
        r
        for r in coverage_summary(demo["luding"], timezone.localdate())
        if r.service.code == "housing_renovation"
    )
    assert (row.served, row.not_served) == (1, 4)


def test_the_county_targets_show_last_years_progress(demo: dict[str, OrgUnit]) -> None:
    today = timezone.localdate()
    targets = {
        t.service.code: t for t in ServiceTarget.objects.filter(target__org_unit=demo["luding"])
    }
    assert set(targets) == {"housing_renovation", "wheelchair", "hearing_aid"}
    wheelchairs = target_progress(targets["wheelchair"], today)
    by_year = {y.year: y.delivered for y in wheelchairs.years}
    assert by_year[today.year - 1] == 6 and by_year[today.year] == 3
    housing = target_progress(targets["housing_renovation"], today)
    assert {y.year: y.delivered for y in housing.years}[today.year - 1] == 1
