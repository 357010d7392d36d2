"""Annual assessment pages: create, edit, score by hand, finalise, print, export, scoping."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.core.models import AccessLog
from guanai.orgs.models import OrgKind
from guanai.registry.models import Person
from guanai.reports import assessment, monthly
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from guanai.reports.models import AssessmentScore, AssessmentSheet, Fact, ItemKind, SheetStatus
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


def test_a_county_worker_builds_a_sheet_and_scores_by_hand(
    region: Region, october: dict[str, Person], county_worker: User
) -> None:
    facts_refresh(month_of("2026-10", today=TODAY))
    client = logged_in(county_worker)
    with on(TODAY):
        page = client.get("/reports/assessment/", **EN).content.decode()
        assert "New score sheet" in page
        response = client.post("/reports/assessment/new/", {"unit": region.county.pk, "year": 2026})
        sheet = AssessmentSheet.objects.get()
        assert response.url == f"/reports/assessment/{sheet.pk}/"

        # An item with the points missing: the error next to the field, nothing added.
        refused = client.post(
            f"/reports/assessment/{sheet.pk}/items/",
            {"version": sheet.version, "name": "结对", "weight": "", "kind": "manual"},
            **EN,
        )
        assert refused.status_code == 400
        assert "Enter the points, from 0.1 to 100." in refused.content.decode()
        client.post(
            f"/reports/assessment/{sheet.pk}/items/",
            {
                "version": sheet.version,
                "name": "结对帮扶覆盖",
                "weight": "60",
                "kind": "automatic",
                "kpi": "pairing_coverage",
            },
        )
        sheet.refresh_from_db()
        client.post(
            f"/reports/assessment/{sheet.pk}/items/",
            {"version": sheet.version, "name": "工作台账", "weight": "40", "kind": "manual"},
        )
        manual = sheet.items.get(kind=ItemKind.MANUAL)

        # A score without evidence is refused on the scores page.
        url = f"/reports/assessment/{sheet.pk}/items/{manual.pk}/scores/"
        refused = client.post(url, {"unit": region.lengqi.pk, "score": "30", "evidence": ""}, **EN)
        assert refused.status_code == 400
        assert "Give the evidence for the score" in refused.content.decode()
        client.post(url, {"unit": region.lengqi.pk, "score": "30", "evidence": "台账齐全"})
        scores_page = client.get(url).content.decode()
        page = client.get(f"/reports/assessment/{sheet.pk}/", **EN).content.decode()

    assert AssessmentScore.objects.get().evidence == "台账齐全"
    assert "台账齐全" in scores_page.split('data-unit="冷碛镇"')[1].split("</tr>")[0]
    # 冷碛镇: pairing 50 % of 60 → 30, by hand 30 → 60; 兴隆镇 not scored by hand yet.
    lengqi = page.split('data-unit="冷碛镇"')[1].split("</tr>")[0]
    assert "60.0" in lengqi.split("data-total>")[1]
    xinglong = page.split('data-unit="兴隆镇"')[1].split("</tr>")[0]
    assert "not scored" in xinglong
    assert 'class="signature-footer"' in page  # the print layout
    assert "guanai/print.css" in page


def test_finalise_from_the_page_then_the_township_reads_it(
    region: Region, county_worker: User, county_leader: User, township_worker: User
) -> None:
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        item = assessment.item_add(
            acting_user=county_worker,
            sheet=sheet,
            version=sheet.version,
            name="工作台账",
            weight="100",
            kind=ItemKind.MANUAL,
        )
        for unit, score in [(region.lengqi, "90"), (region.xinglong, "95")]:
            assessment.score_enter(
                acting_user=county_worker, item=item, unit=unit, score=score, evidence="检查"
            )
    sheet.refresh_from_db()
    township = logged_in(township_worker)
    with on(TODAY):
        assert township.get(f"/reports/assessment/{sheet.pk}/").status_code == 404
        # A worker's finalise is refused (403); the leader's goes through.
        denied = logged_in(county_worker).post(
            f"/reports/assessment/{sheet.pk}/finalise/", {"version": sheet.version}
        )
        assert denied.status_code == 403
        logged_in(county_leader).post(
            f"/reports/assessment/{sheet.pk}/finalise/", {"version": sheet.version}
        )
        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.FINALISED
        page = township.get(f"/reports/assessment/{sheet.pk}/", **EN)
        listing = township.get("/reports/assessment/").content.decode()
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-sheet="{sheet.pk}"' in listing
    # 兴隆镇 first; no edit controls for the township.
    assert html.index('data-unit="兴隆镇"') < html.index('data-unit="冷碛镇"')
    assert "/finalise/" not in html
    assert "Add an item" not in html


def test_the_export_is_an_audited_workbook(region: Region, county_worker: User) -> None:
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        item = assessment.item_add(
            acting_user=county_worker,
            sheet=sheet,
            version=sheet.version,
            name="工作台账",
            weight="100",
            kind=ItemKind.MANUAL,
        )
        assessment.score_enter(
            acting_user=county_worker, item=item, unit=region.xinglong, score="80", evidence="查"
        )
        response = logged_in(county_worker).get(f"/reports/assessment/{sheet.pk}/export/")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    data = rows.to_python()
    assert data[0][0] == sheet.title
    assert data[1][2] == "工作台账 (100.0)"
    assert [data[2][1], data[2][2], data[3][1], data[3][2]] == ["兴隆镇", 80, "冷碛镇", "—"]
    log = AccessLog.objects.get(object_type="reports.assessment")
    assert log.user == county_worker and log.detail["rows"] == 2


def test_pages_are_scoped(
    region: Region, county_worker: User, other_township_worker: User, school_helper: User
) -> None:
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        item = assessment.item_add(
            acting_user=county_worker,
            sheet=sheet,
            version=sheet.version,
            name="工作台账",
            weight="100",
            kind=ItemKind.MANUAL,
        )
    client = logged_in(other_township_worker)
    with on(TODAY):
        for url in [
            f"/reports/assessment/{sheet.pk}/",
            f"/reports/assessment/{sheet.pk}/export/",
            f"/reports/assessment/{sheet.pk}/items/{item.pk}/scores/",
        ]:
            assert client.get(url).status_code == 404, url
        assert (
            client.post(
                f"/reports/assessment/{sheet.pk}/items/{item.pk}/scores/",
                {"unit": region.xinglong.pk, "score": "100", "evidence": "自评"},
            ).status_code
            == 404
        )
        # A township cannot make a sheet for the county.
        refused = client.post("/reports/assessment/new/", {"unit": region.county.pk, "year": 2026})
        assert refused.status_code == 400
        assert logged_in(school_helper).get("/reports/assessment/").status_code == 403
    assert not AssessmentScore.objects.exists()
    assert AssessmentSheet.objects.count() == 1


@pytest.mark.parametrize("townships", [1, 50])
def test_the_sheet_page_has_a_fixed_query_count(
    region: Region,
    county_worker: User,
    townships: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(townships - 2):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    if townships == 1:
        region.xinglong.is_active = False
        region.xinglong.save()
    Fact.objects.create(
        org_unit=region.county,
        month=date(2026, 10, 1),
        indicator="persons_total",
        value=3,
        refreshed_at=timezone.now(),
    )
    with on(TODAY):
        sheet = assessment.sheet_create(acting_user=county_worker, unit=region.county, year=2026)
        for name, kind, kpi in [
            ("结对", ItemKind.AUTOMATIC, "pairing_coverage"),
            ("台账", ItemKind.MANUAL, ""),
        ]:
            sheet.refresh_from_db()
            item = assessment.item_add(
                acting_user=county_worker,
                sheet=sheet,
                version=sheet.version,
                name=name,
                weight="50",
                kind=kind,
                kpi=kpi,
            )
        for unit in monthly.reporting_children(region.county):
            assessment.score_enter(
                acting_user=county_worker, item=item, unit=unit, score="40", evidence="查"
            )
    assert len(assessment.results_of(sheet).rows) == townships
    client = logged_in(county_worker)
    client.get("/")
    with on(TODAY), django_assert_num_queries(13):
        assert client.get(f"/reports/assessment/{sheet.pk}/").status_code == 200
    with on(TODAY), django_assert_num_queries(14):
        page = client.get(f"/reports/assessment/{sheet.pk}/items/{item.pk}/scores/")
        assert page.status_code == 200
