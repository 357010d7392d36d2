"""Submitting, returning and accepting a monthly report each leave an audit event; a
refused attempt leaves none (issue 13, point 5)."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Person
from guanai.reports import monthly
from guanai.reports.models import MonthlyReport
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)
REVIEW_EVENTS = (AuditAction.REPORT_SUBMIT, AuditAction.REPORT_RETURN, AuditAction.REPORT_ACCEPT)


def _events() -> list[tuple[str, int | None, str]]:
    return list(
        AccessLog.objects.filter(action__in=REVIEW_EVENTS)
        .order_by("pk")
        .values_list("action", "user_id", "object_id")
    )


def _opened(user: User, region: Region) -> MonthlyReport:
    with on(TODAY):
        return monthly.report_open(acting_user=user, unit=region.lengqi, month=OCTOBER)


def test_submit_return_and_accept_are_audited(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    report = _opened(township_worker, region)

    with on(date(2026, 11, 10)):
        report = monthly.report_submit(
            acting_user=township_worker, report=report, version=report.version
        )
        report = monthly.report_return(
            acting_user=county_leader, report=report, version=report.version, comment="谈心次数有误"
        )
        report = monthly.report_submit(
            acting_user=township_worker, report=report, version=report.version
        )
        report = monthly.report_accept(
            acting_user=county_leader, report=report, version=report.version
        )

    pk = str(report.pk)
    assert _events() == [
        (AuditAction.REPORT_SUBMIT, township_worker.pk, pk),
        (AuditAction.REPORT_RETURN, county_leader.pk, pk),
        (AuditAction.REPORT_SUBMIT, township_worker.pk, pk),
        (AuditAction.REPORT_ACCEPT, county_leader.pk, pk),
    ]
    returned = AccessLog.objects.get(action=AuditAction.REPORT_RETURN)
    assert returned.object_type == "reports.monthlyreport"
    assert returned.detail["comment"] == "谈心次数有误"
    assert returned.detail["month"] == "2026-10"
    first, again = AccessLog.objects.filter(action=AuditAction.REPORT_SUBMIT).order_by("pk")
    assert (first.detail["first"], again.detail["first"]) == (True, False)


def test_a_refused_review_leaves_no_event(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    report = _opened(township_worker, region)
    with pytest.raises(StaleEdit):
        monthly.report_submit(acting_user=township_worker, report=report, version=99)
    with pytest.raises(ValidationFailed):
        monthly.report_accept(acting_user=county_leader, report=report, version=report.version)
    report = monthly.report_submit(
        acting_user=township_worker, report=report, version=report.version
    )
    AccessLog.objects.filter(action=AuditAction.REPORT_SUBMIT).get()

    # The township cannot pass its own report; a blank comment returns nothing.
    with pytest.raises(PermissionRefused):
        monthly.report_accept(acting_user=township_worker, report=report, version=report.version)
    with pytest.raises(ValidationFailed):
        monthly.report_return(
            acting_user=county_leader, report=report, version=report.version, comment=" "
        )

    assert [action for action, _user, _pk in _events()] == [AuditAction.REPORT_SUBMIT]


def test_the_page_audits_a_submission(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = _opened(township_worker, region)
    client = logged_in(township_worker)

    with on(TODAY):
        response = client.post(
            f"/reports/monthly/report/{report.pk}/submit/", {"version": report.version}
        )

    assert response.status_code == 302
    assert _events() == [(AuditAction.REPORT_SUBMIT, township_worker.pk, str(report.pk))]
