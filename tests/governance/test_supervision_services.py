"""Supervision visits and their rectifications through the services: who records, what a
visit may say, the report with its evidence, and the office's acceptance or return."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.governance.models import (
    Rectification,
    RectificationReport,
    RectificationStatus,
    ReportDecision,
    Visit,
)
from guanai.governance.supervision import (
    FindingData,
    rectification_accept,
    rectification_report,
    rectification_return,
    visit_record,
    visit_update,
)
from tests.conftest import Region
from tests.governance import supervision_support as s

pytestmark = pytest.mark.django_db


def test_the_county_records_a_visit_with_its_checklist_and_two_findings(region: Region) -> None:
    p = s.people(region)
    today = timezone.localdate()
    visit = s.recorded(region, p.county_worker, today - timedelta(days=3))
    assert visit.recorded_by == p.county_worker
    assert [c.label for c in visit.checks.all()] == ["结对帮扶覆盖率"]
    rows = list(visit.rectifications.order_by("position"))
    assert [r.org_unit for r in rows] == [region.lengqi, region.ganlusi]
    assert {r.status for r in rows} == {RectificationStatus.OPEN}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"inspected_key": "xinglong_school_of_lengqi"}, "inspected", "兴隆镇中心小学"),
        ({"visited_on_days": 1}, "visited_on", "{tomorrow}"),
        ({"deadline_days": -1}, "findings-0-deadline", "{day}"),
        ({"team": "  "}, "team", ""),
        ({"summary": "长" * 3001}, "summary", "3000"),
        ({"finding": "长" * 1001}, "findings-0-finding", "1000"),
        ({"unit_of_finding": "shencun"}, "findings-0-org_unit", "冷碛镇"),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_is_stored(
    region: Region, changes: dict[str, object], field: str, message: str
) -> None:
    p = s.people(region)
    today = timezone.localdate()
    day = today - timedelta(days=2)
    data: dict[str, object] = {}
    if "inspected_key" in changes:
        # 兴隆镇中心小学 is below the county, but recorded by 冷碛镇's leader it is not below.
        data = {"org_unit": region.lengqi, "inspected": region.xinglong_school}
    visited_on = today + timedelta(days=1) if "visited_on_days" in changes else day
    for key in ("team", "summary"):
        if key in changes:
            data[key] = changes[key]
    finding = FindingData(
        finding=str(changes.get("finding", "未落实帮扶人")),
        required="落实帮扶人",
        deadline=day + timedelta(days=int(changes.get("deadline_days", 5))),  # type: ignore[call-overload]
        org_unit=getattr(region, str(changes["unit_of_finding"]))
        if "unit_of_finding" in changes
        else None,
    )
    data["findings"] = [finding]
    acting = p.lengqi_leader if "inspected_key" in changes else p.county_worker
    with pytest.raises(ValidationFailed) as refused:
        s.recorded(region, acting, visited_on, **data)
    assert refused.value.field == field
    tomorrow = today + timedelta(days=1)
    assert message.format(day=f"{day:%Y-%m-%d}", tomorrow=f"{tomorrow:%Y-%m-%d}") in str(
        refused.value.message
    )
    assert not Visit.objects.exists()
    assert not Rectification.objects.exists()


def test_only_a_manager_of_the_office_records_a_visit(region: Region) -> None:
    p = s.people(region)
    with pytest.raises(PermissionRefused):
        s.recorded(region, p.lengqi_worker, timezone.localdate())
    assert not Visit.objects.exists()


def test_a_township_reports_with_a_photo_and_the_county_accepts(region: Region) -> None:
    p = s.people(region)
    today = timezone.localdate()
    rectification = s.first(s.recorded(region, p.county_worker, today - timedelta(days=2)))
    rectification = s.reported(p.lengqi_worker, rectification)
    assert rectification.status == RectificationStatus.REPORTED
    report = rectification.reports.get()
    assert report.submitted_on == today
    assert report.photos.count() == 1

    accepted = rectification_accept(p.county_worker, rectification, version=rectification.version)
    assert accepted.status == RectificationStatus.ACCEPTED
    assert accepted.accepted_by == p.county_worker
    assert accepted.rectified_on == today
    assert RectificationReport.objects.get().decision == ReportDecision.ACCEPTED


def test_text_alone_is_no_evidence_and_nothing_is_reported(region: Region) -> None:
    p = s.people(region)
    rectification = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    with pytest.raises(ValidationFailed) as refused:
        rectification_report(
            p.lengqi_worker, rectification, version=rectification.version, text="已整改"
        )
    assert refused.value.field == "photos"
    assert refused.value.message == _(
        "Add evidence: at least one photo, or the address of a record in Guanai."
    )
    assert not RectificationReport.objects.exists()
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.OPEN
    # Nor can the office accept what was never reported.
    with pytest.raises(ValidationFailed) as no_report:
        rectification_accept(p.county_worker, rectification, version=rectification.version)
    assert no_report.value.message == _(
        "No report awaits a decision: a rectification is accepted or sent back only on the "
        "unit's report with its evidence."
    )
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.OPEN


def test_the_database_refuses_an_accepted_rectification_without_its_acceptance(
    region: Region,
) -> None:
    p = s.people(region)
    rectification = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    with pytest.raises(IntegrityError), transaction.atomic():
        Rectification.objects.filter(pk=rectification.pk).update(status="accepted")


def test_the_township_cannot_accept_its_own_rectification(region: Region) -> None:
    p = s.people(region)
    rectification = s.reported(
        p.lengqi_worker, s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    )
    for township_user in (p.lengqi_worker, p.lengqi_leader):
        with pytest.raises(PermissionRefused):
            rectification_accept(township_user, rectification, version=rectification.version)
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.REPORTED


def test_another_township_cannot_report(region: Region) -> None:
    p = s.people(region)
    rectification = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    with pytest.raises(PermissionRefused):
        s.reported(p.xinglong_worker, rectification)
    assert not RectificationReport.objects.exists()


def test_sending_back_needs_a_reason_then_the_unit_reports_again(region: Region) -> None:
    p = s.people(region)
    rectification = s.reported(
        p.lengqi_worker, s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    )
    with pytest.raises(ValidationFailed) as refused:
        rectification_return(
            p.county_worker, rectification, version=rectification.version, reason=" "
        )
    assert refused.value.field == "reason"
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.REPORTED

    rectification_return(
        p.county_worker, rectification, version=rectification.version, reason="照片看不清，请补拍"
    )
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.RETURNED
    assert rectification.reports.get().decision_note == "照片看不清，请补拍"
    rectification = s.reported(p.lengqi_worker, rectification)
    assert rectification.status == RectificationStatus.REPORTED
    assert rectification.reports.count() == 2


def test_a_stale_decision_is_refused(region: Region) -> None:
    p = s.people(region)
    rectification = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    opened_at = rectification.version
    s.reported(p.lengqi_worker, rectification)
    with pytest.raises(StaleEdit):
        rectification_accept(p.county_worker, rectification, version=opened_at)


@pytest.mark.parametrize(
    ("link", "ok"),
    [
        ("/governance/supervision/", True),
        ("/no/such/page/", False),
        ("https://evil.example/", False),
        ("//evil.example/x", False),
    ],
)
def test_a_linked_record_must_be_a_page_of_guanai(region: Region, link: str, ok: bool) -> None:
    p = s.people(region)
    rectification = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    if ok:
        rectification_report(
            p.lengqi_worker, rectification, version=rectification.version, text="见台账", link=link
        )
        assert RectificationReport.objects.get().link == link
        return
    with pytest.raises(ValidationFailed) as refused:
        rectification_report(
            p.lengqi_worker, rectification, version=rectification.version, text="见台账", link=link
        )
    assert refused.value.field == "link"
    assert not RectificationReport.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(region: Region) -> None:
    p = s.people(region)
    rectification = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    fake = SimpleUploadedFile("照片.png", b"%PDF-1.4 not a photo", content_type="image/png")
    with pytest.raises(ValidationFailed) as refused:
        rectification_report(
            p.lengqi_worker,
            rectification,
            version=rectification.version,
            text="已整改",
            photos=[fake],
        )
    assert "照片.png" in str(refused.value.message)
    assert not RectificationReport.objects.exists()


def test_changing_a_visit_keeps_what_was_reported(region: Region) -> None:
    p = s.people(region)
    day = timezone.localdate() - timedelta(days=1)
    visit = s.recorded(region, p.county_worker, day)
    first = s.reported(p.lengqi_worker, s.first(visit))
    second = visit.rectifications.exclude(pk=first.pk).get()
    data = s.visit_data(
        region,
        day,
        team="高德华",
        findings=[
            FindingData(first.finding, first.required, first.deadline, first.org_unit, pk=first.pk),
            FindingData(
                second.finding, "补齐台账并签字", second.deadline, second.org_unit, pk=second.pk
            ),
        ],
    )
    changed = visit_update(p.county_worker, visit, version=visit.version, data=data)
    assert changed.team == "高德华"
    second.refresh_from_db()
    assert second.required == "补齐台账并签字"
    with pytest.raises(StaleEdit):
        visit_update(p.county_worker, visit, version=visit.version, data=data)
    # A finding reported on cannot be reworded nor removed.
    moved = s.visit_data(
        region,
        day,
        findings=[FindingData("改写", first.required, first.deadline, first.org_unit, pk=first.pk)],
    )
    with pytest.raises(ValidationFailed) as reworded:
        visit_update(p.county_worker, changed, version=changed.version, data=moved)
    assert reworded.value.field == "findings-0-finding"
    with pytest.raises(ValidationFailed):
        visit_update(
            p.county_worker,
            changed,
            version=changed.version,
            data=s.visit_data(region, day, findings=[]),
        )
    assert visit.rectifications.count() == 2


def test_the_system_records_for_the_demo(region: Region) -> None:
    visit = visit_record(SYSTEM, s.visit_data(region, timezone.localdate()))
    assert visit.recorded_by is None
