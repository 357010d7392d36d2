"""The assessment's "整改按时完成" and "实事完成" items are scored from the records of the work
organisation, never by hand, and frozen when the sheet is finalised (issue 21, point 6)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.core.errors import ValidationFailed
from guanai.governance.models import (
    MatterStatus,
    PracticalMatter,
    Rectification,
    RectificationStatus,
    Visit,
)
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports import assessment
from guanai.reports.assessment.records import share_score
from guanai.reports.models import AssessmentScore, AssessmentSheet, ItemKind, SheetStatus
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

YEAR = 2026
SCORED_ON = date(YEAR, 7, 15)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


@pytest.fixture
def sheet(region: Region, county_worker: User) -> AssessmentSheet:
    """泸定县's 2026 sheet: 整改按时完成 20, 实事完成 30 (from the records), 工作台账 50 by hand."""
    with on(SCORED_ON):
        made = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=YEAR)
        for name, weight, kind in (
            ("整改按时完成", "20", ItemKind.RECTIFICATION),
            ("实事完成", "30", ItemKind.MATTERS),
            ("工作台账", "50", ItemKind.MANUAL),
        ):
            made.refresh_from_db()
            assessment.item_add(
                acting_user=county_worker,
                sheet=made,
                version=made.version,
                name=name,
                weight=weight,
                kind=kind,
            )
    made.refresh_from_db()
    return made


def rectification(
    unit: OrgUnit,
    deadline: date,
    status: str = RectificationStatus.OPEN,
    rectified_on: date | None = None,
) -> Rectification:
    """A finding of the county's visit to ``unit``'s township, made directly."""
    township = unit if unit.kind == OrgKind.TOWNSHIP else unit.parent
    visit = Visit.objects.create(
        org_unit=township.parent,  # type: ignore[union-attr]
        inspected=township,
        visited_on=date(YEAR, 1, 10),
        team="县民政局督查组",
    )
    accepted = status == RectificationStatus.ACCEPTED
    return Rectification.objects.create(
        visit=visit,
        org_unit=unit,
        finding="台账不全",
        required="补齐台账",
        deadline=deadline,
        status=status,
        rectified_on=rectified_on,
        accepted_at=(
            datetime.combine(rectified_on, time(10), tzinfo=SHANGHAI)
            if accepted and rectified_on
            else None
        ),
    )


def practical(unit: OrgUnit, status: str, year: int = YEAR) -> PracticalMatter:
    return PracticalMatter.objects.create(
        org_unit=unit,
        lead_unit=unit,
        year=year,
        title="为留守儿童开通亲情电话",
        deadline=date(year, 9, 30),
        status=status,
        done_on=date(year, 6, 1) if status == MatterStatus.DONE else None,
        dropped_reason="资金未到位" if status == MatterStatus.DROPPED else "",
    )


@pytest.fixture
def records(region: Region) -> dict[str, Rectification]:
    """冷碛镇's rectifications and practical matters of 2026 (and one of 2025)."""
    found = {
        "on_time": rectification(
            region.lengqi, date(YEAR, 3, 31), RectificationStatus.ACCEPTED, date(YEAR, 3, 30)
        ),
        "late": rectification(
            region.lengqi, date(YEAR, 4, 30), RectificationStatus.ACCEPTED, date(YEAR, 5, 10)
        ),
        "open": rectification(region.lengqi, date(YEAR, 5, 31)),
        "waiting": rectification(region.lengqi, date(YEAR, 6, 30), RectificationStatus.REPORTED),
        "not_due": rectification(region.lengqi, date(YEAR, 12, 31)),
        "early": rectification(
            region.lengqi, date(YEAR, 12, 31), RectificationStatus.ACCEPTED, date(YEAR, 7, 1)
        ),
        "last_year": rectification(region.lengqi, date(YEAR - 1, 6, 30)),
        # Required of the school below 冷碛镇: counted for 冷碛镇.
        "school": rectification(
            region.lengqi_school,
            date(YEAR, 2, 28),
            RectificationStatus.ACCEPTED,
            date(YEAR, 2, 20),
        ),
        # Due today, not accepted yet: not counted until tomorrow.
        "today": rectification(region.lengqi, SCORED_ON),
    }
    practical(region.lengqi, MatterStatus.DONE)
    practical(region.lengqi, MatterStatus.DROPPED)
    practical(region.lengqi, MatterStatus.PLANNED)
    practical(region.lengqi_school, MatterStatus.DONE)
    practical(region.lengqi, MatterStatus.DONE, year=YEAR - 1)
    return found


def cell(results: assessment.Results, unit: OrgUnit, kind: str) -> assessment.Cell:
    row = next(r for r in results.rows if r.unit == unit)
    return next(c for c in row.cells if c.item.kind == kind)


def test_the_items_are_scored_from_the_records(
    region: Region, sheet: AssessmentSheet, records: dict[str, Rectification]
) -> None:
    with on(SCORED_ON):
        results = assessment.results_of(sheet)
    rectified = cell(results, region.lengqi, ItemKind.RECTIFICATION)
    # Counted: on time, late, open, early, school = 5; on time 3 → 20 × 3 ÷ 5 = 12.
    assert rectified.score == Decimal("12.0") and rectified.kpi_value == Decimal("60.00")
    assert "共计 5 项" in rectified.evidence and "按时整改 3 项" in rectified.evidence
    assert "未按时 2 项" in rectified.evidence and "暂不计入：1 项" in rectified.evidence
    matters = cell(results, region.lengqi, ItemKind.MATTERS)
    # Listed 4 (two done, one dropped, one planned) → 30 × 2 ÷ 4 = 15.
    assert matters.score == Decimal("15.0") and matters.kpi_value == Decimal("50.00")
    assert "列入 4 项，完成 2 项" in matters.evidence
    # 兴隆镇: nothing due is full points, nothing listed is none.
    nothing_due = cell(results, region.xinglong, ItemKind.RECTIFICATION)
    assert nothing_due.score == Decimal("20") and "得满分" in nothing_due.evidence
    nothing_listed = cell(results, region.xinglong, ItemKind.MATTERS)
    assert nothing_listed.score == Decimal(0) and "未列入任何实事" in nothing_listed.evidence


