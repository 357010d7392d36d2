"""The yearly assessment saved: its inputs read from the data (the checklist, the residents'
months, their service minutes), the snapshot equal to the engine on those rows, bad input
refused with nothing saved, the version checked, and who may score."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from guanai.accounts.models import Role
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.institutions.assessment import (
    AssessmentData,
    SheetData,
    assessment_save,
    delivery_of,
    inputs_of,
    months_present,
    params_of,
    score_sheet_add,
    sheet_for,
    stored_score,
)
from guanai.institutions.checklist import checklist
from guanai.institutions.models import Assessment, ScoreSheet
from guanai.institutions.quality import score
from tests import factories
from tests.conftest import Region
from tests.institutions.assessment_support import assessor, refused, resident
from tests.institutions.support import TODAY, compliant_staff, home_in


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_months_present_counts_each_month_touched() -> None:
    assert months_present(date(2026, 1, 1), date(2026, 12, 31)) == 12
    assert months_present(date(2026, 10, 31), date(2026, 12, 6)) == 3
    assert months_present(date(2026, 3, 15), date(2026, 3, 16)) == 1


def test_residents_count_for_their_months_of_the_year(region: Region) -> None:
    home = home_in(region.lengqi)
    # All of 2026 up to today (12 months): 12 × 100 minutes.
    resident(
        home.institution,
        "全年",
        started_on=date(2025, 5, 1),
        sessions=[(date(2026, m, 2), 100) for m in range(1, 13)] + [(date(2025, 12, 1), 500)],
    )
    # From October: 3 months, 600 minutes.
    resident(
        home.institution, "十月", started_on=date(2026, 10, 20), sessions=[(date(2026, 11, 2), 600)]
    )
    # Left at the end of February: 2 months, none served.
    resident(home.institution, "二月", started_on=date(2024, 1, 1), ended_on=date(2026, 2, 28))
    # Left in 2025 and a refused applicant: not counted.
    resident(home.institution, "去年", started_on=date(2024, 1, 1), ended_on=date(2025, 12, 31))
    refused(home.institution, "未收", date(2026, 3, 1))

    figures = delivery_of(home.institution, 2026, TODAY)

    assert sorted(figures) == [Decimal("0.00"), Decimal("100.00"), Decimal("200.00")]


def _data(**changes: object) -> AssessmentData:
    data = AssessmentData(year=2026, respondents=20, satisfied=18, note="现场查看")
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_the_snapshot_equals_the_engine_on_the_rows_behind_it(region: Region) -> None:
    home = home_in(region.lengqi)
    compliant_staff(home.institution)
    resident(
        home.institution, "甲", started_on=date(2026, 1, 5), sessions=[(date(2026, 6, 1), 1440)] * 9
    )
    resident(
        home.institution, "乙", started_on=date(2026, 7, 1), sessions=[(date(2026, 8, 1), 600)]
    )

    saved = assessment_save(
        acting_user=assessor(region), institution=home.institution, data=_data(), today=TODAY
    )

    found = checklist(home.institution, TODAY)
    expected = score(
        params_of(sheet_for(home.unit, 2026)),
        found.met,
        found.met + found.not_met,
        delivery_of(home.institution, 2026, TODAY),
        20,
        18,
    )
    saved.refresh_from_db()
    assert (saved.checklist_met, saved.checklist_applicable) == (
        found.met,
        found.met + found.not_met,
    )
    assert [saved.checklist_points, saved.delivery_points, saved.satisfaction_points] == [
        p.points for p in expected.parts
    ]
    assert (saved.total, saved.grade) == (expected.total, expected.grade)
    assert saved.residents == 2
    assert saved.sheet.org_unit is None
    assert saved.assessed_on == TODAY
    assert [i["ref"] for i in saved.unmet_items] == [
        v.ref for v in found.verdicts if v.status == "not_met"
    ]
    assert stored_score(saved) == expected


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"satisfied": 21}, "satisfied"),
        ({"respondents": -1, "satisfied": 0}, "respondents"),
        ({"satisfied": -1}, "satisfied"),
        ({"year": 2027}, "year"),
        ({"year": 1999}, "year"),
        ({"note": "字" * 2001}, "note"),
        ({"assessed_on": date(2026, 12, 7)}, "assessed_on"),
        ({"year": 2026, "assessed_on": date(2025, 12, 31)}, "assessed_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    region: Region, changes: dict[str, object], field: str
) -> None:
    home = home_in(region.lengqi)
    with pytest.raises(ValidationFailed) as refused_with:
        assessment_save(
            acting_user=assessor(region),
            institution=home.institution,
            data=_data(**changes),
            today=TODAY,
        )
    assert refused_with.value.field == field
    assert not Assessment.objects.exists()


def test_satisfied_above_respondents_says_so(region: Region) -> None:
    home = home_in(region.lengqi)
    with pytest.raises(ValidationFailed, match=r"More satisfied \(21\) than respondents \(20\)"):
        assessment_save(
            acting_user=assessor(region),
            institution=home.institution,
            data=_data(satisfied=21),
            today=TODAY,
        )


def test_a_year_is_assessed_once_and_changed_at_its_version(region: Region) -> None:
    home = home_in(region.lengqi)
    county = assessor(region)
    first = assessment_save(
        acting_user=county, institution=home.institution, data=_data(), today=TODAY
    )
    with pytest.raises(ValidationFailed, match="assessed already"):
        assessment_save(acting_user=county, institution=home.institution, data=_data(), today=TODAY)

    changed = assessment_save(
        acting_user=county,
        institution=home.institution,
        data=_data(satisfied=20),
        today=TODAY,
        version=first.version,
    )
    assert changed.version == first.version + 1
    assert changed.satisfaction_points == 30

    with pytest.raises(StaleEdit):
        assessment_save(
            acting_user=county,
            institution=home.institution,
            data=_data(satisfied=10),
            today=TODAY,
            version=first.version,
        )
    changed.refresh_from_db()
    assert changed.satisfied == 20


@pytest.mark.parametrize("who", ["institution", "township", "county viewer"])
def test_the_institution_and_the_township_do_not_score(region: Region, who: str) -> None:
    home = home_in(region.lengqi)
    user = {
        "institution": home.clerk,
        "township": factories.user(unit=region.lengqi, role=Role.LEADER),
        "county viewer": factories.user(unit=region.county, role=Role.VIEWER),
    }[who]
    with pytest.raises(PermissionRefused):
        assessment_save(acting_user=user, institution=home.institution, data=_data(), today=TODAY)
    assert not Assessment.objects.exists()


def test_a_county_leader_adds_the_county_s_sheet_which_then_applies(region: Region) -> None:
    home = home_in(region.lengqi)
    leader = assessor(region, Role.LEADER)
    data = SheetData(
        title="泸定县托养机构考核表",
        valid_from=date(2026, 1, 1),
        checklist_weight=50,
        delivery_weight=25,
        satisfaction_weight=25,
        target_minutes=600,
    )

    sheet = score_sheet_add(acting_user=leader, unit=region.county, data=data)

    assert (sheet.org_unit, sheet.version) == (region.county, 1)
    assert sheet_for(home.unit, 2026) == sheet
    assert sheet_for(home.unit, 2025).org_unit is None  # not valid yet then
    assert score_sheet_add(acting_user=leader, unit=region.county, data=data).version == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"checklist_weight": 40}, "checklist_weight"),
        ({"target_minutes": 0}, "target_minutes"),
        ({"excellent": 80}, "excellent"),
        ({"title": " "}, "title"),
        ({"title": "表" * 101}, "title"),
    ],
)
def test_a_bad_sheet_is_refused(region: Region, changes: dict[str, object], field: str) -> None:
    data = SheetData(
        title="泸定县托养机构考核表",
        valid_from=date(2026, 1, 1),
        checklist_weight=50,
        delivery_weight=25,
        satisfaction_weight=25,
        target_minutes=600,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    before = ScoreSheet.objects.count()
    with pytest.raises(ValidationFailed) as refused_with:
        score_sheet_add(acting_user=assessor(region, Role.LEADER), unit=region.county, data=data)
    assert refused_with.value.field == field
    assert ScoreSheet.objects.count() == before


@pytest.mark.parametrize("who", ["county worker", "township leader"])
def test_only_a_county_leader_adds_a_sheet(region: Region, who: str) -> None:
    user = {
        "county worker": assessor(region),
        "township leader": factories.user(unit=region.lengqi, role=Role.LEADER),
    }[who]
    data = SheetData("表", date(2026, 1, 1), 40, 30, 30, 1200)
    with pytest.raises(PermissionRefused):
        score_sheet_add(acting_user=user, unit=region.county, data=data)
    with pytest.raises(PermissionRefused):
        score_sheet_add(acting_user=SYSTEM, unit=region.lengqi, data=data)


def test_inputs_of_a_past_year_read_its_last_day(region: Region) -> None:
    home = home_in(region.lengqi)
    resident(
        home.institution, "甲", started_on=date(2025, 12, 1), sessions=[(date(2025, 12, 2), 90)]
    )
    found = inputs_of(home.institution, 2025, TODAY)
    assert found.minutes_per_resident == [Decimal("90.00")]
    assert found.checklist_applicable >= found.checklist_met
