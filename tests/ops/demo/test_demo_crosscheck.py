"""The cross-check demo (issue 20): 冷碛镇's worker compared a deaths list naming two persons
still on this month's draft roll, the federation's list with a changed grade and a person
not registered, and the school roll with a left-behind child who dropped out."""

from __future__ import annotations

import pytest
from django.utils import timezone

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll, RollLine, RollStatus
from guanai.benefits.rolls import roll_holds
from guanai.core.crypto import lookup_hash
from guanai.crosscheck.access import findings_visible
from guanai.crosscheck.models import CheckList, Finding, FindingKind, FindingStatus
from guanai.crosscheck.summary import findings_summary
from guanai.ops.demo import demo_build
from guanai.ops.demo.crosscheck import COUNTY_REGION
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person, PersonCategory

pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


def _lists() -> dict[str, CheckList]:
    return {c.kind: c for c in CheckList.objects.all()}


def test_the_deaths_list_names_two_persons_on_this_months_roll(
    demo: dict[str, OrgUnit],
) -> None:
    deaths = _lists()["deaths"]
    assert deaths.org_unit == demo["lengqi"] and deaths.source == "泸定县公安局"
    assert (deaths.rows, deaths.matched, deaths.not_found, deaths.rejected) == (5, 2, 3, 0)
    assert deaths.findings == {"death_active_file": 2, "death_on_roll": 2}
    on_roll = Finding.objects.filter(kind=FindingKind.DEATH_ON_ROLL, status=FindingStatus.OPEN)
    assert on_roll.count() == 2 and all(f.urgent for f in on_roll)
    # Both are on 冷碛镇's draft roll of this month, which is held until they are worked.
    roll = PaymentRoll.objects.get(
        org_unit=demo["lengqi"], month=timezone.localdate().replace(day=1)
    )
    assert roll.status == RollStatus.DRAFT
    dead = {f.person_id for f in on_roll}
    lines = RollLine.objects.filter(roll=roll, person_id__in=dead)
    assert set(lines.values_list("person_id", flat=True)) == dead
    holds = roll_holds(roll)
    assert len(holds) == 2
    assert all(any(f.name in h.text for h in holds) for f in on_roll)
    active = Finding.objects.filter(kind=FindingKind.DEATH_ACTIVE_FILE, person_id__in=dead)
    assert active.count() == 2


def test_the_federation_list_has_a_changed_grade_and_a_person_not_registered(
    demo: dict[str, OrgUnit],
) -> None:
    listed = _lists()["disability"]
    assert listed.findings == {"disability_grade": 1, "disability_unregistered": 1}
    grade = Finding.objects.get(kind=FindingKind.DISABILITY_GRADE)
    ours = PersonCategory.objects.get(
        person=grade.person, category=Category.DISABLED, ended_on__isnull=True
    ).details
    assert grade.facts["ours"]["grade"] == ours["grade"] != grade.facts["grade"]
    missing = Finding.objects.get(kind=FindingKind.DISABILITY_UNREGISTERED)
    assert missing.person is None and missing.id_number.startswith(COUNTY_REGION)
    assert not Person.objects.filter(id_hash=lookup_hash(missing.id_number)).exists()


def test_the_school_roll_reports_a_left_behind_child_dropped_out(
    demo: dict[str, OrgUnit],
) -> None:
    listed = _lists()["school"]
    assert listed.matched == 3 and listed.findings == {"school_dropped_out": 1}
    child = Finding.objects.get(kind=FindingKind.SCHOOL_DROPPED_OUT).person
    assert child is not None and child.schooling_status == "in_school"
    assert child.categories.filter(category=Category.LEFT_BEHIND).exists()


def test_the_township_worker_sees_the_findings_and_the_summary(demo: dict[str, OrgUnit]) -> None:
    worker = User.objects.get(username="township_worker")
    assert findings_visible(worker).count() == 7
    rows = {r.kind: r for r in findings_summary(demo["lengqi"])}
    assert rows[FindingKind.DEATH_ON_ROLL].open == 2
    assert sum(r.open for r in rows.values()) == 7
    assert not any(r.resolved for r in rows.values())


def test_building_again_uploads_nothing(demo: dict[str, OrgUnit]) -> None:
    demo_build()
    assert CheckList.objects.count() == 3
    assert Finding.objects.count() == 7
