"""The supervision pages: the visits list, recording a visit with its checklist drawn from
the data and its findings as rows, a rectification reported, accepted or sent back, and the
scoping of each page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from guanai.governance.models import RectificationStatus, Visit
from tests.conftest import Region, logged_in
from tests.governance import supervision_support as s

pytestmark = pytest.mark.django_db


def test_the_list_shows_visits_made_and_received_and_another_township_sees_nothing(
    region: Region,
) -> None:
    p = s.people(region)
    visit = s.recorded(region, p.county_worker, timezone.localdate() - timedelta(days=1))
    for user in (p.county_worker, p.lengqi_worker):
        page = logged_in(user).get("/governance/supervision/")
        assert page.status_code == 200
        assert f'data-visit="{visit.pk}"' in page.content.decode()
    other = logged_in(p.xinglong_worker).get("/governance/supervision/")
    assert f'data-visit="{visit.pk}"' not in other.content.decode()
    filtered = logged_in(p.county_worker).get(
        "/governance/supervision/", {"unit": region.xinglong.pk, "year": visit.visited_on.year}
    )
    assert f'data-visit="{visit.pk}"' not in filtered.content.decode()


def test_the_inspected_township_reads_the_visit_and_another_township_gets_404(
    region: Region,
) -> None:
    p = s.people(region)
    visit = s.recorded(region, p.county_worker, timezone.localdate())
    rectification = s.first(visit)
    for url in (
        f"/governance/supervision/visits/{visit.pk}/",
        f"/governance/supervision/rectifications/{rectification.pk}/",
    ):
        assert logged_in(p.lengqi_worker).get(url).status_code == 200
        assert logged_in(p.xinglong_worker).get(url).status_code == 404
    # The township reads but does not change the county's visit.
    edit = f"/governance/supervision/visits/{visit.pk}/edit/"
    assert logged_in(p.lengqi_worker).get(edit).status_code == 403


def test_the_form_draws_the_checklist_and_records_a_visit_with_two_findings(
    region: Region,
) -> None:
    p = s.people(region)
    client = logged_in(p.county_worker)
    today = timezone.localdate()
    drawn = client.get(
        "/governance/supervision/visits/new/",
        {"inspected": region.lengqi.pk, "visited_on": f"{today:%Y-%m-%d}"},
    )
    assert drawn.status_code == 200
    # The reports app offers 冷碛镇's monthly report timeliness (nothing was reported).
    assert 'value="monthly_timeliness"' in drawn.content.decode()
    form = {
        "org_unit": region.county.pk,
        "inspected": region.lengqi.pk,
        "visited_on": f"{today:%Y-%m-%d}",
        "team": "高德华",
        "summary": "",
        "checks-TOTAL_FORMS": "2",
        "checks-INITIAL_FORMS": "0",
        "checks-0-label": "结对帮扶覆盖率",
        "checks-0-figure": "85%",
        "checks-0-verdict": "issue",
        "checks-1-label": "",
        "checks-1-verdict": "ok",
        "findings-TOTAL_FORMS": "3",
        "findings-INITIAL_FORMS": "0",
        "findings-0-finding": "帮扶人未落实",
        "findings-0-required": "落实帮扶人",
        "findings-0-deadline": f"{today + timedelta(days=7):%Y-%m-%d}",
        "findings-1-finding": "",
        "findings-1-required": "",
        "findings-2-finding": "台账不全",
        "findings-2-required": "补齐台账",
        "findings-2-deadline": f"{today - timedelta(days=1):%Y-%m-%d}",
        "findings-2-org_unit": region.ganlusi.pk,
    }
    refused = client.post("/governance/supervision/visits/new/", form)
    # The third row's deadline is before the visit: shown beside it, nothing stored.
    assert refused.status_code == 400
    assert "findings-2-deadline" in refused.content.decode()
    assert 'class="invalid-feedback"' in refused.content.decode()
    assert not Visit.objects.exists()

    form["findings-2-deadline"] = f"{today + timedelta(days=14):%Y-%m-%d}"
    saved = client.post("/governance/supervision/visits/new/", form)
    visit = Visit.objects.get()
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/governance/supervision/visits/{visit.pk}/"
    assert [r.org_unit for r in visit.rectifications.order_by("position")] == [
        region.lengqi,
        region.ganlusi,
    ]
    assert visit.checks.count() == 1


def test_the_township_reports_with_a_photo_and_the_county_accepts_on_the_page(
    region: Region,
) -> None:
    p = s.people(region)
    rectification = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
    url = f"/governance/supervision/rectifications/{rectification.pk}/"
    township = logged_in(p.lengqi_worker)
    page = township.get(url).content.decode()
    assert "report-photos" in page
    text_only = township.post(url + "report/", {"version": rectification.version, "text": "已整改"})
    assert text_only.status_code == 400
    assert not rectification.reports.exists()
    sent = township.post(
        url + "report/",
        {"version": rectification.version, "text": "已整改", "photos": [s.png()]},
    )
    assert sent.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.REPORTED
    # The township sees no decision buttons; the county does.
    assert "rectification_accept" not in township.get(url).content.decode()
    county = logged_in(p.county_worker)
    assert f"{url}accept/" in county.get(url).content.decode()
    assert township.post(url + "accept/", {"version": rectification.version}).status_code == 403
    no_reason = county.post(url + "return/", {"version": rectification.version, "reason": ""})
    assert no_reason.status_code == 400
    accepted = county.post(url + "accept/", {"version": rectification.version})
    assert accepted.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.ACCEPTED
    photo = rectification.reports.get().photos.get()
    photo_url = f"/governance/supervision/photos/{photo.pk}/"
    assert township.get(photo_url).status_code == 200
    assert logged_in(p.xinglong_worker).get(photo_url).status_code == 404


def test_an_overdue_rectification_is_marked_in_red_with_its_days(region: Region) -> None:
    p = s.people(region)
    today = timezone.localdate()
    visit = s.recorded(region, p.county_worker, today - timedelta(days=20))
    page = logged_in(p.county_worker).get(f"/governance/supervision/visits/{visit.pk}/")
    text = page.content.decode()
    # The first finding's deadline was 10 days after the visit: 10 days overdue.
    assert 'data-overdue="10"' in text
    assert "table-danger" in text


def test_the_county_changes_its_visit_and_a_stale_form_is_refused(region: Region) -> None:
    p = s.people(region)
    day = timezone.localdate() - timedelta(days=2)
    visit = s.recorded(region, p.county_worker, day)
    client = logged_in(p.county_worker)
    url = f"/governance/supervision/visits/{visit.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    assert "部分留守儿童未落实结对帮扶人" in page.content.decode()
    rows = list(visit.rectifications.order_by("position"))
    form = {
        "version": visit.version,
        "org_unit": region.county.pk,
        "inspected": region.lengqi.pk,
        "visited_on": f"{day:%Y-%m-%d}",
        "team": "高德华、泽仁",
        "summary": visit.summary,
        "checks-TOTAL_FORMS": "1",
        "checks-INITIAL_FORMS": "1",
        "checks-0-label": "结对帮扶覆盖率",
        "checks-0-verdict": "issue",
        "findings-TOTAL_FORMS": "2",
        "findings-INITIAL_FORMS": "2",
    }
    for i, r in enumerate(rows):
        form.update(
            {
                f"findings-{i}-pk": r.pk,
                f"findings-{i}-finding": r.finding,
                f"findings-{i}-required": r.required,
                f"findings-{i}-deadline": f"{r.deadline:%Y-%m-%d}",
                f"findings-{i}-org_unit": r.org_unit_id,
            }
        )
    assert client.post(url, form).status_code == 302
    visit.refresh_from_db()
    assert visit.team == "高德华、泽仁"
    stale = client.post(url, form)
    assert stale.status_code == 400
    visit.refresh_from_db()
    assert visit.version == 2
