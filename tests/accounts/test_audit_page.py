"""The auditor's page: filters, export to xlsx (itself audited), scope, change records."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.core.audit import access_log
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


def _fail_login(username: str) -> None:
    Client().post("/accounts/login/", {"username": username, "password": "wrong"})


def test_auditor_filters_by_action_and_user(
    county_auditor: User, township_worker: User, other_township_worker: User
) -> None:
    _fail_login("township_worker")
    access_log(user=other_township_worker, action=AuditAction.EXPORT, object_repr="兴隆镇花名册")
    client = logged_in(county_auditor)
    page = client.get(reverse("accounts:audit_log"), {"action": "login_failed"}).content.decode()
    assert "township_worker" in page
    assert "兴隆镇花名册" not in page
    page = client.get(reverse("accounts:audit_log"), {"user": "xinglong"}).content.decode()
    assert "兴隆镇花名册" in page
    assert "township_worker" not in page


def test_auditor_filters_by_date(county_auditor: User, township_worker: User) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        access_log(user=township_worker, action=AuditAction.READ, object_repr="旧记录")
    access_log(user=township_worker, action=AuditAction.READ, object_repr="新记录")
    today = timezone.localdate()
    page = (
        logged_in(county_auditor)
        .get(
            reverse("accounts:audit_log"),
            {"date_from": (today - timedelta(days=7)).isoformat(), "date_to": today.isoformat()},
        )
        .content.decode()
    )
    assert "新记录" in page
    assert "旧记录" not in page


def test_reversed_dates_are_refused_with_a_message(county_auditor: User) -> None:
    response = logged_in(county_auditor).get(
        reverse("accounts:audit_log"), {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )
    assert "截止日期早于起始日期" in response.content.decode()


def test_auditor_sees_only_accounts_in_scope(region: Region, other_township_worker: User) -> None:
    auditor = factories.user(unit=region.lengqi, role=Role.AUDITOR)
    access_log(user=other_township_worker, action=AuditAction.EXPORT, object_repr="兴隆花名册")
    page = logged_in(auditor).get(reverse("accounts:audit_log")).content.decode()
    assert "兴隆花名册" not in page


def test_export_is_an_xlsx_of_the_filtered_rows_and_is_audited(
    county_auditor: User, township_worker: User
) -> None:
    access_log(user=township_worker, action=AuditAction.EXPORT, object_repr="=HYPERLINK(1)")
    response = logged_in(county_auditor).get(reverse("accounts:audit_export"), {"action": "export"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = (
        CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    cells = [str(c) for row in rows for c in row]
    # The formula-looking object is neutralised with a leading apostrophe.
    assert "'=HYPERLINK(1)" in cells
    assert "township_worker" in cells
    export = AccessLog.objects.get(action=AuditAction.EXPORT, user=county_auditor)
    assert export.detail["rows"] == 1
    assert export.detail["filters"] == {"source": "access", "action": "export"}


def test_changes_made_through_pages_are_recorded_with_the_actor(
    region: Region, county_sysadmin: User, county_auditor: User
) -> None:
    logged_in(county_sysadmin).post(
        reverse("accounts:org_edit", args=[region.lengqi.pk]),
        {"name": "冷碛镇人民政府", "code": "513322101000", "is_active": "on", "version": 1},
    )
    entry = LogEntry.objects.get_for_object(region.lengqi).latest("timestamp")
    assert entry.actor == county_sysadmin
    assert "冷碛镇人民政府" in entry.changes_str
    page = (
        logged_in(county_auditor)
        .get(reverse("accounts:audit_log"), {"source": "changes"})
        .content.decode()
    )
    assert "冷碛镇人民政府" in page


def test_audit_page_has_no_way_to_change_rows(county_auditor: User, township_worker: User) -> None:
    access_log(user=township_worker, action=AuditAction.READ, object_repr="档案")
    client = logged_in(county_auditor)
    response = client.post(reverse("accounts:audit_log"), {"delete": "1"})
    assert response.status_code in (200, 405)
    assert AccessLog.objects.filter(object_repr="档案").count() == 1


def test_audit_page_runs_a_fixed_number_of_queries(
    county_auditor: User, township_worker: User
) -> None:
    client = logged_in(county_auditor)
    access_log(user=township_worker, action=AuditAction.READ, object_repr="档案0")
    with count_queries() as small:
        client.get(reverse("accounts:audit_log"))
    for n in range(1, 50):
        access_log(user=township_worker, action=AuditAction.READ, object_repr=f"档案{n}")
    with count_queries() as large:
        page = client.get(reverse("accounts:audit_log")).content.decode()
    assert "档案49" in page
    assert_same_query_count(small, large)
