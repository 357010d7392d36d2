"""Applying and leaving: an eligible person admitted, an ineligible one refused and kept
with the reason, bad input refused with nothing saved, the stay ended at the version opened;
the selectors' counts, and 专业-3 decided by the residents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog
from guanai.institutions.checklist import checklist, checklists
from guanai.institutions.models import Institution, InstitutionCategory, Resident, Standard
from guanai.institutions.residents import (
    counts_by_mode,
    current_residents,
    mental_residents,
    past_residents,
    refused_applications,
    resident_apply,
    resident_leave,
    resident_read,
    residents_by_disability,
)
from tests import factories
from tests.conftest import Region
from tests.institutions.residents_support import applied, disabled
from tests.institutions.support import (
    LENGQI_HOME_CODE,
    TODAY,
    XINGLONG_HOME_CODE,
    hire,
    home_in,
)
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_an_eligible_person_is_admitted(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    person = disabled(region.ganlusi, kind=5, grade=3)
    resident = applied(township_worker, home.institution, person)
    assert (resident.decision, resident.started_on, resident.reason) == ("admitted", TODAY, "")
    assert resident.created_by == township_worker
    assert list(current_residents(home.institution, TODAY)) == [resident]


def test_an_ineligible_person_is_refused_and_kept_with_the_reason(
    region: Region, township_worker: User
) -> None:
    home = home_in(region.lengqi)
    person = disabled(region.ganlusi, kind=4, grade=3, born=date(1960, 1, 1))
    resident = applied(township_worker, home.institution, person)
    assert resident.decision == "refused"
    assert resident.started_on is None
    assert resident.reason == (
        "Aged 66, outside the working age of 16–59.；"
        "Physical disability, Grade 3: not severe (grade 1 or 2)."
    )
    assert list(refused_applications(home.institution)) == [resident]
    assert list(current_residents(home.institution, TODAY)) == []


def test_the_standards_working_age_is_used(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    local = Standard.objects.create(
        code="local",
        title="地方标准",
        version=1,
        valid_from=TODAY,
        eligibility={"min_age": 16, "max_age": 65},
    )
    Institution.objects.filter(pk=home.institution.pk).update(standard=local)
    home.institution.refresh_from_db()
    person = disabled(region.ganlusi, born=date(1963, 1, 1))  # 63
    assert applied(township_worker, home.institution, person).decision == "admitted"


def test_an_elder_home_takes_in_the_extremely_poor(region: Region) -> None:
    home = home_in(region.lengqi)
    Institution.objects.filter(pk=home.institution.pk).update(
        category=InstitutionCategory.ELDER_HOME
    )
    home.institution.refresh_from_db()
    elder = factories.person(region.ganlusi, "王五保", born=date(1940, 1, 1), categories=("tekun",))
    poor = factories.person(region.ganlusi, "赵低保", born=date(1941, 1, 1), categories=("dibao",))
    assert applied(SYSTEM, home.institution, elder).decision == "admitted"
    refused = applied(SYSTEM, home.institution, poor)
    assert refused.reason == (
        "Neither an extremely poor (five-guarantee) nor a three-no person is registered."
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"applied_on": TODAY + timedelta(days=1)}, "applied_on", "2026-12-07 is in the future."),
        ({"started_on": TODAY + timedelta(days=1)}, "started_on", "2026-12-07 is in the future."),
        (
            {"applied_on": TODAY, "started_on": TODAY - timedelta(days=1)},
            "started_on",
            "The stay cannot start before the application.",
        ),
        (
            {"mode": "day_care"},
            "mode",
            "冷碛镇阳光家园 offers Institutional residential care only, not Day care.",
        ),
        ({"mode": "boarding"}, "mode", "Choose the mode of service."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    region: Region,
    township_worker: User,
    change: dict[str, object],
    field: str,
    message: str,
) -> None:
    home = home_in(region.lengqi)
    person = disabled(region.ganlusi)
    data: dict[str, object] = {
        "mode": "residential",
        "applied_on": TODAY,
        "started_on": TODAY,
        **change,
    }
    with pytest.raises(ValidationFailed) as refused:
        resident_apply(
            acting_user=township_worker,
            institution=home.institution,
            person=person,
            today=TODAY,
            **data,  # type: ignore[arg-type]
        )
    assert (refused.value.field, str(refused.value.message)) == (field, message)
    assert not Resident.objects.exists()


def test_a_day_care_institution_offers_day_care(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi, type="day_care")
    resident = applied(township_worker, home.institution, disabled(region.ganlusi), mode="day_care")
    assert resident.mode == "day_care"


def test_a_person_with_an_open_stay_is_refused_naming_the_institution(
    region: Region, township_worker: User
) -> None:
    home = home_in(region.lengqi)
    other = home_in(region.lengqi, name="冷碛镇日间照料中心", code=XINGLONG_HOME_CODE)
    person = disabled(region.ganlusi)
    applied(township_worker, home.institution, person, applied_on=TODAY - timedelta(days=30))
    with pytest.raises(ValidationFailed) as refused:
        applied(township_worker, other.institution, person)
    assert str(refused.value.message) == (
        "李明 already lives at 冷碛镇阳光家园 (since 2026-11-06); record the leaving there first."
    )
    assert Resident.objects.count() == 1


def test_a_person_off_the_users_rosters_is_refused(region: Region) -> None:
    home = home_in(region.lengqi)
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    stranger = disabled(region.shencun)  # of 兴隆镇
    with pytest.raises(ValidationFailed) as refused:
        applied(home.clerk, home.institution, stranger)
    assert refused.value.field == "person"
    # A county clerk reads both townships' rosters
    assert applied(county_worker, home.institution, stranger).decision == "admitted"


def test_a_viewer_may_not_apply(region: Region) -> None:
    home = home_in(region.lengqi)
    viewer = factories.user(unit=region.lengqi, role=Role.VIEWER)
    with pytest.raises(PermissionRefused):
        applied(viewer, home.institution, disabled(region.ganlusi))
    assert not Resident.objects.exists()


def test_leaving_ends_the_stay_at_the_version_opened(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    resident = applied(township_worker, home.institution, disabled(region.ganlusi))
    with pytest.raises(ValidationFailed) as early:
        resident_leave(
            acting_user=township_worker,
            resident=resident,
            ended_on=TODAY - timedelta(days=1),
            reason="回家",
            version=resident.version,
        )
    assert str(early.value.message) == "The stay started on 2026-12-06; it cannot end before."
    with pytest.raises(ValidationFailed) as blank:
        resident_leave(
            acting_user=township_worker,
            resident=resident,
            ended_on=TODAY,
            reason="  ",
            version=resident.version,
        )
    assert blank.value.field == "reason"
    left = resident_leave(
        acting_user=township_worker,
        resident=resident,
        ended_on=TODAY,
        reason="回家 居住",
        version=resident.version,
    )
    assert (left.ended_on, left.end_reason, left.version) == (TODAY, "回家 居住", 2)
    with pytest.raises(StaleEdit):
        resident_leave(
            acting_user=township_worker,
            resident=resident,
            ended_on=TODAY,
            reason="再次",
            version=1,
        )
    # Left today: still served today, past from tomorrow
    assert list(current_residents(home.institution, TODAY)) == [left]
    assert list(past_residents(home.institution, TODAY + timedelta(days=1))) == [left]
    assert list(current_residents(home.institution, TODAY + timedelta(days=1))) == []
    # And the person may apply again
    again = applied(township_worker, home.institution, left.person)
    assert again.decision == "admitted"


def test_reading_a_resident_is_in_the_access_log(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    resident = applied(township_worker, home.institution, disabled(region.ganlusi))
    resident_read(township_worker, resident.pk)
    log = AccessLog.objects.get()
    assert (log.action, log.object_id, log.detail["page"]) == (
        "read",
        str(resident.person.pk),
        "resident",
    )


def _residents(region: Region, worker: User, home: Institution, n: int) -> None:
    for i in range(n):
        kind = (5, 6, 4)[i % 3]
        applied(worker, home, disabled(region.ganlusi, f"住户{i}", kind=kind, grade=1))


def test_counts_by_mode_and_disability(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    _residents(region, township_worker, home.institution, 4)
    assert counts_by_mode([home.institution], TODAY) == {home.institution.pk: {"residential": 4}}
    assert residents_by_disability([home.institution], TODAY) == {
        home.institution.pk: {5: 2, 6: 1, 4: 1}
    }
    assert mental_residents([home.institution], TODAY) == {home.institution.pk: 1}


def test_the_counts_take_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    homes = [home_in(region.lengqi)]
    _residents(region, township_worker, homes[0].institution, 1)

    def read() -> CaptureQueriesContext:
        institutions = [h.institution for h in homes]
        with count_queries() as counted:
            residents_by_disability(institutions, TODAY)
            counts_by_mode(institutions, TODAY)
            checklists(institutions, TODAY)
        return counted

    small = read()
    homes.append(home_in(region.lengqi, name="兴隆镇阳光家园", code=XINGLONG_HOME_CODE))
    _residents(region, township_worker, homes[0].institution, 5)
    _residents(region, township_worker, homes[1].institution, 4)
    assert_same_query_count(small, read())


@pytest.mark.parametrize(
    ("mental", "psychiatrist", "status"),
    [(0, False, "not_applicable"), (1, False, "not_met"), (1, True, "met")],
)
def test_professional_3_is_decided_by_the_residents(
    region: Region, township_worker: User, mental: int, psychiatrist: bool, status: str
) -> None:
    home = home_in(region.lengqi)
    applied(township_worker, home.institution, disabled(region.ganlusi, "甲", kind=5))
    if mental:
        applied(township_worker, home.institution, disabled(region.ganlusi, "乙", kind=6))
    if psychiatrist:
        hire(home.institution, "周医生", "mental_health")
    verdict = next(v for v in checklist(home.institution, TODAY).verdicts if v.ref == "专业-3")
    assert verdict.status == status
    if mental:
        assert verdict.reason.startswith("1 residents with a mental disability")


def test_the_check_command_counts_the_residents(region: Region, township_worker: User) -> None:
    home = home_in(region.lengqi)
    applied(township_worker, home.institution, disabled(region.ganlusi, "乙", kind=6))
    out = StringIO()
    call_command("institution_check", "--org", LENGQI_HOME_CODE, "--json", stdout=out)
    item = next(i for i in json.loads(out.getvalue())["items"] if i["ref"] == "专业-3")
    assert item["status"] == "not_met"
    assert item["reason"].startswith("1 residents with a mental disability")
