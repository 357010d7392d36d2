"""The institutions demo on the whole roster (issue 17): residents of each eligible kind, a
refused applicant with the reason, six months of sessions and last year's weekly days, a
supported job followed up, last year's assessments, and the township elder home with its
five-guarantee residents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Min
from django.utils import timezone

from guanai.institutions.checklist import checklist
from guanai.institutions.models import Assessment, Institution, Placement, Resident, ServiceLog
from guanai.orgs.models import OrgUnit
from guanai.registry.models import PersonCategory

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


def test_residents_of_each_kind_a_refusal_and_the_services(demo: dict[str, OrgUnit]) -> None:
    today = timezone.localdate()
    centre = Institution.objects.get(org_unit=demo["institution"])
    daycare = Institution.objects.get(org_unit=demo["daycare"])
    admitted = Resident.objects.filter(decision="admitted", institution__in=[centre, daycare])
    assert admitted.filter(institution=centre).count() == 10
    assert admitted.filter(institution=daycare).count() == 6
    kinds = set(
        PersonCategory.objects.filter(
            person__institution_stays__in=admitted, category="disabled"
        ).values_list("details__type", flat=True)
    )
    assert {5, 6, 4} <= kinds  # intellectual, mental, physical
    refused = Resident.objects.get(decision="refused")
    assert refused.institution == daycare and "16—59" in refused.reason
    # Services: every resident served in the last six months, each session in their stay
    recent = ServiceLog.objects.filter(on__gte=today - timedelta(days=180))
    assert set(recent.values_list("resident", flat=True)) == set(
        admitted.values_list("pk", flat=True)
    )
    first = ServiceLog.objects.aggregate(first=Min("on"))["first"]
    assert first is not None and first.year == today.year - 1
    placement = Placement.objects.get()
    assert placement.resident.institution == centre and placement.follow_ups.count() == 3
    # The centre meets the standard with its residents (专业-3 now applies: a mental-health
    # doctor); the day-care centre lacks its three things
    found = checklist(centre, today)
    assert found.not_met == 0 and "专业-3" not in [
        v.ref for v in found.verdicts if v.status != "met"
    ]
    daycare_unmet = [v.ref for v in checklist(daycare, today).verdicts if v.status == "not_met"]
    assert daycare_unmet == ["机构-2", "管理-5", "专业-4"]
    scores = dict(Assessment.objects.values_list("institution", "total"))
    assert set(scores) == {centre.pk, daycare.pk}
    assert scores[centre.pk] > scores[daycare.pk]
    assert set(Assessment.objects.values_list("year", flat=True)) == {today.year - 1}


def test_the_elder_home_houses_the_townships_centralised_five_guarantee_persons(
    demo: dict[str, OrgUnit],
) -> None:
    home = Institution.objects.get(org_unit=demo["elder_home"])
    assert home.category == "elder_home" and home.capacity == 16
    living = Resident.objects.filter(institution=home, decision="admitted", ended_on=None)
    centralised = PersonCategory.objects.filter(
        category="tekun",
        ended_on=None,
        details__support="centralised",
        person__org_unit=demo["luqiao"],
        person__archived_at=None,
    )
    assert set(living.values_list("person", flat=True)) == set(
        centralised.values_list("person", flat=True)
    )
    assert 0 < living.count() <= home.capacity
