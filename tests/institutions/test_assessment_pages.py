"""The assessment pages: the county computes a year before saving and sees the parts, saves
it and reads the printable report; bad input is shown beside its field with nothing saved;
the institution's own clerk reads but is not offered the form; the year's scores across the
county in as many queries for 50 institutions as for 1; the county's own sheet."""

from __future__ import annotations

import re
from datetime import date

from guanai.accounts.models import Role, User
from guanai.core.uscc import make_uscc
from guanai.institutions.assessment import AssessmentData, assessment_save, national_sheet
from guanai.institutions.models import Assessment, ScoreSheet
from tests import factories
from tests.conftest import Region, logged_in
from tests.institutions.assessment_support import assessor, resident
from tests.institutions.support import TODAY, home_in
from tests.support.queries import assert_same_query_count, count_queries

FORM = {
    "year": "2026",
    "respondents": "20",
    "satisfied": "18",
    "note": "现场查看，档案齐全",
    "assessed_on": "2026-12-05",
}


def parts(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-part="(\w+)" data-points="([\d.]+)"', page))


def test_the_county_computes_then_saves_and_prints_the_report(region: Region) -> None:
    home = home_in(region.lengqi)
    resident(
        home.institution, "甲", started_on=date(2026, 1, 1), sessions=[(date(2026, 5, 1), 720)] * 10
    )
    client = logged_in(assessor(region))
    url = f"/institutions/{home.unit.pk}/assessments/new/"

    computed = client.post(url, {**FORM, "action": "preview"})

    assert computed.status_code == 200
    shown = parts(computed.content.decode())
    # 7200 minutes over 12 months: 600 of 1200, half the delivery part; 18 of 20 satisfied.
    assert (shown["delivery"], shown["satisfaction"]) == ("15.0", "27.0")
    assert not Assessment.objects.exists()

    saved = client.post(url, {**FORM, "action": "save"})

    assessment = Assessment.objects.get()
    assert saved["Location"] == f"/institutions/{home.unit.pk}/assessments/2026/"
    report = client.get(saved["Location"]).content.decode()
    assert parts(report) == {
        "checklist": str(assessment.checklist_points),
        "delivery": "15.0",
        "satisfaction": "27.0",
    }
    assert f'data-total="{assessment.total}" data-grade="{assessment.grade}"' in report
    assert f'data-testid="code">{home.unit.code}<' in report
    assert 'data-testid="residents">1<' in report
    assert '<span data-testid="assessor">县残联考核员</span>' in report
    assert "2026-12-05" in report
    unmet = re.findall(r'<li data-ref="([^"]+)"', report)
    assert unmet == [i["ref"] for i in assessment.unmet_items]
    assert "data-print" in report
    assert "guanai/print.css" in report
    assert "<script>" not in report


def test_bad_input_is_shown_beside_its_field_and_nothing_saved(region: Region) -> None:
    home = home_in(region.lengqi)
    client = logged_in(assessor(region))
    url = f"/institutions/{home.unit.pk}/assessments/new/"
    for change in ({"satisfied": "21"}, {"year": "2027"}, {"respondents": "-1", "satisfied": "0"}):
        answer = client.post(url, {**FORM, **change, "action": "save"})
        assert answer.status_code == 400, change
        assert "invalid-feedback" in answer.content.decode()
    assert not Assessment.objects.exists()


def test_a_year_is_changed_at_its_version(region: Region) -> None:
    home = home_in(region.lengqi)
    county = assessor(region)
    assessment_save(
        acting_user=county,
        institution=home.institution,
        data=AssessmentData(2026, 10, 5),
        today=TODAY,
    )
    client = logged_in(county)
    url = f"/institutions/{home.unit.pk}/assessments/2026/edit/"
    form = client.get(url).content.decode()
    assert 'name="version" value="1"' in form

    client.post(url, {**FORM, "version": "1", "action": "save"})
    stale = client.post(url, {**FORM, "satisfied": "1", "version": "1", "action": "save"})

    assert stale.status_code == 400
    assert Assessment.objects.get().satisfied == 18


def test_the_institution_reads_but_is_not_offered_the_form(region: Region) -> None:
    home = home_in(region.lengqi)
    assessment_save(
        acting_user=assessor(region),
        institution=home.institution,
        data=AssessmentData(2026, 10, 5),
        today=TODAY,
    )
    client = logged_in(home.clerk)
    listed = client.get(f"/institutions/{home.unit.pk}/assessments/").content.decode()
    assert 'data-testid="assessment" data-year="2026"' in listed
    assert 'data-testid="assess"' not in listed
    assert client.get(f"/institutions/{home.unit.pk}/assessments/2026/").status_code == 200
    assert client.get(f"/institutions/{home.unit.pk}/assessments/new/").status_code == 403
    assert client.post(f"/institutions/{home.unit.pk}/assessments/new/", FORM).status_code == 403
    assert Assessment.objects.count() == 1
    other = logged_in(factories.user(unit=region.xinglong, role=Role.LEADER))
    assert other.get(f"/institutions/{home.unit.pk}/assessments/2026/").status_code == 404


def test_the_year_overview_runs_as_many_queries_for_50_as_for_1(
    region: Region, county_leader: User
) -> None:
    client = logged_in(county_leader)
    sheet = national_sheet()
    first = home_in(region.lengqi)
    assessment_save(
        acting_user=county_leader,
        institution=first.institution,
        data=AssessmentData(2026, 10, 9),
        today=TODAY,
    )
    client.get("/institutions/assessments/")
    with count_queries() as one:
        page = client.get("/institutions/assessments/").content.decode()
    assert page.count('data-testid="row"') == 1
    assert 'data-total="' in page
    for n in range(49):
        code = make_uscc("5", "2", "513322", f"MJ2{n:06d}")
        found = home_in(region.xinglong, name=f"托养机构{n}", code=code)
        if n % 2:
            Assessment.objects.create(
                institution=found.institution,
                year=2026,
                sheet=sheet,
                respondents=1,
                satisfied=1,
                assessed_on=TODAY,
                checklist_met=1,
                checklist_applicable=1,
                residents=0,
                checklist_points=40,
                delivery_points=0,
                satisfaction_points=30,
                total=70,
                grade="pass",
            )
    with count_queries() as fifty:
        page = client.get("/institutions/assessments/").content.decode()
    assert page.count('data-testid="row"') == 50
    assert page.count('data-testid="not-assessed"') == 25
    assert_same_query_count(one, fifty)
    assert client.get("/institutions/assessments/?year=2027").status_code == 404


def test_a_county_leader_adds_the_county_s_sheet_on_the_page(
    region: Region, county_leader: User
) -> None:
    client = logged_in(county_leader)
    form = {
        "unit": str(region.county.pk),
        "title": "泸定县托养机构考核表",
        "valid_from": "2026-01-01",
        "checklist_weight": "50",
        "delivery_weight": "25",
        "satisfaction_weight": "25",
        "target_minutes": "600",
        "excellent": "90",
        "good": "80",
        "passing": "60",
    }
    refused = client.post("/institutions/score-sheets/", {**form, "delivery_weight": "30"})
    assert refused.status_code == 400
    assert not ScoreSheet.objects.filter(org_unit=region.county).exists()
    assert client.post("/institutions/score-sheets/", form).status_code == 302
    page = client.get("/institutions/score-sheets/").content.decode()
    assert page.count('data-testid="sheet"') == 2
    worker = logged_in(assessor(region))
    assert 'name="title"' not in worker.get("/institutions/score-sheets/").content.decode()
    assert worker.post("/institutions/score-sheets/", form).status_code == 403
