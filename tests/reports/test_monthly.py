"""Monthly reports: pre-filled, changed only with a reason, submitted, returned, accepted,
and counted on time or late against the deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.reports import monthly
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from guanai.reports.models import FigureChange, MonthlyReport, ReportStatus
from guanai.reports.monthly import Timeliness
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)


def open_report(user: User, unit: OrgUnit, day: date = TODAY) -> MonthlyReport:
    with on(day):
        return monthly.report_open(acting_user=user, unit=unit, month=OCTOBER)


def submit(user: User, report: MonthlyReport, day: date) -> MonthlyReport:
    with on(day):
        return monthly.report_submit(acting_user=user, report=report, version=report.version)


def test_a_townships_report_is_prefilled_from_the_data(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = open_report(township_worker, region.lengqi)

    assert report.status == ReportStatus.DRAFT
    assert report.deadline == date(2026, 11, 16)  # the 15th is a Sunday: moved to Monday
    assert report.figures["persons.left_behind"] == "2"
    assert report.figures["persons_total"] == "4"
    assert report.figures["talks"] == "1"
    assert report.figures["benefits_paid"] == "0.00"
    assert report.figures == report.computed


def test_a_change_without_a_reason_is_refused_and_changes_nothing(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = open_report(township_worker, region.lengqi)

    for reason in ("", "   "):
        with translation.override("en"), pytest.raises(ValidationFailed) as refused:
            monthly.report_change_figure(
                acting_user=township_worker,
                report=report,
                version=report.version,
                figure="talks",
                value="5",
                reason=reason,
            )
        assert refused.value.field == "reason"
        assert "Say why" in str(refused.value.message)
    report.refresh_from_db()
    assert report.figures["talks"] == "1"
    assert not FigureChange.objects.exists()


@pytest.mark.parametrize(
    ("figure", "value", "field"),
    [
        ("talks", "-1", "value"),
        ("talks", "1.5", "value"),
        ("talks", "五", "value"),
        ("nonsense", "1", "figure"),
    ],
)
def test_a_bad_change_is_refused(
    region: Region,
    october: dict[str, Person],
    township_worker: User,
    figure: str,
    value: str,
    field: str,
) -> None:
    report = open_report(township_worker, region.lengqi)
    with pytest.raises(ValidationFailed) as refused:
        monthly.report_change_figure(
            acting_user=township_worker,
            report=report,
            version=report.version,
            figure=figure,
            value=value,
            reason="乡镇补录",
        )
    assert refused.value.field == field


def test_a_change_with_a_reason_stays_visible_and_survives_a_refresh(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = open_report(township_worker, region.lengqi)
    report = monthly.report_change_figure(
        acting_user=township_worker,
        report=report,
        version=report.version,
        figure="talks",
        value="3",
        reason="两次谈心记在纸质台账上，未录入系统",
    )

    report = open_report(township_worker, region.lengqi)  # reopened: figures refreshed

    assert report.figures["talks"] == "3"
    assert report.computed["talks"] == "1"
    [change] = report.changes.all()
    assert (change.computed, change.value) == (Decimal("1"), Decimal("3"))
    assert change.reason == "两次谈心记在纸质台账上，未录入系统"


def test_submit_return_fix_accept(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    report = open_report(township_worker, region.lengqi)
    report = submit(township_worker, report, date(2026, 11, 10))

    # The township cannot review its own report; the county returns it with a comment.
    with pytest.raises(PermissionRefused):
        monthly.report_accept(acting_user=township_worker, report=report, version=report.version)
    with pytest.raises(ValidationFailed):
        monthly.report_return(
            acting_user=county_leader, report=report, version=report.version, comment=" "
        )
    report = monthly.report_return(
        acting_user=county_leader,
        report=report,
        version=report.version,
        comment="走访数偏少，请核实",
    )
    assert report.status == ReportStatus.RETURNED
    assert report.return_comment == "走访数偏少，请核实"

    # Fixed after the deadline: the first submission still counts for timeliness.
    report = monthly.report_change_figure(
        acting_user=township_worker,
        report=report,
        version=report.version,
        figure="visits",
        value="2",
        reason="补录11月1日入户走访",
    )
    report = submit(township_worker, report, date(2026, 11, 18))
    report = monthly.report_accept(acting_user=county_leader, report=report, version=report.version)

    assert report.status == ReportStatus.ACCEPTED
    assert monthly.timeliness(report, report.deadline, date(2026, 11, 20)) is Timeliness.ON_TIME
    # An accepted report changes no more.
    with pytest.raises(ValidationFailed):
        monthly.report_change_figure(
            acting_user=township_worker,
            report=report,
            version=report.version,
            figure="talks",
            value="9",
            reason="再改",
        )
    with on(TODAY):
        assert (
            monthly.report_open(
                acting_user=township_worker, unit=region.lengqi, month=OCTOBER
            ).figures["visits"]
            == "2"
        )


def test_a_stale_version_is_refused(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = open_report(township_worker, region.lengqi)
    with pytest.raises(StaleEdit):
        monthly.report_submit(
            acting_user=township_worker, report=report, version=report.version - 1
        )


def test_a_stale_save_names_what_someone_else_changed(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = open_report(township_worker, region.lengqi)
    opened_at = report.version
    colleague = factories.user(unit=region.lengqi, role=Role.WORKER)
    # A colleague changes a figure: its column has no name, so "the figures" are named.
    changed = monthly.report_change_figure(
        acting_user=colleague,
        report=report,
        version=opened_at,
        figure="talks",
        value="3",
        reason="纸质台账补录",
    )
    with translation.override("en"), pytest.raises(StaleEdit) as refused:
        monthly.report_save_narrative(
            acting_user=township_worker, report=report, version=opened_at, narrative="走访"
        )
    assert "(changed: the figures)" in str(refused.value.message)
    # Then the narrative: it is named, and the figure change is not named again.
    monthly.report_save_narrative(
        acting_user=colleague, report=changed, version=changed.version, narrative="谈心3次"
    )
    with translation.override("en"), pytest.raises(StaleEdit) as refused:
        monthly.report_submit(acting_user=township_worker, report=report, version=changed.version)
    assert str(refused.value.message) == (
        "Someone else saved this report after you opened it "
        "(changed: work done and highlights). Reload it and try again."
    )


@pytest.mark.parametrize(
    ("submitted_on", "expected"),
    [
        (date(2026, 11, 14), Timeliness.ON_TIME),
        (date(2026, 11, 15), Timeliness.ON_TIME),
        # The 15th is a Sunday: the deadline moves to Monday the 16th.
        (date(2026, 11, 16), Timeliness.ON_TIME),
        (date(2026, 11, 17), Timeliness.LATE),
    ],
)
def test_timeliness_around_the_15th(
    region: Region,
    october: dict[str, Person],
    township_worker: User,
    submitted_on: date,
    expected: Timeliness,
) -> None:
    report = submit(township_worker, open_report(township_worker, region.lengqi), submitted_on)

    overview = monthly.subunit_overview(region.county, OCTOBER, today=date(2026, 11, 20))

    [row] = [r for r in overview.rows if r.unit == region.lengqi]
    assert row.report == report
    assert row.timeliness is expected
    [other] = [r for r in overview.rows if r.unit == region.xinglong]
    assert other.timeliness is Timeliness.MISSING
    assert (overview.expected, overview.submitted, overview.completeness) == (2, 1, 50)


def test_nothing_is_missing_before_the_deadline(region: Region, october: dict[str, Person]) -> None:
    overview = monthly.subunit_overview(region.county, OCTOBER, today=date(2026, 11, 15))
    assert {r.timeliness for r in overview.rows} == {Timeliness.PENDING}
    assert overview.completeness == 0


def test_a_unit_moves_the_deadline_for_its_sub_units(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    monthly.deadline_set(acting_user=county_leader, unit=region.county, day=10)
    report = submit(
        township_worker,
        open_report(township_worker, region.lengqi, date(2026, 11, 1)),
        date(2026, 11, 12),
    )

    assert report.deadline == date(2026, 11, 10)
    overview = monthly.subunit_overview(region.county, OCTOBER, today=date(2026, 11, 12))
    assert {r.unit.name: r.timeliness for r in overview.rows} == {
        "冷碛镇": Timeliness.LATE,
        "兴隆镇": Timeliness.MISSING,
    }
    with pytest.raises(PermissionRefused):
        monthly.deadline_set(acting_user=township_worker, unit=region.county, day=20)
    with pytest.raises(ValidationFailed):
        monthly.deadline_set(acting_user=county_leader, unit=region.county, day=31)


def test_the_county_report_adds_up_the_accepted_township_reports(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    facts_refresh(month_of("2026-10", today=TODAY))
    report = open_report(township_worker, region.lengqi)
    report = monthly.report_change_figure(
        acting_user=township_worker,
        report=report,
        version=report.version,
        figure="talks",
        value="4",
        reason="补录纸质台账",
    )
    report = submit(township_worker, report, date(2026, 11, 10))
    county_leader_unit_report = open_report(county_leader, region.county)
    # Nothing accepted yet: only the county's own rows count (none here).
    assert county_leader_unit_report.figures["talks"] == "0"

    monthly.report_accept(acting_user=county_leader, report=report, version=report.version)
    county = open_report(county_leader, region.county)

    assert county.figures["talks"] == "4"  # the township's reported figure, not the data's 1
    assert county.figures["persons_total"] == "4"  # 兴隆镇 has not reported: not in the sum


def test_scoping_and_roles(
    region: Region, october: dict[str, Person], township_worker: User, other_township_worker: User
) -> None:
    report = open_report(township_worker, region.lengqi)
    viewer = factories.user(unit=region.lengqi, role=Role.VIEWER)

    with pytest.raises(Http404):
        monthly.access_report(other_township_worker, report.pk)
    assert monthly.access_report(viewer, report.pk) == report
    with pytest.raises(PermissionRefused):
        monthly.report_submit(acting_user=viewer, report=report, version=report.version)
    with pytest.raises(PermissionRefused), on(TODAY):
        monthly.report_open(
            acting_user=other_township_worker, unit=region.lengqi, month=date(2026, 9, 1)
        )
    with pytest.raises(ValidationFailed), on(TODAY):
        monthly.report_open(acting_user=township_worker, unit=region.lengqi_school, month=OCTOBER)


def test_reminders_three_days_before_the_deadline(region: Region, township_worker: User) -> None:
    # Due on Monday the 16th (the 15th is a Sunday): reminded from the 13th.
    assert monthly.reminders_due(township_worker, today=date(2026, 11, 12)) == []
    [due] = monthly.reminders_due(township_worker, today=date(2026, 11, 13))
    assert (due.unit, due.month, due.deadline) == (region.lengqi, OCTOBER, date(2026, 11, 16))
    assert monthly.reminders_due(township_worker, today=date(2026, 11, 17)) == []


def test_the_overview_takes_a_fixed_number_of_queries(
    region: Region,
    october: dict[str, Person],
    township_worker: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    submit(township_worker, open_report(township_worker, region.lengqi), date(2026, 11, 10))
    # The fourth reads the holidays entered for the deadline's year.
    with django_assert_num_queries(4):
        monthly.subunit_overview(region.county, OCTOBER, today=TODAY)
    assert MonthlyReport.objects.count() == 1
