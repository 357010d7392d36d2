"""Lists are paged or say how many more there are; none is cut silently (issue 13, point 7)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgKind
from guanai.reports import assessment, bulletins, info, monthly
from guanai.reports.models import ItemKind
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_report_index_pages_through_every_reporting_unit(
    region: Region, county_leader: User
) -> None:
    for n in range(60):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n:02d}乡")
    client = logged_in(county_leader)
    with on(TODAY):
        first = client.get("/reports/", **EN).content.decode()
        second = client.get("/reports/?page=2", **EN).content.decode()
    # The county, 冷碛镇, 兴隆镇 and 60 more townships: 63, 50 on the first page.
    assert first.count("data-unit=") == 50
    assert second.count("data-unit=") == 13
    assert "63 in all · page 1 of 2" in first
    assert 'data-unit="第59乡"' in second


def test_reminders_beyond_the_first_few_are_counted(region: Region) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    for n in range(monthly.REMINDERS_SHOWN + 1):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    today = date(2026, 11, 13)
    due = monthly.reminders_due(county_worker, today=today)
    shown = monthly.reminders_shown(county_worker, today=today)

    # The county, 冷碛镇, 兴隆镇 and the new townships: none submitted.
    assert len(due) == monthly.REMINDERS_SHOWN + 4
    assert shown.shown == due[: monthly.REMINDERS_SHOWN]
    assert shown.more == 4
    with on(today):
        page = logged_in(county_worker).get("/reports/", **EN).content.decode()
    assert "And 4 more reports are due soon" in page
    with on(today):
        answer = logged_in(county_worker).get("/reports/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "另有 4 份报表即将到期，尚未报送。" in answer.content.decode()


def test_every_county_of_a_province_may_get_a_bulletin_and_a_score_sheet(region: Region) -> None:
    """The lists of units a user writes for were cut at 50: the 51st could not be chosen."""
    for n in range(55):
        factories.org_unit(parent=region.prefecture, kind=OrgKind.COUNTY, name=f"第{n:02d}县")
    worker = factories.user(unit=region.prefecture, role=Role.WORKER)

    names = {unit.name for unit in bulletins.bulletin_units_for(worker)}
    assert {"第00县", "第54县", region.county.name, region.prefecture.name} <= names
    assert len(names) == 55 + 2
    assert [u.pk for u in assessment.sheet_units_for(worker)] == [
        u.pk for u in bulletins.bulletin_units_for(worker)
    ]


def test_finalising_names_the_first_missing_scores_and_counts_the_others(
    region: Region, county_leader: User
) -> None:
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    for n in range(4):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        for name, weight in [("工作台账", "60"), ("宣传报道", "40")]:
            sheet.refresh_from_db()
            assessment.item_add(
                acting_user=county_worker,
                sheet=sheet,
                version=sheet.version,
                name=name,
                weight=weight,
                kind=ItemKind.MANUAL,
            )
    sheet.refresh_from_db()
    # Six townships, two items each: twelve scores missing, five named.
    with on(TODAY), pytest.raises(ValidationFailed) as refused:
        assessment.sheet_finalise(acting_user=county_leader, sheet=sheet, version=sheet.version)
    message = str(refused.value.message)
    assert message.count("·") == assessment.MISSING_NAMED
    assert message.startswith("尚有得分未录入：冷碛镇·工作台账、")
    assert message.endswith("，另有 7 项。")


def test_an_information_report_may_be_sent_for_every_unit_below(
    region: Region, township_worker: User
) -> None:
    """The units offered were cut at 200: a village past them could not be chosen at all."""
    for n in range(200):
        factories.org_unit(parent=region.lengqi, kind=OrgKind.VILLAGE, name=f"第{n:03d}村")
    units = info.submit_units_for(township_worker)
    assert units.count() > 200
    last = units.last()
    assert last is not None
    page = logged_in(township_worker).get(reverse("reports:info_new")).content.decode()
    assert f'<option value="{last.pk}" >{last.name}</option>' in page
    assert page.count("<option value=") >= units.count()


def test_every_sheet_the_user_reads_may_be_copied(region: Region) -> None:
    """The sheets offered to start from were cut at 50: an older one could not be chosen."""
    worker = factories.user(unit=region.prefecture, role=Role.WORKER)
    with on(TODAY):
        for n in range(52):
            county = factories.org_unit(
                parent=region.prefecture, kind=OrgKind.COUNTY, name=f"第{n:02d}县"
            )
            assessment.sheet_create(acting_user=worker, unit=county, year=2026)
        assessment.sheet_create(acting_user=worker, unit=region.county, year=2022)

    sources = assessment.copy_sources(worker)
    assert len(sources) == 53
    oldest = sources[-1]
    assert oldest.year == 2022
    with on(TODAY):
        page = logged_in(worker).get(reverse("reports:assessments")).content.decode()
    assert f'<option value="{oldest.pk}"' in page
