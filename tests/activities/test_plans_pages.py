"""The plan pages: list, new from a template, month by month, item forms, print and xlsx."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.activities import plans
from guanai.activities.models.plans import ActivityPlan, PlanStatus
from guanai.activities.plans.templates_data import TEMPLATES
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgKind
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries
from tests.support.xlsx_print import assert_printable


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _en(user: User) -> Client:
    client = logged_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _plan(user: User, region: Region, year: int = 2026) -> ActivityPlan:
    return plans.plan_create_from_template(
        acting_user=user,
        org_unit=region.lengqi_school,
        template_code="school_caring",
        school_year=year,
    )


def test_a_worker_makes_a_plan_from_the_school_template(
    region: Region, township_worker: User
) -> None:
    client = _en(township_worker)
    form = client.get("/activities/plans/new/").content.decode()
    assert "关爱特殊群体学生活动方案（篇一、篇七）" in form
    assert "幼儿园家庭、社区教育活动方案" in form

    answer = client.post(
        "/activities/plans/new/",
        {"unit": region.lengqi_school.pk, "template": "school_caring", "school_year": 2026},
    )

    plan = ActivityPlan.objects.get()
    assert answer["Location"] == f"/activities/plans/{plan.pk}/"
    page = client.get(answer["Location"]).content.decode()
    assert "2026–2027 school year" in page
    assert page.count('data-testid="plan-item"') == len(TEMPLATES["school_caring"].items)
    assert "元旦文艺汇演" in page and "December 2026" in page


def test_a_kindergarten_template_for_a_school_is_refused_on_the_page(
    region: Region, township_worker: User
) -> None:
    answer = _en(township_worker).post(
        "/activities/plans/new/",
        {"unit": region.lengqi_school.pk, "template": "kindergarten_home", "school_year": 2026},
    )

    assert answer.status_code == 200
    assert "This template is not for a unit of this kind (School)." in answer.content.decode()
    assert not ActivityPlan.objects.exists()


def test_a_unit_outside_the_users_scope_cannot_be_chosen(
    region: Region, township_worker: User
) -> None:
    answer = _en(township_worker).post(
        "/activities/plans/new/",
        {"unit": region.xinglong_school.pk, "template": "school_caring", "school_year": 2026},
    )

    assert "Select a valid choice" in answer.content.decode()
    assert not ActivityPlan.objects.exists()


def test_the_new_plan_page_is_refused_to_who_writes_no_plans(
    region: Region, school_helper: User, county_sysadmin: User
) -> None:
    for user in (school_helper, county_sysadmin):
        assert _en(user).get("/activities/plans/new/").status_code == 403


def test_an_item_is_added_changed_and_removed_on_the_pages(
    region: Region, township_worker: User
) -> None:
    plan = _plan(township_worker, region)
    client = _en(township_worker)

    answer = client.post(
        f"/activities/plans/{plan.pk}/items/new/",
        {
            "month": "2027-03-01",
            "on": "2027-03-16",
            "title": "参观春耕",
            "kind": "visit",
            "responsible": "李老师",
            "version": plan.version,
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    item = plan.items.get(title="参观春耕")
    page = client.get(f"/activities/plans/{plan.pk}/").content.decode()
    assert 'data-month="2027-03"' in page and "Responsible：李老师" in page
    # Each month offers to add an activity in it, the month chosen already
    assert f"/activities/plans/{plan.pk}/items/new/?month=2026-09-01" in page
    form = client.get(f"/activities/plans/{plan.pk}/items/new/?month=2026-09-01").content
    assert '<option value="2026-09-01" selected>' in form.decode()

    edit = client.get(f"/activities/plans/items/{item.pk}/edit/").content.decode()
    assert 'value="参观春耕"' in edit
    client.post(
        f"/activities/plans/items/{item.pk}/edit/",
        {"month": "2027-04-01", "title": "清明节扫墓", "kind": "visit", "version": 2},
    )
    item.refresh_from_db()
    assert (item.title, item.month, item.on) == ("清明节扫墓", date(2027, 4, 1), None)

    client.post(f"/activities/plans/items/{item.pk}/remove/", {"version": 3})
    assert not plan.items.filter(pk=item.pk).exists()


def test_an_over_long_item_is_refused_naming_the_limit(
    region: Region, township_worker: User
) -> None:
    plan = _plan(township_worker, region)

    answer = _en(township_worker).post(
        f"/activities/plans/{plan.pk}/items/new/",
        {
            "month": "2026-10-01",
            "title": "长" * 101,
            "kind": "other",
            "version": plan.version,
        },
    )

    assert "Write at most 100 characters here." in answer.content.decode()
    assert plan.items.count() == len(TEMPLATES["school_caring"].items)


def test_a_stale_form_is_refused(region: Region, township_worker: User) -> None:
    plan = _plan(township_worker, region)
    client = _en(township_worker)
    client.post(f"/activities/plans/{plan.pk}/edit/", {"title": "新标题", "version": 1})

    answer = client.post(
        f"/activities/plans/{plan.pk}/items/new/",
        {"month": "2026-10-01", "title": "秋游", "kind": "visit", "version": 1},
    )

    assert "Someone changed this plan after you opened it" in answer.content.decode()
    assert not plan.items.filter(title="秋游").exists()


def test_publish_and_copy_on_the_page(region: Region, township_worker: User) -> None:
    plan = _plan(township_worker, region)
    client = _en(township_worker)

    client.post(f"/activities/plans/{plan.pk}/publish/", {"version": 1})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    answer = client.post(f"/activities/plans/{plan.pk}/copy/", {})

    copy = ActivityPlan.objects.get(school_year=2027)
    assert answer["Location"] == f"/activities/plans/{copy.pk}/"
    again = client.post(f"/activities/plans/{plan.pk}/copy/", {}, follow=True)
    assert "already has a plan with this title" in again.content.decode()


def test_a_class_teacher_reads_the_plan_but_gets_no_edit_links(
    region: Region, township_worker: User, school_helper: User
) -> None:
    plan = _plan(township_worker, region)
    client = _en(school_helper)

    page = client.get(f"/activities/plans/{plan.pk}/").content.decode()
    assert "元旦文艺汇演" in page and 'data-testid="item-new"' not in page
    assert client.get(f"/activities/plans/{plan.pk}/items/new/").status_code == 404
    assert client.post(f"/activities/plans/{plan.pk}/publish/", {"version": 1}).status_code == 404


def test_another_townships_worker_sees_no_plan(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    plan = _plan(township_worker, region)
    client = _en(other_township_worker)

    assert "no-plans" in client.get("/activities/plans/").content.decode()
    assert client.get(f"/activities/plans/{plan.pk}/").status_code == 404


def test_the_print_page_has_the_signature_footer(region: Region, township_worker: User) -> None:
    plan = _plan(township_worker, region)

    page = _en(township_worker).get(f"/activities/plans/{plan.pk}/print/").content.decode()

    assert "guanai/print.css" in page
    assert 'Prepared by：<span class="signature-line">测试用户</span>' in page
    assert all(s in page for s in ("Checked by", "Head of the unit", "(Seal)"))
    assert "写一封亲情书信" in page


def _grid(data: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def test_the_xlsx_holds_the_plan_prints_on_a4_and_is_audited(
    region: Region, township_worker: User
) -> None:
    plan = _plan(township_worker, region)
    plans.plan_item_add(
        acting_user=township_worker,
        plan=plan,
        version=1,
        data=plans.ItemData(
            month=date(2026, 9, 1), on=date(2026, 9, 15), title="=开学", kind="other"
        ),
    )

    answer = _en(township_worker).get(f"/activities/plans/{plan.pk}/xlsx/")

    assert answer["Content-Disposition"].endswith('.xlsx"')
    rows = _grid(answer.content)
    assert rows[0][0] == "关爱特殊群体学生活动方案"
    assert rows[1][0] == "Unit：冷碛镇中心小学"
    assert rows[4][:6] == ["Month", "Date", "Activity", "Kind", "Description", "Responsible"]
    titles = [r[2] for r in rows[5:] if r[2]]
    # A dated activity comes first in its month; a formula is written as text
    assert titles[:3] == ["'=开学", "启动关爱特殊群体学生主题教育", "“手拉手、同成长”结对互助"]
    assert rows[5][1] == date(2026, 9, 15)
    assert any("Prepared by：测试用户" in str(r[0]) for r in rows)
    assert_printable(answer.content, landscape=False, header_row=5)  # 1-based
    log = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert log.object_type == "activities.activity_plan" and log.user == township_worker
    assert log.detail["filters"]["plan"] == plan.pk


def _many(user: User, region: Region, count: int) -> None:
    for n in range(count):
        school = factories.org_unit(parent=region.lengqi, kind=OrgKind.SCHOOL)
        plans.plan_create_from_template(
            acting_user=user, org_unit=school, template_code="school_caring", school_year=2000 + n
        )


def test_the_list_runs_as_many_queries_for_50_plans_as_for_1(
    region: Region, township_worker: User
) -> None:
    client = _en(township_worker)
    _many(township_worker, region, 1)
    client.get("/activities/plans/")

    with count_queries() as one:
        assert client.get("/activities/plans/").status_code == 200
    _many(township_worker, region, 49)
    with count_queries() as fifty:
        page = client.get("/activities/plans/").content.decode()

    assert page.count('data-label="Title"') == 50
    assert_same_query_count(one, fifty)


def test_the_plan_page_runs_as_many_queries_for_50_items_as_for_1(
    region: Region, township_worker: User
) -> None:
    plan = plans.plan_create_from_template(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        template_code="school_caring",
        school_year=2026,
        term="2",  # the school template has no second-term items: the plan starts empty
    )
    client = _en(township_worker)

    def add(count: int) -> None:
        for n in range(count):
            plan.refresh_from_db()
            plans.plan_item_add(
                acting_user=township_worker,
                plan=plan,
                version=plan.version,
                data=plans.ItemData(month=date(2027, 2 + n % 6, 1), title=f"活动{n}", kind="other"),
            )

    add(1)
    client.get(f"/activities/plans/{plan.pk}/")
    with count_queries() as one:
        assert client.get(f"/activities/plans/{plan.pk}/").status_code == 200
    add(49)
    with count_queries() as fifty:
        page = client.get(f"/activities/plans/{plan.pk}/").content.decode()

    assert page.count('data-testid="plan-item"') == 50
    assert_same_query_count(one, fifty)
    assert Role.WORKER  # the worker of the township writes the school's plan
