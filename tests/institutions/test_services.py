"""The institutions' services: the profile, the roster and the evidence, with bad input
refused with a message and nothing saved, stale edits refused, and the checklist that
follows from the stored data."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.institutions.checklist import checklist, item_check_set
from guanai.institutions.models import Institution, ItemCheck, Qualification, Staff, Training
from guanai.institutions.register import ProfileData, institution_profile_save
from guanai.institutions.roster import StaffData, qualification_add, staff_add, training_add
from tests import factories
from tests.conftest import Region
from tests.institutions.support import TODAY, compliant_staff, hire, home_in


def status_of(institution: Institution, ref: str) -> tuple[str, str]:
    found = next(v for v in checklist(institution, TODAY).verdicts if v.ref == ref)
    return found.status, found.reason


def test_the_national_standard_has_the_plans_numbering(region: Region) -> None:
    home = home_in(region.lengqi)
    refs = [v.ref for v in checklist(home.institution, TODAY).verdicts]
    assert refs == [
        *(f"机构-{n}" for n in range(1, 11)),
        *(f"管理-{n}" for n in range(1, 6)),
        *(f"专业-{n}" for n in range(1, 6)),
    ]


def test_adding_the_missing_counsellor_turns_the_item_met(region: Region) -> None:
    home = home_in(region.lengqi)
    compliant_staff(home.institution)
    assert status_of(home.institution, "专业-4")[0] == "not_met"

    hire(home.institution, "张咨询", "counsellor")

    assert status_of(home.institution, "专业-4")[0] == "met"
    # And every staffing rule of the roster is met (专业-3 does not apply: no resident has a
    # mental disability)
    found = {v.ref: v.status for v in checklist(home.institution, TODAY).verdicts}
    assert [ref for ref, s in found.items() if ref[:2] in ("管理", "专业") and s != "met"] == [
        "管理-2",
        "专业-1",
        "专业-3",
    ]


def test_a_staff_member_who_left_no_longer_counts(region: Region) -> None:
    home = home_in(region.lengqi)
    therapist = hire(home.institution, "陈康复", "rehabilitation")
    assert status_of(home.institution, "专业-2")[0] == "met"
    staff_update_left(therapist)
    assert status_of(home.institution, "专业-2")[0] == "not_met"


def staff_update_left(staff: Staff) -> None:
    from guanai.institutions.roster import staff_update

    staff_update(
        acting_user=SYSTEM,
        staff=staff,
        data=StaffData(
            name=staff.name, role=staff.role, birth_date=staff.birth_date, is_active=False
        ),
        version=staff.version,
        today=TODAY,
    )


def test_a_lease_of_3_years_is_not_met_and_says_so(region: Region) -> None:
    home = home_in(region.lengqi, premises="leased", lease_years=3)
    status, reason = status_of(home.institution, "机构-2")
    assert status == "not_met"
    assert "3" in reason and "5" in reason


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "hotel"}, "type"),
        ({"operator": ""}, "operator"),
        ({"premises": "leased", "lease_years": None}, "lease_years"),
        ({"premises": "leased", "lease_years": 0}, "lease_years"),
        ({"premises": "leased", "lease_years": 100}, "lease_years"),
        ({"capacity": -1}, "capacity"),
        ({"facilities": ["pool"]}, "facilities"),
        ({"registration": "证" * 501}, "registration"),
        ({"funding_source": "款" * 201}, "funding_source"),
    ],
)
def test_a_bad_profile_is_refused_and_nothing_changes(
    region: Region, changes: dict[str, object], field: str
) -> None:
    home = home_in(region.lengqi)
    data = ProfileData(type="day_care", operator="private", premises="own", capacity=5)
    for key, value in changes.items():
        setattr(data, key, value)
    with pytest.raises(ValidationFailed) as refused:
        institution_profile_save(
            acting_user=SYSTEM, unit=home.unit, data=data, version=home.institution.version
        )
    assert refused.value.field == field
    stored = Institution.objects.get(pk=home.unit.pk)
    assert (stored.type, stored.capacity, stored.version) == ("residential", 30, 1)


def test_own_premises_keep_no_lease_and_facilities_are_kept_in_the_plans_order(
    region: Region,
) -> None:
    home = home_in(region.lengqi)
    data = ProfileData(
        type="day_care",
        operator="government",
        premises="own",
        lease_years=7,
        facilities=["work_room", "canteen", "canteen"],
    )
    saved = institution_profile_save(
        acting_user=SYSTEM, unit=home.unit, data=data, version=home.institution.version
    )
    assert saved.lease_years is None
    assert saved.facilities == ["canteen", "work_room"]
    assert saved.version == 2


def test_a_stale_profile_is_refused(region: Region) -> None:
    home = home_in(region.lengqi)
    data = ProfileData(type="day_care", operator="private", premises="own")
    institution_profile_save(acting_user=SYSTEM, unit=home.unit, data=data, version=1)
    with pytest.raises(StaleEdit):
        institution_profile_save(acting_user=SYSTEM, unit=home.unit, data=data, version=1)
    # And a profile already entered is not entered again without the version
    with pytest.raises(StaleEdit):
        institution_profile_save(acting_user=SYSTEM, unit=home.unit, data=data)


def test_only_an_institution_unit_has_a_profile(region: Region) -> None:
    data = ProfileData(type="day_care", operator="private", premises="own")
    with pytest.raises(ValidationFailed):
        institution_profile_save(acting_user=SYSTEM, unit=region.lengqi_school, data=data)
    assert not Institution.objects.exists()


def test_who_may_change_an_institution(region: Region, county_leader: User) -> None:
    home = home_in(region.lengqi)
    data = StaffData(name="王芳", role="caregiver", birth_date=date(1990, 1, 1))
    staff_add(acting_user=home.clerk, institution=home.institution, data=data, today=TODAY)
    staff_add(acting_user=county_leader, institution=home.institution, data=data, today=TODAY)
    for outsider in (
        factories.user(unit=region.xinglong, role=Role.WORKER),
        factories.user(unit=region.county, role=Role.VIEWER),
        factories.user(unit=home.unit, role=Role.HELPER),
    ):
        with pytest.raises(PermissionRefused):
            staff_add(acting_user=outsider, institution=home.institution, data=data, today=TODAY)
    assert Staff.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "王\u202e芳"}, "name"),
        ({"name": "王" * 51}, "name"),
        ({"role": "chef"}, "role"),
        ({"birth_date": date(2026, 12, 7)}, "birth_date"),
        ({"birth_date": date(2010, 12, 7)}, "birth_date"),
        ({"birth_date": date(1899, 12, 31)}, "birth_date"),
        ({"relevant_study": "学" * 201}, "relevant_study"),
    ],
)
def test_a_bad_staff_member_is_refused_and_nothing_is_saved(
    region: Region, changes: dict[str, object], field: str
) -> None:
    home = home_in(region.lengqi)
    data = StaffData(name="王芳", role="caregiver", birth_date=date(1990, 1, 1))
    for key, value in changes.items():
        setattr(data, key, value)
    with pytest.raises(ValidationFailed) as refused:
        staff_add(acting_user=SYSTEM, institution=home.institution, data=data, today=TODAY)
    assert refused.value.field == field
    assert not Staff.objects.exists()


def test_a_staff_member_of_exactly_16_is_taken(region: Region) -> None:
    home = home_in(region.lengqi)
    data = StaffData(name="小王", role="caregiver", birth_date=date(2010, 12, 6))
    assert staff_add(acting_user=SYSTEM, institution=home.institution, data=data, today=TODAY)


def test_trainings_and_certificates_refuse_bad_input(region: Region) -> None:
    home = home_in(region.lengqi)
    staff = hire(home.institution, "王院长", "manager")
    with pytest.raises(ValidationFailed):
        training_add(acting_user=SYSTEM, staff=staff, on=TODAY, title=" ", kind="management")
    with pytest.raises(ValidationFailed):
        training_add(acting_user=SYSTEM, staff=staff, on=TODAY, title="培训", kind="party")
    with pytest.raises(ValidationFailed):
        training_add(
            acting_user=SYSTEM, staff=staff, on=date(2026, 12, 7), title="培训", kind="other"
        )
    with pytest.raises(ValidationFailed) as refused:
        qualification_add(
            acting_user=SYSTEM,
            staff=staff,
            title="会计证",
            issued_on=date(2026, 1, 1),
            expires_on=date(2025, 1, 1),
        )
    assert refused.value.field == "expires_on"
    assert not Training.objects.exists() and not Qualification.objects.exists()


def test_evidence_of_a_manual_item_decides_it(region: Region) -> None:
    home = home_in(region.lengqi)
    assert status_of(home.institution, "机构-1")[0] == "not_met"
    check = item_check_set(
        acting_user=home.clerk,
        institution=home.institution,
        ref="机构-1",
        status="met",
        note="独立院落，距公交站200米",
        checked_on=TODAY,
        today=TODAY,
    )
    assert status_of(home.institution, "机构-1") == ("met", "独立院落，距公交站200米")
    assert check.checked_by == home.clerk
    # A second save needs the version it was opened at
    with pytest.raises(StaleEdit):
        item_check_set(
            acting_user=home.clerk,
            institution=home.institution,
            ref="机构-1",
            status="not_met",
            note="",
            checked_on=TODAY,
            today=TODAY,
        )
    item_check_set(
        acting_user=home.clerk,
        institution=home.institution,
        ref="机构-1",
        status="not_met",
        note="与养老院合用院落",
        checked_on=TODAY,
        today=TODAY,
        version=check.version,
    )
    assert status_of(home.institution, "机构-1") == ("not_met", "与养老院合用院落")


@pytest.mark.parametrize(
    ("ref", "status", "note", "field"),
    [
        ("机构-2", "met", "", "ref"),
        ("机构-10", "met", "", "ref"),
        ("机构-99", "met", "", "ref"),
        ("机构-1", "maybe", "", "status"),
        ("机构-1", "met", "证" * 2001, "note"),
    ],
)
def test_bad_evidence_is_refused(
    region: Region, ref: str, status: str, note: str, field: str
) -> None:
    home = home_in(region.lengqi)
    with pytest.raises(ValidationFailed) as refused:
        item_check_set(
            acting_user=SYSTEM,
            institution=home.institution,
            ref=ref,
            status=status,
            note=note,
            checked_on=TODAY,
            today=TODAY,
        )
    assert refused.value.field == field
    assert not ItemCheck.objects.exists()


def test_the_sunshine_home_item_takes_evidence_once_funded(region: Region) -> None:
    home = home_in(region.lengqi, sunshine_home=True)
    item_check_set(
        acting_user=SYSTEM,
        institution=home.institution,
        ref="机构-10",
        status="met",
        note="大门挂有阳光家园标识",
        checked_on=TODAY,
        today=TODAY,
    )
    assert status_of(home.institution, "机构-10")[0] == "met"


def test_a_database_that_lost_the_national_standard_gets_it_again(region: Region) -> None:
    from guanai.institutions.models import Standard

    home = home_in(region.lengqi)
    Standard.objects.all().delete()
    assert len(checklist(home.institution, TODAY).verdicts) == 20
    assert Standard.objects.get().items.count() == 20
