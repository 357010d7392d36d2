"""Over-long text is refused with a message naming the limit, never cut (issue 13, point 7).

Each service stores nothing when a text is longer than its column (or, for a text field,
the limit the service sets); the limit of a column is the model's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

from guanai.accounts.models import Role, User
from guanai.core.errors import ValidationFailed
from guanai.core.text import column_limit
from guanai.orgs.models import OrgUnit
from guanai.reports import assessment, bulletins, info, monthly
from guanai.reports.models import (
    AssessmentItem,
    AssessmentScore,
    Bulletin,
    FigureChange,
    InfoKind,
    InfoPhoto,
    InfoReport,
    ItemKind,
    MonthlyReport,
)
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def refused(call: Callable[[], object], field: str, limit: int) -> None:
    """``call`` is refused for ``field`` with the Chinese message naming ``limit``."""
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as caught:
        call()
    assert caught.value.field == field
    assert str(caught.value.message) == f"此处最多填写 {limit} 个字。"


def too_long(model: type[Model], name: str) -> str:
    return "长" * (column_limit(model, name) + 1)


def test_the_limits_are_the_columns() -> None:
    assert column_limit(FigureChange, "reason") == 300
    assert column_limit(MonthlyReport, "return_comment") == 500
    assert column_limit(Bulletin, "title") == 200
    assert column_limit(AssessmentItem, "criteria") == 500


def test_a_monthly_report_refuses_a_long_reason_narrative_and_comment(
    region: Region, township_worker: User, county_leader: User
) -> None:
    with on(TODAY):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER)
    refused(
        lambda: monthly.report_change_figure(
            acting_user=township_worker,
            report=report,
            version=report.version,
            figure="talks",
            value="5",
            reason=too_long(FigureChange, "reason"),
        ),
        "reason",
        300,
    )
    refused(
        lambda: monthly.report_save_narrative(
            acting_user=township_worker,
            report=report,
            version=report.version,
            narrative="长" * (monthly.NARRATIVE_LENGTH + 1),
        ),
        "narrative",
        monthly.NARRATIVE_LENGTH,
    )
    report.refresh_from_db()
    assert not FigureChange.objects.exists()
    assert report.narrative == ""
    # Exactly at the limit is kept whole.
    full = "满" * monthly.NARRATIVE_LENGTH
    report = monthly.report_save_narrative(
        acting_user=township_worker, report=report, version=report.version, narrative=full
    )
    assert report.narrative == full

    with on(date(2026, 11, 10)):
        report = monthly.report_submit(
            acting_user=township_worker, report=report, version=report.version
        )
    refused(
        lambda: monthly.report_return(
            acting_user=county_leader,
            report=report,
            version=report.version,
            comment=too_long(MonthlyReport, "return_comment"),
        ),
        "comment",
        500,
    )
    report.refresh_from_db()
    assert (report.status, report.return_comment) == ("submitted", "")


def test_a_bulletin_refuses_a_long_title_or_text(region: Region, county_leader: User) -> None:
    with on(TODAY):
        bulletin = bulletins.bulletin_open(
            acting_user=county_leader, unit=region.county, month=OCTOBER
        )
    before = (bulletin.title, bulletin.text, bulletin.highlights, bulletin.version)
    for field, title, text, highlights, limit in [
        ("title", too_long(Bulletin, "title"), "", "", 200),
        ("text", "十月简报", "长" * (bulletins.TEXT_LENGTH + 1), "", bulletins.TEXT_LENGTH),
        ("highlights", "十月简报", "", "长" * (bulletins.TEXT_LENGTH + 1), bulletins.TEXT_LENGTH),
    ]:
        refused(
            lambda title=title, text=text, highlights=highlights: bulletins.bulletin_save(
                acting_user=county_leader,
                bulletin=bulletin,
                version=bulletin.version,
                title=title,
                text=text,
                highlights=highlights,
            ),
            field,
            limit,
        )
    bulletin.refresh_from_db()
    assert (bulletin.title, bulletin.text, bulletin.highlights, bulletin.version) == before


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def submit(
    user: User,
    unit: OrgUnit,
    *,
    title: str = "中秋慰问留守儿童",
    photos: Sequence[SimpleUploadedFile] = (),
) -> InfoReport:
    with on(TODAY):
        return info.info_submit(
            acting_user=user,
            unit=unit,
            kind=InfoKind.REPORT,
            title=title,
            event_date=TODAY,
            text="镇党委书记带队走访慰问留守儿童20名。",
            photos=list(photos),
        )


def test_an_information_report_refuses_a_long_title_file_name_or_comment(
    region: Region, township_worker: User, county_leader: User, media: Path
) -> None:
    refused(
        lambda: submit(township_worker, region.lengqi, title=too_long(InfoReport, "title")),
        "title",
        200,
    )
    name = "照" * column_limit(InfoPhoto, "original_name") + ".png"
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as caught:
        submit(
            township_worker,
            region.lengqi,
            photos=[SimpleUploadedFile(name, PNG, content_type="image/png")],
        )
    assert caught.value.field == "photos"
    assert "200" in str(caught.value.message)
    assert not InfoReport.objects.exists()
    assert not InfoPhoto.objects.exists()
    assert not any(media.rglob("*.*"))

    report = submit(township_worker, region.lengqi)
    refused(
        lambda: info.info_return(
            acting_user=county_leader,
            report=report,
            version=report.version,
            comment=too_long(InfoReport, "review_comment"),
        ),
        "comment",
        500,
    )
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("submitted", "")


def test_an_assessment_refuses_a_long_item_or_evidence(region: Region) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER, username="county_worker")
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
    for name, criteria, field, limit in [
        (too_long(AssessmentItem, "name"), "", "name", 200),
        ("工作台账", too_long(AssessmentItem, "criteria"), "criteria", 500),
    ]:
        refused(
            lambda name=name, criteria=criteria: assessment.item_add(
                acting_user=county_worker,
                sheet=sheet,
                version=sheet.version,
                name=name,
                weight="40",
                kind=ItemKind.MANUAL,
                criteria=criteria,
            ),
            field,
            limit,
        )
    assert not sheet.items.exists()
    item = assessment.item_add(
        acting_user=county_worker,
        sheet=sheet,
        version=sheet.version,
        name="工作台账",
        weight="40",
        kind=ItemKind.MANUAL,
    )
    refused(
        lambda: assessment.score_enter(
            acting_user=county_worker,
            item=item,
            unit=region.lengqi,
            score="30",
            evidence="长" * (assessment.EVIDENCE_LENGTH + 1),
        ),
        "evidence",
        assessment.EVIDENCE_LENGTH,
    )
    assert not AssessmentScore.objects.exists()


def test_the_api_refuses_a_long_narrative_and_reason_and_stores_nothing(
    region: Region, township_worker: User
) -> None:
    def post(path: str, body: dict[str, object]) -> Any:
        return Client().post(
            path, body, content_type="application/json", headers=bearer(township_worker)
        )

    with on(TODAY):
        report = post("/api/reports/monthly", {"unit_id": region.lengqi.pk, "month": "2026-10"})
        report = report.json()
        narrative = post(
            f"/api/reports/monthly/{report['id']}/narrative",
            {"version": report["version"], "narrative": "长" * (monthly.NARRATIVE_LENGTH + 1)},
        )
        reason = post(
            f"/api/reports/monthly/{report['id']}/figures",
            {
                "version": report["version"],
                "figure": "talks",
                "value": "3",
                "reason": too_long(FigureChange, "reason"),
            },
        )
    assert narrative.status_code == reason.status_code == 422
    assert not FigureChange.objects.exists()
    assert MonthlyReport.objects.get(pk=report["id"]).narrative == ""


def test_the_bulletin_page_shows_why_a_long_text_is_refused_and_keeps_the_bulletin(
    region: Region, county_leader: User
) -> None:
    with on(TODAY):
        bulletin = bulletins.bulletin_open(
            acting_user=county_leader, unit=region.county, month=OCTOBER
        )
    before = (bulletin.title, bulletin.text, bulletin.version)
    client = logged_in(county_leader)
    for field in ("title", "text", "highlights"):
        body = {"version": bulletin.version, "title": "十月简报", "text": "", "highlights": ""}
        limit = column_limit(Bulletin, "title") if field == "title" else bulletins.TEXT_LENGTH
        body[field] = "长" * (limit + 1)
        with on(TODAY):
            page = client.post(
                reverse("reports:bulletin_action", args=[bulletin.pk, "save"]),
                body,
                HTTP_ACCEPT_LANGUAGE="zh-hans",
            )
        assert page.status_code == 400
        html = page.content.decode()
        assert f'<div class="invalid-feedback">此处最多填写 {limit} 个字。</div>' in html
        assert f'id="id_{field}"' in html
    bulletin.refresh_from_db()
    assert (bulletin.title, bulletin.text, bulletin.version) == before


def test_the_scores_page_refuses_long_evidence_and_keeps_what_was_typed(region: Region) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER, username="county_worker")
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
    item = assessment.item_add(
        acting_user=county_worker,
        sheet=sheet,
        version=sheet.version,
        name="工作台账",
        weight="40",
        kind=ItemKind.MANUAL,
    )
    evidence = "查" * (assessment.EVIDENCE_LENGTH + 1)
    with on(TODAY):
        page = logged_in(county_worker).post(
            reverse("reports:assessment_scores", args=[sheet.pk, item.pk]),
            {"unit": region.lengqi.pk, "score": "30", "evidence": evidence},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert page.status_code == 400
    html = page.content.decode()
    assert f"此处最多填写 {assessment.EVIDENCE_LENGTH} 个字。" in html
    assert evidence in html
    assert not AssessmentScore.objects.exists()
