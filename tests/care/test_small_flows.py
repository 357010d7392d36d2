"""Small care flows that read wrong (issue 12, point 15): rules named in Chinese, the
pocket-money keeper and a refused spending, plan review dates, the pairing form's helpers."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from guanai.accounts.models import Role, User
from guanai.care import rules as care_rules
from guanai.care.models import PlanReview
from tests import factories
from tests.care import ledger_support, plans_support
from tests.conftest import Region, logged_in


def test_the_rules_page_shows_chinese_names_and_no_english_codes(region: Region) -> None:
    leader = factories.user(unit=region.lengqi_school, role=Role.LEADER)
    care_rules.seed_default_rules(region.county)

    page = logged_in(leader).get(f"{reverse('care:rules')}?unit={region.lengqi_school.pk}")

    html = page.content.decode()
    shown = re.sub(r"<[^>]+>", " ", html.partition('data-testid="rules"')[2])
    assert "班主任每周与3—5名特殊群体学生谈一次心" in shown
    for code in ("class-teacher-talks", "talk-every-4-weeks", "high-risk-weekly"):
        assert code not in shown


# --- Pocket money ---------------------------------------------------------------------------


def _option(html: str, value: object) -> str:
    found = re.search(rf'<option value="{value}"[^>]*>', html)
    assert found, value
    return found.group(0)


def test_the_only_surrogate_parent_is_chosen_as_keeper_already(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = ledger_support.pupil(township_worker, region.lengqi_school)
    ledger_support.pair(township_worker, child, school_helper)
    url = reverse("care:ledger_open") + f"?person={child.pk}"

    html = logged_in(township_worker).get(url).content.decode()

    assert "selected" in _option(html, school_helper.pk)


def test_with_two_surrogate_parents_the_worker_chooses(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = ledger_support.pupil(township_worker, region.lengqi_school)
    other = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="李老师")
    for keeper in (school_helper, other):
        ledger_support.pair(township_worker, child, keeper)
    url = reverse("care:ledger_open") + f"?person={child.pk}"

    html = logged_in(township_worker).get(url).content.decode()

    assert "selected" not in _option(html, school_helper.pk)
    assert "selected" not in _option(html, other.pk)


def test_a_refused_spending_keeps_what_the_keeper_typed(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = ledger_support.pupil(township_worker, region.lengqi_school)
    account = ledger_support.open_account(township_worker, child, school_helper)
    ledger_support.deposit(school_helper, account, "12.50")

    html = (
        logged_in(school_helper)
        .post(
            reverse("care:ledger_spend", args=[account.pk]),
            {"amount": "20", "what": "买冬衣", "on": "2025-01-01"},
        )
        .content.decode()
    )

    assert "余额不足" in html
    assert re.search(r'name="amount"[^>]*value="20"', html)
    assert re.search(r'name="what"[^>]*value="买冬衣"', html)
    assert ledger_support.balance_of(account) == Decimal("12.50")


# --- Plan reviews ---------------------------------------------------------------------------


def test_a_plan_that_has_not_started_offers_no_review_dated_today(
    region: Region, township_worker: User, county_leader: User
) -> None:
    today = timezone.localdate()
    starts = today + timedelta(days=20)
    person = plans_support.pupil(township_worker, region.lengqi_school)
    plan = plans_support.active(
        township_worker, county_leader, person, starts_on=starts, ends_on=starts + timedelta(90)
    )
    client = logged_in(township_worker)
    review_url = reverse("care:plan_review_new", args=[plan.pk])

    detail = client.get(reverse("care:plan_detail", args=[plan.pk])).content.decode()
    opened = client.get(review_url, follow=True)

    assert review_url not in detail
    shown = date_format(starts)  # 2026年12月26日
    assert f"计划自 {shown} 起实施，从当天起才能添加检查记录。" in detail
    assert opened.redirect_chain[-1][0] == reverse("care:plan_detail", args=[plan.pk])
    assert f'value="{today:%Y-%m-%d}"' not in opened.content.decode()
    assert f"计划自 {shown} 起实施" in opened.content.decode()


def test_a_running_plans_review_defaults_to_today_and_refuses_a_day_before_the_start(
    region: Region, township_worker: User, county_leader: User
) -> None:
    today = timezone.localdate()
    starts = today - timedelta(days=10)
    person = plans_support.pupil(township_worker, region.lengqi_school)
    plan = plans_support.active(township_worker, county_leader, person, starts_on=starts)
    client = logged_in(township_worker)
    url = reverse("care:plan_review_new", args=[plan.pk])

    form = client.get(url).content.decode()
    early = client.post(
        url,
        {
            "reviewed_on": f"{starts - timedelta(days=1):%Y-%m-%d}",
            "progress": "on_track",
            "notes": "按计划进行",
        },
    ).content.decode()

    assert re.search(rf'name="reviewed_on"[^>]*value="{today:%Y-%m-%d}"', form)
    assert f"检查日期早于计划开始日期（{date_format(starts)}）" in early  # 2026年11月26日
    assert 'value="按计划进行"' in early or "按计划进行</textarea>" in early
    assert not PlanReview.objects.exists()


# --- The pairing form's helpers ---------------------------------------------------------------


def _helper_options(html: str) -> list[str]:
    select = re.search(r'<select name="helper".*?</select>', html, re.S)
    assert select
    return [
        label.strip()
        for value, label in re.findall(r'<option value="(\d*)"[^>]*>(.*?)</option>', select[0])
        if value
    ]


def test_a_teacher_is_offered_her_schools_staff_by_name_not_the_whole_county(
    region: Region, township_worker: User, school_helper: User
) -> None:
    teacher = factories.user(
        unit=region.lengqi_school, role=Role.WORKER, username="teacher_wang", full_name="王老师"
    )
    factories.user(unit=region.office, role=Role.WORKER, username="cadre", full_name="民政干部")
    factories.user(unit=region.xinglong_school, role=Role.HELPER, full_name="兴隆老师")
    factories.user(unit=region.county, role=Role.LEADER, full_name="县领导")
    child = plans_support.pupil(teacher, region.lengqi_school)

    html = (
        logged_in(teacher).get(reverse("care:pairing_new") + f"?person={child.pk}").content.decode()
    )

    options = _helper_options(html)
    assert "王老师 · 冷碛镇中心小学" in options
    assert "测试用户 · 冷碛镇中心小学" in options  # the school's helper
    assert "县领导 · 泸定县" in options  # a unit above the school
    assert not any("民政干部" in o or "兴隆老师" in o for o in options)
    assert not any(name in o for o in options for name in ("teacher_wang", "school_helper"))


def test_a_county_clerk_still_finds_the_countys_cadres(
    region: Region, township_worker: User
) -> None:
    clerk = factories.user(unit=region.county, role=Role.WORKER, full_name="县民政股")
    factories.user(unit=region.office, role=Role.WORKER, full_name="民政干部")
    child = plans_support.pupil(township_worker, region.lengqi_school)
    url = reverse("care:pairing_new") + f"?person={child.pk}"

    options = _helper_options(logged_in(clerk).get(url).content.decode())
    township = _helper_options(logged_in(township_worker).get(url).content.decode())

    assert "民政干部 · 泸定县民政局" in options
    assert "民政干部 · 泸定县民政局" not in township
