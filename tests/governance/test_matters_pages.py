"""The practical-matters pages: the list with its chooser and filter, a matter added and
worked from the pages, refusals shown beside the field with nothing changed, the A4 list,
the photos, scoping, and the panels rendered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import User
from guanai.governance.matters import report_panel, unit_panel
from guanai.governance.models import MatterPhoto, MatterStatus, PracticalMatter
from tests.conftest import Region, logged_in
from tests.governance.matters_support import PNG, YEAR, matter, photo, progress
from tests.support.queries import assert_same_query_count, count_queries

pytest_plugins = ["tests.governance.matters_support"]

LIST = reverse("governance:matters_index")


def test_the_list_opens_on_the_users_unit_with_counts_and_bars(
    region: Region, township_worker: User
) -> None:
    made = matter(region.lengqi, township_worker)
    progress(made, reached="12")
    page = logged_in(township_worker).get(LIST, {"year": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert "冷碛镇" in text and "为30名留守儿童开通亲情电话" in text
    assert "12 / 30 名" in text and "<progress" in text
    assert "新增实事" in text and "已完成 0 / 共 1 项" in text
    # Filtered by a status that has none.
    page = logged_in(township_worker).get(LIST, {"year": YEAR, "status": "done"})
    assert "没有该状态的实事" in page.content.decode()


def test_a_township_reads_the_countys_list_but_not_another_townships(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
) -> None:
    matter(region.county, county_leader, title="资助200名困难学生", target="200")
    page = logged_in(township_worker).get(LIST, {"unit": region.county.pk, "year": YEAR})
    assert page.status_code == 200 and "资助200名困难学生" in page.content.decode()
    assert "新增实事" not in page.content.decode()  # read only
    mine = matter(region.lengqi, township_worker)
    other = logged_in(other_township_worker)
    assert other.get(LIST, {"unit": region.lengqi.pk}).status_code == 404
    assert other.get(reverse("governance:matter_detail", args=[mine.pk])).status_code == 404
    assert other.get(reverse("governance:matter_edit", args=[mine.pk])).status_code == 404
    assert other.post(reverse("governance:matter_done", args=[mine.pk]), {}).status_code == 404
    assert (
        other.get(reverse("governance:matters_print"), {"unit": region.lengqi.pk}).status_code
        == 404
    )


def test_a_worker_adds_a_matter_and_a_refusal_changes_nothing(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    new = reverse("governance:matter_new") + f"?unit={region.lengqi.pk}&year={YEAR}"
    form = client.get(new)
    assert form.status_code == 200 and f'value="{YEAR}-12-31"' in form.content.decode()
    fields = {
        "title": "建成留守儿童之家",
        "lead_unit": region.lengqi.pk,
        "owner": township_worker.pk,
        "deadline": f"{YEAR + 1}-01-15",
        "target": "",
        "target_unit": "",
    }
    refused = client.post(new, fields)
    assert refused.status_code == 400
    assert f"最迟为{YEAR}-12-31" in refused.content.decode()
    assert "建成留守儿童之家" in refused.content.decode()  # what was typed is kept
    assert not PracticalMatter.objects.exists()
    done = client.post(new, fields | {"deadline": f"{YEAR}-10-31"})
    made = PracticalMatter.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "governance:matter_detail", args=[made.pk]
    )
    assert made.deadline == date(YEAR, 10, 31) and made.owner == township_worker


def test_viewers_and_helpers_do_not_add_or_edit(
    region: Region, township_worker: User, prefecture_viewer: User, school_helper: User
) -> None:
    made = matter(region.lengqi, township_worker)
    new = reverse("governance:matter_new") + f"?unit={region.lengqi.pk}&year={YEAR}"
    for reader in (prefecture_viewer, school_helper):
        client = logged_in(reader)
        assert client.get(reverse("governance:matter_detail", args=[made.pk])).status_code == 200
        assert client.get(new).status_code in (403, 404)
        assert client.get(reverse("governance:matter_edit", args=[made.pk])).status_code == 403
        posted = client.post(
            reverse("governance:matter_drop", args=[made.pk]),
            {"version": made.version, "dropped_reason": "不做了"},
        )
        assert posted.status_code == 403
    made.refresh_from_db()
    assert made.status == MatterStatus.PLANNED


def test_progress_with_a_photo_then_done_from_the_page(
    region: Region, township_worker: User, media: Path
) -> None:
    made = matter(region.lengqi, township_worker)
    client = logged_in(township_worker)
    detail = reverse("governance:matter_detail", args=[made.pk])
    # Done without evidence: refused on the page, nothing changes.
    refused = client.post(
        reverse("governance:matter_done", args=[made.pk]), {"version": made.version}
    )
    assert refused.status_code == 400 and "照片或关联记录" in refused.content.decode()
    posted = client.post(
        reverse("governance:matter_progress", args=[made.pk]),
        {
            "version": made.version,
            "on": f"{YEAR}-05-01",
            "text": "开通亲情电话12部",
            "reached": "12",
            "link": "",
            "photos": [photo()],
        },
    )
    assert posted.status_code == 302
    page = client.get(detail)
    photo_row = MatterPhoto.objects.get()
    url = reverse("governance:matter_photo", args=[photo_row.pk])
    assert url in page.content.decode() and "开通亲情电话12部" in page.content.decode()
    served = client.get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    made.refresh_from_db()
    done = client.post(
        reverse("governance:matter_done", args=[made.pk]),
        {"version": made.version, "done_on": timezone.localdate().isoformat()},
    )
    assert done.status_code == 302
    made.refresh_from_db()
    assert made.status == MatterStatus.DONE


def test_a_bad_update_is_shown_beside_its_field_and_a_stale_one_refused(
    region: Region, township_worker: User, county_leader: User
) -> None:
    made = matter(region.lengqi, township_worker)
    client = logged_in(township_worker)
    action = reverse("governance:matter_progress", args=[made.pk])
    bad = client.post(action, {"version": made.version, "text": "有进展", "link": "/nowhere/"})
    assert bad.status_code == 400 and "不是本系统的页面" in bad.content.decode()
    opened = made.version
    progress(made)  # someone else reports meanwhile
    stale = client.post(action, {"version": opened, "text": "晚了一步"})
    assert stale.status_code == 400 and "请刷新后重试" in stale.content.decode()
    assert made.updates.count() == 1
    edit = reverse("governance:matter_edit", args=[made.pk])
    assert client.get(edit).status_code == 200
    stale_edit = client.post(
        edit,
        {
            "version": opened,
            "title": "改个名",
            "lead_unit": region.lengqi.pk,
            "owner": township_worker.pk,
            "deadline": f"{YEAR}-09-30",
        },
    )
    assert stale_edit.status_code == 400
    made.refresh_from_db()
    assert made.title == "为30名留守儿童开通亲情电话"


def test_a_leader_reopens_a_dropped_matter(
    region: Region, township_worker: User, township_leader: User
) -> None:
    made = matter(region.lengqi, township_worker)
    client = logged_in(township_worker)
    client.post(
        reverse("governance:matter_drop", args=[made.pk]),
        {"version": made.version, "dropped_reason": "资金未到位"},
    )
    made.refresh_from_db()
    assert made.status == MatterStatus.DROPPED
    reopen = reverse("governance:matter_reopen", args=[made.pk])
    assert client.post(reopen, {"version": made.version}).status_code == 403
    assert logged_in(township_leader).post(reopen, {"version": made.version}).status_code == 302
    made.refresh_from_db()
    assert made.status == MatterStatus.PLANNED


def test_the_printed_list_is_an_a4_page_with_signatures(
    region: Region, township_worker: User
) -> None:
    matter(region.lengqi, township_worker)
    page = logged_in(township_worker).get(
        reverse("governance:matters_print"), {"unit": region.lengqi.pk, "year": YEAR}
    )
    text = page.content.decode()
    assert page.status_code == 200 and "print.css" in text
    assert f"冷碛镇 {YEAR}年为未成年人办实事清单" in text and "（盖章）" in text


def test_the_list_page_has_a_fixed_query_count(region: Region, township_worker: User) -> None:
    client: Client = logged_in(township_worker)
    matter(region.lengqi, township_worker)
    client.get(LIST, {"year": YEAR})
    with count_queries() as few:
        client.get(LIST, {"year": YEAR})
    for n in range(49):
        progress(matter(region.lengqi, township_worker, title=f"实事{n}"), reached="1")
    with count_queries() as many:
        client.get(LIST, {"year": YEAR})
    assert_same_query_count(few, many)


def test_the_panels_render(region: Region, township_worker: User, county_leader: User) -> None:
    made = matter(region.lengqi, township_worker, deadline=date(YEAR, 1, 31))
    today = date(YEAR, 3, 1)
    html = render_to_string(
        "governance/matters/_report_panel.html",
        {"panel": report_panel(county_leader, region.lengqi, today)},
    )
    assert made.title in html and "已逾期" in html and f"{YEAR}年实事" in html
    html = render_to_string(
        "governance/matters/_unit_panel.html",
        {"panel": unit_panel(county_leader, region.xinglong, today)},
    )
    assert "本年度暂无实事" in html
