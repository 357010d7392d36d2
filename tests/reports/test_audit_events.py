"""Publishing a bulletin, finalising a score sheet and reviewing an information report are
audit events of their own, written by the service (issue 13, point 5): the page and the API
leave the same trail, and a refused attempt leaves none."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports import assessment, bulletins, info, monthly
from guanai.reports.models import (
    AssessmentSheet,
    Bulletin,
    BulletinStatus,
    InfoKind,
    InfoReport,
    InfoStatus,
    ItemKind,
    SheetStatus,
)
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)


def events(action: AuditAction) -> list[AccessLog]:
    return list(AccessLog.objects.filter(action=action).order_by("pk"))


def draft_bulletin(region: Region, leader: User) -> Bulletin:
    with on(TODAY):
        return bulletins.bulletin_open(acting_user=leader, unit=region.county, month=OCTOBER)


def complete_sheet(region: Region, worker: User) -> AssessmentSheet:
    """泸定县's 2026 sheet: one item by hand worth 100 points, scored for every township."""
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=worker, unit=region.county, year=2026)
        item = assessment.item_add(
            acting_user=worker,
            sheet=sheet,
            version=sheet.version,
            name="工作台账",
            weight="100",
            kind=ItemKind.MANUAL,
        )
        for unit in monthly.reporting_children(region.county):
            assessment.score_enter(
                acting_user=worker, item=item, unit=unit, score="90", evidence="查阅台账12本"
            )
    sheet.refresh_from_db()
    return sheet


def sent_story(worker: User, unit: OrgUnit) -> InfoReport:
    with on(TODAY):
        return info.info_submit(
            acting_user=worker,
            unit=unit,
            kind=InfoKind.STORY,
            title="乡村教师王老师",
            event_date=TODAY,
            text="王老师十年如一日照顾留守儿童。",
        )


def test_publishing_a_bulletin_is_recorded_once(region: Region, county_leader: User) -> None:
    bulletin = draft_bulletin(region, county_leader)

    with on(TODAY):
        published = bulletins.bulletin_publish(
            acting_user=county_leader, bulletin=bulletin, version=bulletin.version
        )

    [event] = events(AuditAction.BULLETIN_PUBLISH)
    assert event.user == county_leader
    assert event.object_type == "reports.bulletin"
    assert event.object_id == str(published.pk)
    assert event.detail == {"unit": region.county.pk, "month": "2026-10"}


def test_a_refused_publication_records_nothing(region: Region, county_leader: User) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    bulletin = draft_bulletin(region, county_leader)

    # Given a worker, who may write the bulletin but not publish it.
    with on(TODAY), pytest.raises(PermissionRefused):
        bulletins.bulletin_publish(
            acting_user=county_worker, bulletin=bulletin, version=bulletin.version
        )
    # And a leader with a stale version.
    with on(TODAY), pytest.raises(StaleEdit):
        bulletins.bulletin_publish(
            acting_user=county_leader, bulletin=bulletin, version=bulletin.version + 1
        )

    bulletin.refresh_from_db()
    assert bulletin.status == BulletinStatus.DRAFT
    assert events(AuditAction.BULLETIN_PUBLISH) == []


def test_publishing_from_the_page_is_recorded(region: Region, county_leader: User) -> None:
    bulletin = draft_bulletin(region, county_leader)
    with on(TODAY):
        logged_in(county_leader).post(
            reverse("reports:bulletin_action", args=[bulletin.pk, "publish"]),
            {"version": bulletin.version},
        )
    assert [e.object_id for e in events(AuditAction.BULLETIN_PUBLISH)] == [str(bulletin.pk)]


def test_the_bulletin_export_is_audited_by_the_service(region: Region, county_leader: User) -> None:
    bulletin = draft_bulletin(region, county_leader)
    with on(TODAY):
        export = bulletins.bulletin_export(user=county_leader, bulletin=bulletin, request=None)
    assert export.filename == f"bulletin-{bulletin.pk}.xlsx"
    [event] = events(AuditAction.EXPORT)
    assert event.object_type == "reports.bulletin"
    assert event.detail["filters"] == {"bulletin": bulletin.pk}
    assert event.detail["rows"] == len(monthly.reporting_children(region.county))


def test_finalising_a_sheet_is_recorded(region: Region, county_leader: User) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    sheet = complete_sheet(region, county_worker)

    with on(TODAY):
        finalised = assessment.sheet_finalise(
            acting_user=county_leader, sheet=sheet, version=sheet.version
        )

    assert finalised.status == SheetStatus.FINALISED
    [event] = events(AuditAction.ASSESSMENT_FINALISE)
    assert event.user == county_leader
    assert event.object_type == "reports.assessmentsheet"
    assert event.object_id == str(sheet.pk)
    assert event.detail["year"] == 2026
    assert event.detail["units_scored"] == len(monthly.reporting_children(region.county))


def test_a_refused_finalisation_records_nothing(region: Region, county_leader: User) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    sheet = complete_sheet(region, county_worker)
    # A township added after the scores were entered has no score yet.
    factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name="新设乡")

    with on(TODAY), pytest.raises(PermissionRefused):
        assessment.sheet_finalise(acting_user=county_worker, sheet=sheet, version=sheet.version)
    with on(TODAY), pytest.raises(ValidationFailed, match="新设乡"):
        assessment.sheet_finalise(acting_user=county_leader, sheet=sheet, version=sheet.version)

    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    assert events(AuditAction.ASSESSMENT_FINALISE) == []


def test_publishing_and_returning_an_information_report_are_recorded(
    region: Region, township_worker: User, county_leader: User
) -> None:
    story = sent_story(township_worker, region.lengqi)
    with on(TODAY):
        story = info.info_return(
            acting_user=county_leader, report=story, version=story.version, comment="补充照片"
        )
        story = info.info_resubmit(
            acting_user=township_worker,
            report=story,
            version=story.version,
            kind=story.kind,
            title=story.title,
            event_date=story.event_date,
            text=story.text,
        )
        story = info.info_publish(acting_user=county_leader, report=story, version=story.version)

    recorded = events(AuditAction.INFO_REPORT_REVIEW)
    assert [e.detail["decision"] for e in recorded] == [InfoStatus.RETURNED, InfoStatus.PUBLISHED]
    assert {e.object_id for e in recorded} == {str(story.pk)}
    assert {e.user_id for e in recorded} == {county_leader.pk}
    assert {e.detail["reviewing_unit"] for e in recorded} == {region.county.pk}


def test_a_refused_review_records_nothing(region: Region, county_leader: User) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    story = sent_story(county_worker, region.lengqi)

    # The sender does not review her own story; an empty comment is refused too.
    with on(TODAY), pytest.raises(PermissionRefused):
        info.info_publish(acting_user=county_worker, report=story, version=story.version)
    with on(TODAY), pytest.raises(ValidationFailed):
        info.info_return(acting_user=county_leader, report=story, version=story.version, comment="")

    story.refresh_from_db()
    assert story.status == InfoStatus.SUBMITTED
    assert events(AuditAction.INFO_REPORT_REVIEW) == []


def test_a_review_through_the_api_is_recorded(
    region: Region, township_worker: User, county_leader: User
) -> None:
    from django.test import Client

    story = sent_story(township_worker, region.lengqi)
    with on(TODAY):
        answer = Client().post(
            f"/api/reports/info/{story.pk}/publish",
            {"version": story.version},
            content_type="application/json",
            headers=bearer(county_leader),
        )
    assert answer.status_code == 200
    [event] = events(AuditAction.INFO_REPORT_REVIEW)
    assert event.detail["decision"] == InfoStatus.PUBLISHED
