"""What a clerk types into a monthly report: refused whole, never cut or emptied, and
numbers read by the project's one rule (issue 13, points 4 and 7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from guanai.accounts.models import User
from guanai.core.errors import ValidationFailed
from guanai.core.text import column_limit
from guanai.registry.models import Person
from guanai.reports import monthly
from guanai.reports.models import FigureChange, MonthlyReport, ReportStatus
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)


def _opened(user: User, region: Region) -> MonthlyReport:
    with on(TODAY):
        return monthly.report_open(acting_user=user, unit=region.lengqi, month=OCTOBER)


def _change(user: User, report: MonthlyReport, figure: str, value: object) -> MonthlyReport:
    return monthly.report_change_figure(
        acting_user=user,
        report=report,
        version=report.version,
        figure=figure,
        value=value,
        reason="纸质台账补录",
    )


@pytest.mark.parametrize(
    ("figure", "value", "stored"),
    [
        ("talks", "１２", "12"),  # full-width digits, as a Chinese input method types them
        ("talks", "1,200", "1200"),
        ("talks", " 7 ", "7"),
        ("benefits_paid", "¥1,234.50", "1234.50"),
        ("benefits_paid", "１２３４．５", "1234.50"),
    ],
)
def test_a_figure_is_read_as_a_clerk_types_it(
    region: Region,
    october: dict[str, Person],
    township_worker: User,
    figure: str,
    value: str,
    stored: str,
) -> None:
    report = _change(township_worker, _opened(township_worker, region), figure, value)

    assert report.figures[figure] == stored


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("talks", "1e3"),
        ("talks", "1_000"),
        ("talks", "١٢"),  # Arabic-Indic digits
        ("talks", "①"),
        ("talks", "3.0"),
        ("benefits_paid", "1e6"),
        ("benefits_paid", "12.345"),
    ],
)
def test_a_figure_in_another_notation_is_refused_and_changes_nothing(
    region: Region, october: dict[str, Person], township_worker: User, figure: str, value: str
) -> None:
    report = _opened(township_worker, region)

    with pytest.raises(ValidationFailed) as refused:
        _change(township_worker, report, figure, value)

    assert refused.value.field == "value"
    assert not FigureChange.objects.exists()
    report.refresh_from_db()
    assert report.figures == report.computed


def test_the_page_refuses_a_long_narrative_and_keeps_the_stored_one(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = _opened(township_worker, region)
    report = monthly.report_save_narrative(
        acting_user=township_worker, report=report, version=report.version, narrative="已走访"
    )
    client = logged_in(township_worker)

    with on(TODAY), translation.override("en"):
        response = client.post(
            f"/reports/monthly/report/{report.pk}/narrative/",
            {"version": report.version, "narrative": "长" * (monthly.NARRATIVE_LENGTH + 1)},
        )

    assert response.status_code == 400
    assert str(monthly.NARRATIVE_LENGTH) in response.content.decode()
    report.refresh_from_db()
    assert report.narrative == "已走访"


def test_the_page_refuses_a_long_return_comment(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    report = _opened(township_worker, region)
    with on(date(2026, 11, 10)):
        report = monthly.report_submit(
            acting_user=township_worker, report=report, version=report.version
        )
    limit = column_limit(MonthlyReport, "return_comment")

    with on(TODAY):
        response = logged_in(county_leader).post(
            f"/reports/monthly/report/{report.pk}/return/",
            {"version": report.version, "comment": "错" * (limit + 1)},
        )

    assert response.status_code == 400
    assert str(limit) in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (ReportStatus.SUBMITTED, "")


def test_a_figure_up_to_the_maximum_is_kept_whole(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = _opened(township_worker, region)

    report = _change(township_worker, report, "talks", str(monthly.FIGURE_MAXIMUM))

    assert report.figures["talks"] == str(monthly.FIGURE_MAXIMUM)
    assert FigureChange.objects.get().value == Decimal(monthly.FIGURE_MAXIMUM)
    with pytest.raises(ValidationFailed):
        _change(township_worker, report, "talks", str(monthly.FIGURE_MAXIMUM + 1))
