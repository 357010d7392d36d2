"""Practical matters through their services: the list's rules, the evidence a matter needs
before it is done, who may do what, and a stale form refused (issue 21, point 3)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.governance.matters import (
    link_clean,
    matter_create,
    matter_done,
    matter_drop,
    matter_progress,
    matter_reopen,
    matter_update,
)
from guanai.governance.models import MatterPhoto, MatterStatus, MatterUpdate, PracticalMatter
from tests import factories
from tests.conftest import Region
from tests.governance.matters_support import YEAR, data, matter, photo, progress

pytest_plugins = ["tests.governance.matters_support"]


def test_a_worker_puts_matters_on_the_list_in_order(region: Region, township_worker: User) -> None:
    first = matter_create(
        township_worker, unit=region.lengqi, year=YEAR, data=data(region.lengqi, township_worker)
    )
    second = matter_create(
        township_worker,
        unit=region.lengqi,
        year=str(YEAR),
        data=data(
            region.lengqi_school,
            township_worker,
            title="建成留守儿童之家",
            target=None,
            target_unit="",
        ),
    )
    assert (first.position, second.position) == (1, 2)
    assert first.status == MatterStatus.PLANNED and first.target == Decimal(30)
    assert second.lead_unit == region.lengqi_school and second.target is None
    assert first.created_by == township_worker


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": "  "}, "title", "承诺"),
        ({"title": "实" * 201}, "title", "200"),
        ({"deadline": date(YEAR + 1, 1, 1)}, "deadline", f"{YEAR}-12-31"),
        ({"deadline": None}, "deadline", "截止"),
        ({"target": "-3"}, "target", "不小于 0"),
        ({"target": "abc"}, "target", "数字"),
        ({"target": "30", "target_unit": ""}, "target_unit", "名"),
        ({"target": None, "target_unit": "名"}, "target", "目标数"),
        ({"target_unit": "名" * 11}, "target_unit", "10"),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_is_stored(
    region: Region, township_worker: User, change: dict[str, object], field: str, words: str
) -> None:
    fields: dict[str, object] = {"title": "为30名留守儿童开通亲情电话"} | change
    with pytest.raises(ValidationFailed) as refused:
        matter_create(
            township_worker,
            unit=region.lengqi,
            year=YEAR,
            data=data(region.lengqi, township_worker, **fields),  # type: ignore[arg-type]
        )
    assert refused.value.field == field
    assert words in str(refused.value.message)
    assert not PracticalMatter.objects.exists()


def test_the_responsible_unit_and_person_are_checked(
    region: Region, township_worker: User, other_township_worker: User, county_leader: User
) -> None:
    # 兴隆镇 is not below 冷碛镇.
    with pytest.raises(ValidationFailed) as refused:
        matter_create(
            township_worker,
            unit=region.lengqi,
            year=YEAR,
            data=data(region.xinglong, township_worker),
        )
    assert refused.value.field == "lead_unit" and "冷碛镇" in str(refused.value.message)
    # 兴隆镇's worker holds no role in 冷碛镇 or above it.
    with pytest.raises(ValidationFailed) as refused:
        matter_create(
            township_worker,
            unit=region.lengqi,
            year=YEAR,
            data=data(region.lengqi, other_township_worker),
        )
    assert refused.value.field == "owner"
    # A person of the school below is not for a matter the township carries out itself,
    # but is for one the school carries out; a person of a unit above the responsible unit
    # is fine, unless the acting user does not see them (the county's leader).
    teacher = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    with pytest.raises(ValidationFailed):
        matter_create(
            township_worker, unit=region.lengqi, year=YEAR, data=data(region.lengqi, teacher)
        )
    with pytest.raises(ValidationFailed) as refused:
        matter_create(
            township_worker, unit=region.lengqi, year=YEAR, data=data(region.lengqi, county_leader)
        )
    assert refused.value.field == "owner"
    assert matter_create(
        township_worker, unit=region.lengqi, year=YEAR, data=data(region.lengqi_school, teacher)
    )
    assert matter_create(
        township_worker,
        unit=region.lengqi,
        year=YEAR,
        data=data(region.lengqi_school, township_worker),
    )
    assert matter_create(
        county_leader, unit=region.lengqi, year=YEAR, data=data(region.lengqi, county_leader)
    )
    # A year outside the range is refused.
    with pytest.raises(ValidationFailed) as refused:
        matter_create(
            township_worker, unit=region.lengqi, year="1999", data=data(region.lengqi, teacher)
        )
    assert refused.value.field == "year"


def test_viewers_helpers_and_other_townships_do_not_write_the_list(
    region: Region,
    township_worker: User,
    prefecture_viewer: User,
    school_helper: User,
    other_township_worker: User,
) -> None:
    for outsider in (prefecture_viewer, school_helper, other_township_worker):
        with pytest.raises(PermissionRefused):
            matter_create(
                outsider, unit=region.lengqi, year=YEAR, data=data(region.lengqi, township_worker)
            )
    made = matter(region.lengqi, township_worker)
    with pytest.raises(PermissionRefused):
        matter_update(
            prefecture_viewer,
            made,
            version=made.version,
            data=data(region.lengqi, township_worker, title="改"),
        )
    with pytest.raises(PermissionRefused):
        matter_drop(school_helper, made, version=made.version, reason="没钱")
    made.refresh_from_db()
    assert made.title == "为30名留守儿童开通亲情电话" and made.status == MatterStatus.PLANNED


def test_a_township_worker_does_not_edit_the_countys_list(
    region: Region, township_worker: User, county_leader: User
) -> None:
    county = matter(region.county, county_leader)
    with pytest.raises(PermissionRefused):
        matter_update(
            township_worker,
            county,
            version=county.version,
            data=data(region.county, county_leader, title="改"),
        )


def test_the_first_update_starts_the_matter_and_the_figure_is_kept(
    region: Region, township_worker: User
) -> None:
    made = matter(region.lengqi, township_worker)
    update = matter_progress(
        township_worker,
        made,
        version=made.version,
        on=date(YEAR, 4, 1),
        text="已开通12部亲情电话",
        reached="12",
    )
    made.refresh_from_db()
    assert made.status == MatterStatus.IN_PROGRESS and made.version == 2
    assert update.reached == Decimal(12) and update.recorded_by == township_worker
    progress(made, on=date(YEAR, 5, 1), reached="20")
    made.refresh_from_db()
    assert made.status == MatterStatus.IN_PROGRESS and made.updates.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": " "}, "text"),
        ({"text": "字" * 1001}, "text"),
        ({"on": timezone.localdate() + timedelta(days=1)}, "on"),
        ({"reached": "-1"}, "reached"),
        ({"link": "/no/such/page/"}, "link"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "//evil.example/registry/"}, "link"),
        ({"link": "ftp://x/activities/"}, "link"),
    ],
)
def test_a_bad_update_is_refused_and_nothing_changes(
    region: Region, township_worker: User, change: dict[str, object], field: str
) -> None:
    made = matter(region.lengqi, township_worker)
    fields: dict[str, object] = {"on": date(YEAR, 4, 1), "text": "已开通"} | change
    with pytest.raises(ValidationFailed) as refused:
        matter_progress(township_worker, made, version=made.version, **fields)  # type: ignore[arg-type]
    assert refused.value.field == field
    made.refresh_from_db()
    assert made.status == MatterStatus.PLANNED and made.version == 1
    assert not MatterUpdate.objects.exists()


def test_a_link_is_a_page_of_guanai() -> None:
    page = reverse("governance:matters_index")
    assert link_clean(f"  {page}?year=2026 ") == f"{page}?year=2026"
    # An address pasted whole keeps its path: the page is this site's.
    assert link_clean(f"https://guanai.example{page}") == page
    assert link_clean("") == ""


def test_photos_are_checked_by_their_content_all_or_none(
    region: Region, township_worker: User, media: Path
) -> None:
    made = matter(region.lengqi, township_worker)
    with pytest.raises(ValidationFailed) as refused:
        matter_progress(
            township_worker,
            made,
            version=made.version,
            on=date(YEAR, 4, 1),
            text="照片",
            photos=[photo(), photo("假.png", b"GIF89a not a png")],
        )
    assert "假.png" in str(refused.value.message)
    assert not MatterUpdate.objects.exists() and not MatterPhoto.objects.exists()
    assert not list(media.rglob("*.png"))
    matter_progress(
        township_worker,
        made,
        version=made.version,
        on=date(YEAR, 4, 1),
        text="照片",
        photos=[photo(), photo("二.png")],
    )
    assert MatterPhoto.objects.count() == 2 and len(list(media.rglob("*.png"))) == 2


def test_done_is_refused_without_evidence(region: Region, township_worker: User) -> None:
    made = matter(region.lengqi, township_worker)
    with pytest.raises(ValidationFailed) as refused:
        matter_done(township_worker, made, version=made.version)
    assert "照片或关联记录" in str(refused.value.message)
    # A text alone is no evidence.
    progress(made, text="已开通30部")
    made.refresh_from_db()
    with pytest.raises(ValidationFailed):
        matter_done(township_worker, made, version=made.version)
    made.refresh_from_db()
    assert made.status == MatterStatus.IN_PROGRESS and made.done_on is None


def test_done_with_a_linked_record_or_a_photo(
    region: Region, township_worker: User, media: Path
) -> None:
    linked = matter(region.lengqi, township_worker)
    progress(linked, link=reverse("governance:matters_index"))
    linked.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        matter_done(
            township_worker,
            linked,
            version=linked.version,
            on=timezone.localdate() + timedelta(days=1),
        )
    assert refused.value.field == "done_on"
    done = matter_done(township_worker, linked, version=linked.version, on=date(YEAR, 6, 1))
    assert done.status == MatterStatus.DONE and done.done_on == date(YEAR, 6, 1)

    pictured = matter(region.lengqi, township_worker, title="建成留守儿童之家")
    progress(pictured, photos=[photo()])
    pictured.refresh_from_db()
    assert matter_done(township_worker, pictured, version=pictured.version).status == "done"


def test_a_closed_matter_is_reopened_by_a_leader_before_anything_else(
    region: Region, township_worker: User, township_leader: User
) -> None:
    made = matter(region.lengqi, township_worker)
    with pytest.raises(ValidationFailed) as refused:
        matter_drop(township_worker, made, version=made.version, reason="  ")
    assert refused.value.field == "dropped_reason"
    dropped = matter_drop(township_worker, made, version=made.version, reason="资金未到位")
    assert dropped.status == MatterStatus.DROPPED
    with pytest.raises(ValidationFailed):
        progress(dropped)
    with pytest.raises(ValidationFailed):
        matter_update(
            township_worker,
            dropped,
            version=dropped.version,
            data=data(region.lengqi, township_worker),
        )
    with pytest.raises(PermissionRefused):
        matter_reopen(township_worker, dropped, version=dropped.version)
    reopened = matter_reopen(township_leader, dropped, version=dropped.version)
    # Nothing was reported yet: planned again, the reason cleared.
    assert reopened.status == MatterStatus.PLANNED and reopened.dropped_reason == ""
    with pytest.raises(ValidationFailed):
        matter_reopen(township_leader, reopened, version=reopened.version)


def test_the_responsible_person_reports_even_without_managing_the_unit(
    region: Region, township_worker: User, school_helper: User
) -> None:
    made = matter(region.lengqi, township_worker, lead=region.lengqi_school)
    made = matter_update(
        township_worker,
        made,
        version=made.version,
        data=data(
            region.lengqi_school, school_helper, title="建成心理辅导室", target=None, target_unit=""
        ),
    )
    update = matter_progress(
        school_helper, made, version=made.version, on=date(YEAR, 4, 1), text="已选定教室"
    )
    assert update.recorded_by == school_helper
    other = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    made.refresh_from_db()
    with pytest.raises(PermissionRefused):
        matter_progress(other, made, version=made.version, on=date(YEAR, 4, 2), text="我也来")
    # Only the list's managers drop it.
    with pytest.raises(PermissionRefused):
        matter_drop(school_helper, made, version=made.version, reason="不做了")


def test_a_stale_form_is_refused_naming_what_changed(
    region: Region, township_worker: User, county_leader: User
) -> None:
    made = matter(region.lengqi, township_worker)
    opened = made.version
    matter_update(
        county_leader,
        made,
        version=opened,
        data=data(region.lengqi, township_worker, deadline=date(YEAR, 10, 31)),
    )
    with pytest.raises(StaleEdit) as refused:
        matter_update(
            township_worker,
            made,
            version=opened,
            data=data(region.lengqi, township_worker, title="另一个标题"),
        )
    assert "截止日期" in str(refused.value.message)
    with pytest.raises(StaleEdit):
        matter_progress(township_worker, made, version=opened, on=date(YEAR, 4, 1), text="晚了")
    made.refresh_from_db()
    assert made.title == "为30名留守儿童开通亲情电话" and made.deadline == date(YEAR, 10, 31)
    assert not made.updates.exists()


def test_the_system_acts_without_a_role(region: Region, township_worker: User) -> None:
    made = matter_create(
        SYSTEM, unit=region.county, year=YEAR, data=data(region.lengqi, township_worker)
    )
    assert made.created_by is None
