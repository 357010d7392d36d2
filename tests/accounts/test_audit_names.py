"""The auditor reads Chinese: every code in the audit trail is named (issue 12)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.urls import reverse
from python_calamine import CalamineWorkbook

from guanai.accounts.audit_names import object_type_name
from guanai.accounts.models import User
from guanai.core.audit import access_log, export_logged
from guanai.core.models import AuditAction
from guanai.registry.importing import roster_import
from guanai.registry.models import Person
from tests.conftest import Region, logged_in

SRC = Path(__file__).resolve().parents[2] / "src" / "guanai"
ROSTER = Path(__file__).resolve().parents[1] / "data" / "roster_messy.xlsx"


def test_change_log_shows_entries_of_a_roster_import(
    region: Region, township_worker: User, county_auditor: User
) -> None:
    # Given a roster imported through the service the import page uses, whose change-log
    # entries of new persons have no old values (null)
    roster_import(ROSTER, acting_user=township_worker, org_unit=region.lengqi)
    assert Person.objects.filter(name="张三").exists()
    client = logged_in(county_auditor)
    # When the auditor opens the change log and exports it
    response = client.get(reverse("accounts:audit_log"), {"source": "changes"})
    export = client.get(reverse("accounts:audit_export"), {"source": "changes"})
    # Then both answer, with the fields named in Chinese and the empty old value as a dash
    assert response.status_code == 200
    page = response.content.decode()
    assert "张三" in page
    assert "：— → 张三" in page
    assert "新建" in page
    assert "name：" not in page
    assert export.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    cells = [str(c) for row in rows.to_python() for c in row]
    assert any("：— → 张三" in c for c in cells)
    assert "registry.person" not in cells
    assert "person" not in cells


def test_access_log_names_exports_and_models_in_chinese(
    region: Region, township_worker: User, county_auditor: User
) -> None:
    export_logged(user=township_worker, what="contact_cards", rows=3)
    export_logged(user=township_worker, what="reports.dashboard", rows=1)
    access_log(
        user=township_worker,
        action=AuditAction.READ,
        object_type="orgs.orgunit",
        object_repr="冷碛镇",
    )
    page = logged_in(county_auditor).get(reverse("accounts:audit_log")).content.decode()
    for code in ("contact_cards", "reports.dashboard", "orgs.orgunit"):
        assert code not in page
    assert "联系卡" in page
    assert "数据看板" in page
    assert "单位 · 冷碛镇" in page


def test_every_export_code_in_the_source_has_a_chinese_name() -> None:
    codes = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "export_logged(" in text:
            codes |= set(re.findall(r'\bwhat="([a-z_.]+)"', text))
    assert codes, "the scan found no export codes"
    unnamed = {code for code in codes if object_type_name(code) == code}
    assert not unnamed, f"no Chinese name for {sorted(unnamed)} in EXPORT_NAMES"


def test_auditor_filters_by_the_chinese_name_of_an_object_type(
    region: Region, township_worker: User, county_auditor: User
) -> None:
    export_logged(user=township_worker, what="contact_cards", rows=3)
    export_logged(user=township_worker, what="payment_roll", rows=9)
    roster_import(ROSTER, acting_user=township_worker, org_unit=region.lengqi)
    client = logged_in(county_auditor)

    page = client.get(reverse("accounts:audit_log"), {"object": "联系卡"}).content.decode()
    assert "联系卡" in page
    assert "发放花名册" not in page
    changes = client.get(
        reverse("accounts:audit_log"), {"source": "changes", "object": "人员"}
    ).content.decode()
    assert "张三" in changes
