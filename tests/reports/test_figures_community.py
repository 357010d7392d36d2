"""The community figures of the monthly report (issue 16, point 7) against rows counted by
hand: donations, the funds' grants, volunteer hours by the host unit, needs met; the
month's first and last minutes; the fact table; the pre-filled report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from guanai.accounts.models import User
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.reports import monthly
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import Month, month_figures, month_of
from guanai.reports.models import ReportStatus
from tests.care.log_support import on
from tests.conftest import Region
from tests.reports.community_support import NOVEMBER_FIGURES, OCTOBER_FIGURES, Community
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)


def units(region: Region) -> dict[str, OrgUnit]:
    return {"冷碛镇": region.lengqi, "兴隆镇": region.xinglong, "泸定县": region.county}


def period(text: str) -> Month:
    return month_of(text, today=TODAY)


@pytest.mark.parametrize(
    ("month", "expected"), [("2026-10", OCTOBER_FIGURES), ("2026-11", NOVEMBER_FIGURES)]
)
def test_each_units_community_figures_are_the_rows_counted_by_hand(
    region: Region, community: Community, month: str, expected: dict[str, dict[str, object]]
) -> None:
    for name, unit in units(region).items():
        if name not in expected:
            continue
        live = month_figures(unit, period(month))
        assert {k: live[k] for k in expected[name]} == expected[name], name


def test_the_last_minutes_of_a_month_count_in_it_and_the_first_of_the_next_do_not(
    region: Region, community: Community
) -> None:
    # A gift recorded at 23:30 on 31 October is dated the 31st (a DateField, local time);
    # the hours confirmed at 23:30 that night are October's, those at 00:30 November's; a
    # need completed at 00:30 on 1 November is met in November.
    october = month_figures(region.lengqi_school, period("2026-10"))
    november = month_figures(region.lengqi_school, period("2026-11"))

    assert october["donations_cash"] == Decimal("120.50")
    assert november["donations_cash"] == Decimal("80.00")
    assert (october["volunteer_hours"], november["volunteer_hours"]) == (
        Decimal("11.5"),
        Decimal("3.0"),
    )
    assert (october["needs_met"], november["needs_met"]) == (1, 1)  # machines; heater
    # 冷碛镇's fund: ¥40 at 23:55 on 30 September is September's, ¥1,000 at 00:05 October's
    september = month_figures(region.lengqi, period("2026-09"))
    assert september["donations_cash"] == Decimal("40.00")
    assert september["grants_paid"] == Decimal("10.00")
    assert september["needs_met"] == 1  # the desk


def test_hours_count_where_they_were_served_not_where_the_group_is(
    region: Region, community: Community
) -> None:
    # The volunteer groups sit under the county; their hours count at the schools visited.
    assert month_figures(community.group, period("2026-10"))["volunteer_hours"] == 0
    assert month_figures(region.xinglong_school, period("2026-10"))["volunteer_hours"] == (
        Decimal("1.5")
    )


def test_the_fact_table_holds_the_same_community_figures(
    region: Region, community: Community
) -> None:
    for text, expected, first in (
        ("2026-10", OCTOBER_FIGURES, OCTOBER),
        ("2026-11", NOVEMBER_FIGURES, NOVEMBER),
    ):
        facts_refresh(period(text))
        for name, unit in units(region).items():
            if name in expected:
                stored = facts_of(unit, first)
                assert {k: stored.get(k, 0) for k in expected[name]} == expected[name], name


def test_a_townships_report_is_prefilled_with_the_community_figures(
    region: Region, community: Community, township_worker: User
) -> None:
    with on(TODAY):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)

    assert {
        name: report.computed[name]
        for name in (
            "donations_cash",
            "donations_in_kind",
            "donations_in_kind_value",
            "grants_paid",
            "volunteer_hours",
            "needs_met",
        )
    } == {
        "donations_cash": "1120.50",
        "donations_in_kind": "3",
        "donations_in_kind_value": "12800.00",
        "grants_paid": "300.00",
        "volunteer_hours": "11.5",  # the half hour kept, never cut to 11
        "needs_met": "1",
    }
    assert report.figures == report.computed


def test_the_county_adds_its_own_fund_to_the_accepted_township_report(
    region: Region, community: Community, township_worker: User, county_leader: User
) -> None:
    facts_refresh(period("2026-10"))
    with on(TODAY):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)
        report = monthly.report_submit(
            acting_user=township_worker, report=report, version=report.version
        )
        report = monthly.report_accept(
            acting_user=county_leader, report=report, version=report.version
        )
        county = monthly.report_open(acting_user=county_leader, unit=region.county, month=OCTOBER)

    assert report.status == ReportStatus.ACCEPTED
    # 冷碛镇's accepted figures plus the county's own rows: its fund's ¥500 and its ¥200
    # grant; 兴隆镇 has not reported, so its 1.5 hours are not in the sum.
    assert county.computed["donations_cash"] == "1620.50"
    assert county.computed["grants_paid"] == "500.00"
    assert county.computed["volunteer_hours"] == "11.5"
    assert county.computed["needs_met"] == "1"


@pytest.mark.parametrize(
    ("value", "stored"), [("12.5", "12.5"), ("１２", "12"), ("0.5", "0.5"), ("7.0", "7")]
)
def test_hours_changed_by_hand_keep_their_half_hour(
    region: Region, township_worker: User, value: str, stored: str
) -> None:
    with on(TODAY):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)
        report = monthly.report_change_figure(
            acting_user=township_worker,
            report=report,
            version=report.version,
            figure="volunteer_hours",
            value=value,
            reason="补录纸质签到表",
        )
    assert report.figures["volunteer_hours"] == stored


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12.3", "Hours are counted to the half hour: write 12 or 12.5."),
        ("12.25", "Enter a number with at most 1 decimals."),
        ("-1", "Enter a number that is not negative."),
        ("十二", "“十二” has digits other than 0–9; write the number with 0–9."),
    ],
)
def test_hours_not_in_half_hours_are_refused_and_change_nothing(
    region: Region, township_worker: User, value: str, message: str
) -> None:
    with on(TODAY):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)
        with translation.override("en"), pytest.raises(ValidationFailed) as refused:
            monthly.report_change_figure(
                acting_user=township_worker,
                report=report,
                version=report.version,
                figure="volunteer_hours",
                value=value,
                reason="补录",
            )
    assert str(refused.value.message) == message
    assert refused.value.field == "value"
    report.refresh_from_db()
    assert report.figures["volunteer_hours"] == "0"
    assert not report.changes.exists()