def test_due_today_counts_from_tomorrow_unless_accepted(
    region: Region, sheet: AssessmentSheet, records: dict[str, Rectification]
) -> None:
    # 15 July 23:00 in Shanghai: still the deadline day of "today".
    with on(SCORED_ON, hour=23):
        before = cell(assessment.results_of(sheet), region.lengqi, ItemKind.RECTIFICATION)
    with on(date(YEAR, 7, 16), hour=0):
        after = cell(assessment.results_of(sheet), region.lengqi, ItemKind.RECTIFICATION)
    assert "共计 5 项" in before.evidence and "共计 6 项" in after.evidence
    assert after.score == Decimal("10.0")  # 20 × 3 ÷ 6


def test_the_scores_are_frozen_when_the_sheet_is_finalised(
    region: Region,
    sheet: AssessmentSheet,
    records: dict[str, Rectification],
    county_worker: User,
    county_leader: User,
) -> None:
    manual = sheet.items.get(kind=ItemKind.MANUAL)
    with on(SCORED_ON):
        for unit in (region.lengqi, region.xinglong):
            assessment.score_enter(
                acting_user=county_worker, item=manual, unit=unit, score="40", evidence="查台账"
            )
        sheet.refresh_from_db()
        assessment.sheet_finalise(acting_user=county_leader, sheet=sheet, version=sheet.version)
    frozen = AssessmentScore.objects.get(item__kind=ItemKind.RECTIFICATION, org_unit=region.lengqi)
    assert frozen.score == Decimal("12.0") and "共计 5 项" in frozen.evidence
    # Later records change nothing: the open one accepted on time, another matter done.
    found = records["open"]
    found.status, found.rectified_on = RectificationStatus.ACCEPTED, date(YEAR, 5, 30)
    found.accepted_at = datetime(YEAR, 8, 1, tzinfo=SHANGHAI)
    found.save()
    PracticalMatter.objects.filter(status=MatterStatus.PLANNED).update(
        status=MatterStatus.DONE, done_on=date(YEAR, 8, 1)
    )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.FINALISED
    with on(date(YEAR, 12, 31)):
        results = assessment.results_of(sheet)
    assert cell(results, region.lengqi, ItemKind.RECTIFICATION).score == Decimal("12.0")
    assert cell(results, region.lengqi, ItemKind.MATTERS).score == Decimal("15.0")
    assert "列入 4 项，完成 2 项" in cell(results, region.lengqi, ItemKind.MATTERS).evidence


def test_the_scores_are_not_entered_by_hand(
    region: Region, sheet: AssessmentSheet, county_worker: User
) -> None:
    for kind in (ItemKind.RECTIFICATION, ItemKind.MATTERS):
        with pytest.raises(ValidationFailed) as refused, on(SCORED_ON):
            assessment.score_enter(
                acting_user=county_worker,
                item=sheet.items.get(kind=kind),
                unit=region.lengqi,
                score="10",
                evidence="看过",
            )
        assert "督查整改记录" in str(refused.value.message)
    assert not AssessmentScore.objects.exists()


def test_the_sheet_page_shows_the_counts(
    region: Region, sheet: AssessmentSheet, records: dict[str, Rectification], county_worker: User
) -> None:
    with on(SCORED_ON):
        page = logged_in(county_worker).get(reverse("reports:assessment", args=[sheet.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "data-counts" in text
    assert "按时整改 3 项" in text and "列入 4 项，完成 2 项" in text
    assert "整改按时完成" in text and "实事完成" in text


def test_the_records_cost_one_query_each_whatever_the_sub_units(
    region: Region, sheet: AssessmentSheet, records: dict[str, Rectification]
) -> None:
    with on(SCORED_ON):
        assessment.results_of(sheet)
        with count_queries() as few:
            assessment.results_of(sheet)
        for n in range(5):
            township = factories.org_unit(
                parent=region.county, kind=OrgKind.TOWNSHIP, name=f"新镇{n}"
            )
            rectification(township, date(YEAR, 3, 1))
            practical(township, MatterStatus.DONE)
        with count_queries() as many:
            results = assessment.results_of(sheet)
    assert_same_query_count(few, many)
    assert len(results.rows) == 7


@given(
    weight=st.decimals("0.1", "100", places=1),
    counted=st.integers(1, 500),
    data=st.data(),
)
def test_the_share_score_stays_within_the_points(
    weight: Decimal, counted: int, data: st.DataObject
) -> None:
    done = data.draw(st.integers(0, counted))
    score = share_score(weight, done, counted)
    assert Decimal(0) <= score <= weight
    assert score == score.quantize(Decimal("0.1"))
    assert share_score(weight, counted, counted) == weight
    assert share_score(weight, 0, counted) == 0
    if done < counted:
        assert share_score(weight, done + 1, counted) >= score
