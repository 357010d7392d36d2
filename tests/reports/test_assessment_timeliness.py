"""The assessment's "月报按时报送" item is scored from the recorded timeliness of the monthly
reports, never by hand, and a month that has not ended is never scored (issue 12, 14)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from guanai.accounts.models import Role, User
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.reports import assessment, monthly
from guanai.reports.models import (
    AssessmentScore,
    AssessmentSheet,
    ItemKind,
    MonthlyReport,
    SheetStatus,
)
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


def submit(user: User, unit: OrgUnit, month: date, day: date) -> MonthlyReport:
    with on(day):
        report = monthly.report_open(acting_user=user, unit=unit, month=month)
        return monthly.report_submit(acting_user=user, report=report, version=report.version)


@pytest.fixture
def sheet(region: Region, county_worker: User) -> AssessmentSheet:
    """泸定县's 2026 sheet: 月报按时报送 (20 points, from timeliness) and a manual item."""
    with on(date(2026, 4, 20)):
        made = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        assessment.item_add(
            acting_user=county_worker,
            sheet=made,
            version=made.version,
            name="月报按时报送",
            weight="20",
            kind=ItemKind.TIMELINESS,
        )
        made.refresh_from_db()
        assessment.item_add(
            acting_user=county_worker,
            sheet=made,
            version=made.version,
            name="工作台账",
            weight="80",
            kind=ItemKind.MANUAL,
        )
    made.refresh_from_db()
    return made


def timeliness_cell(results: assessment.Results, unit: OrgUnit) -> assessment.Cell:
    row = next(r for r in results.rows if r.unit == unit)
    return next(c for c in row.cells if c.item.kind == ItemKind.TIMELINESS)


def test_the_item_is_scored_from_the_recorded_timeliness(
    region: Region, sheet: AssessmentSheet, township_worker: User, other_township_worker: User
) -> None:
    # 冷碛镇: January on time, February late, March on time. 兴隆镇: January on time,
    # February and March never sent.
    submit(township_worker, region.lengqi, date(2026, 1, 1), date(2026, 2, 10))
    submit(township_worker, region.lengqi, date(2026, 2, 1), date(2026, 3, 20))
    submit(township_worker, region.lengqi, date(2026, 3, 1), date(2026, 4, 15))
    submit(other_township_worker, region.xinglong, date(2026, 1, 1), date(2026, 2, 1))

    # On 20 April: January to March have ended and are due; April has not ended.
    with on(date(2026, 4, 20)):
        results = assessment.results_of(sheet)

    lengqi = timeliness_cell(results, region.lengqi)
    xinglong = timeliness_cell(results, region.xinglong)
    # 20 × (2 on time + ½ late) ÷ 3 = 16.7; 20 × 1 ÷ 3 = 6.7
    assert lengqi.score == Decimal("16.7")
    assert xinglong.score == Decimal("6.7")
    assert "按时 2" in lengqi.evidence and "迟报 1" in lengqi.evidence
    assert "缺报 2" in xinglong.evidence


def test_a_month_that_has_not_ended_is_never_scored(
    region: Region, sheet: AssessmentSheet, township_worker: User
) -> None:
    # On 10 February January's report is not yet due and not in; February runs on.
    with on(date(2026, 2, 10)):
        results = assessment.results_of(sheet)
    cell = timeliness_cell(results, region.lengqi)
    assert cell.score == Decimal("20.0")
    assert "尚无到期" in cell.evidence

    # A report sent for the running month (it has not ended) does not count either.
    submit(township_worker, region.lengqi, date(2026, 1, 1), date(2026, 2, 12))
    with on(date(2026, 2, 12)):
        cell = timeliness_cell(assessment.results_of(sheet), region.lengqi)
    assert "共 1 份" in cell.evidence  # January only


def test_the_score_is_not_entered_by_hand(
    region: Region, sheet: AssessmentSheet, county_worker: User
) -> None:
    item = sheet.items.get(kind=ItemKind.TIMELINESS)
    with pytest.raises(ValidationFailed) as refused, on(date(2026, 4, 20)):
        assessment.score_enter(
            acting_user=county_worker, item=item, unit=region.lengqi, score="20", evidence="按时"
        )
    assert "月报" in str(refused.value.message)
    assert not AssessmentScore.objects.exists()


def test_finalising_freezes_the_timeliness_score_with_its_evidence(
    region: Region, sheet: AssessmentSheet, county_worker: User, township_worker: User
) -> None:
    county_leader = factories.user(unit=region.county, role=Role.LEADER)
    # Late: due on 24 February, the first working day after the Spring Festival.
    submit(township_worker, region.lengqi, date(2026, 1, 1), date(2026, 2, 25))
    manual = sheet.items.get(kind=ItemKind.MANUAL)
    with on(date(2026, 4, 20)):
        for unit in (region.lengqi, region.xinglong):
            assessment.score_enter(
                acting_user=county_worker, item=manual, unit=unit, score="60", evidence="查台账"
            )
        sheet.refresh_from_db()
        finalised = assessment.sheet_finalise(
            acting_user=county_leader, sheet=sheet, version=sheet.version
        )
    assert finalised.status == SheetStatus.FINALISED
    frozen = AssessmentScore.objects.get(item__kind=ItemKind.TIMELINESS, org_unit=region.lengqi)
    # January late, February and March missing: 20 × ½ ÷ 3 = 3.3
    assert frozen.score == Decimal("3.3")
    assert "迟报 1" in frozen.evidence

    # A report sent later changes nothing on the finalised sheet.
    submit(township_worker, region.lengqi, date(2026, 2, 1), date(2026, 5, 1))
    with on(date(2026, 5, 2)):
        cell = timeliness_cell(assessment.results_of(finalised), region.lengqi)
    assert cell.score == Decimal("3.3")


def test_the_sheet_page_shows_how_the_item_was_scored(
    region: Region, sheet: AssessmentSheet, county_worker: User
) -> None:
    from tests.conftest import logged_in

    with on(date(2026, 4, 20)):
        html = logged_in(county_worker).get(f"/reports/assessment/{sheet.pk}/").content.decode()
    assert "按月报及时情况计分" in html  # the kind of the item
    assert "缺报 3" in html
