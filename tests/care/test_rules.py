"""Frequency rules: the evaluation of one rule (with hypothesis), where rules hold, the
seeded rules of the plans, and leaders writing and overriding rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.care import rules as care_rules
from guanai.care.models import FrequencyRule, Period, RuleTarget
from guanai.care.periods import (
    DUE_SOON_DAYS,
    Status,
    Tally,
    evaluate,
    merge,
    period_bounds,
    tally_of_dates,
)
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from tests import factories
from tests.care.log_support import rule, zh
from tests.conftest import Region, logged_in
from tests.support.queries import assert_num_queries

days_ = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
calendar_periods = st.sampled_from([Period.WEEK, Period.MONTH, Period.YEAR])


def _same_period(period: str, a: date, b: date) -> bool:
    """An oracle of calendar periods written differently from ``period_bounds``."""
    if period == Period.WEEK:
        return a.isocalendar()[:2] == b.isocalendar()[:2]
    if period == Period.MONTH:
        return (a.year, a.month) == (b.year, b.month)
    return a.year == b.year


def _a_day_of_the_previous_period(period: str, today: date) -> date:
    if period == Period.WEEK:
        return today - timedelta(days=7)
    if period == Period.MONTH:
        return today.replace(day=1) - timedelta(days=1)
    return date(today.year - 1, 6, 15)


@given(
    today=days_,
    period=calendar_periods,
    times=st.integers(1, 5),
    offsets=st.lists(st.integers(-800, 0), max_size=12),
)
def test_a_calendar_rule_counts_this_and_the_previous_period(
    today: date, period: str, times: int, offsets: list[int]
) -> None:
    dates = [today + timedelta(days=n) for n in offsets]
    subject = FrequencyRule(period=period, times=times)

    outcome = evaluate(subject, tally_of_dates(dates, today), today)

    now = sum(1 for d in dates if _same_period(period, d, today))
    before_day = _a_day_of_the_previous_period(period, today)
    before = sum(1 for d in dates if _same_period(period, d, before_day))
    if now >= times:
        assert outcome.status == Status.DONE
    elif before < times:
        assert outcome.status == Status.OVERDUE
    else:
        assert outcome.status == Status.DUE
    assert (outcome.done, outcome.needed) == (now, times)
    assert outcome.deadline is not None
    assert _same_period(period, outcome.deadline, today)
    assert not _same_period(period, outcome.deadline + timedelta(days=1), today)


@given(today=days_, days=st.integers(1, 366), offsets=st.lists(st.integers(-800, 0), max_size=8))
def test_a_rolling_rule_is_due_in_the_week_before_its_deadline(
    today: date, days: int, offsets: list[int]
) -> None:
    dates = [today + timedelta(days=n) for n in offsets]
    subject = FrequencyRule(period=Period.DAYS, days=days, times=1)

    outcome = evaluate(subject, tally_of_dates(dates, today), today)

    if not dates:
        assert outcome.status == Status.OVERDUE
        return
    deadline = max(dates) + timedelta(days=days)
    assert outcome.deadline == deadline
    if today > deadline:
        assert outcome.status == Status.OVERDUE
    elif deadline - today <= timedelta(days=DUE_SOON_DAYS):
        assert outcome.status == Status.DUE
    else:
        assert outcome.status == Status.DONE


@given(
    today=days_,
    period=st.sampled_from(list(Period)),
    offsets=st.lists(st.integers(-800, 0), max_size=8),
)
def test_care_today_never_makes_a_rule_worse(today: date, period: str, offsets: list[int]) -> None:
    subject = FrequencyRule(period=period, days=28 if period == Period.DAYS else None, times=1)
    dates = [today + timedelta(days=n) for n in offsets]
    order = {Status.OVERDUE: 0, Status.DUE: 1, Status.DONE: 2}

    before = evaluate(subject, tally_of_dates(dates, today), today)
    after = evaluate(subject, tally_of_dates([*dates, today], today), today)

    assert order[after.status] >= order[before.status]
    assert after.status == Status.DONE


@given(
    today=days_,
    by_kind=st.lists(st.lists(st.integers(-800, 0), max_size=5), min_size=1, max_size=4),
)
def test_tallies_of_kinds_add_up_to_the_tally_of_all_records(
    today: date, by_kind: list[list[int]]
) -> None:
    kinds = [[today + timedelta(days=n) for n in offsets] for offsets in by_kind]

    merged = merge(tally_of_dates(dates, today) for dates in kinds)
    whole = tally_of_dates([d for dates in kinds for d in dates], today)

    assert merged.last == whole.last
    assert {k: v for k, v in merged.counts.items() if v} == {
        k: v for k, v in whole.counts.items() if v
    }


@pytest.mark.parametrize(
    ("period", "day", "bounds"),
    [
        (Period.WEEK, date(2026, 12, 27), (date(2026, 12, 21), date(2026, 12, 27))),
        (Period.WEEK, date(2026, 12, 28), (date(2026, 12, 28), date(2027, 1, 3))),
        (Period.MONTH, date(2028, 2, 29), (date(2028, 2, 1), date(2028, 2, 29))),
        (Period.MONTH, date(2027, 2, 14), (date(2027, 2, 1), date(2027, 2, 28))),
        (Period.MONTH, date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
        (Period.YEAR, date(2027, 1, 1), (date(2027, 1, 1), date(2027, 12, 31))),
    ],
)
def test_periods_follow_the_calendar(period: str, day: date, bounds: tuple[date, date]) -> None:
    assert period_bounds(period, day) == bounds


def test_a_helper_quota_is_done_between_its_bounds() -> None:
    quota = FrequencyRule(target=RuleTarget.HELPER, period=Period.WEEK, times=3, times_max=5)
    today = date(2026, 11, 25)

    two = evaluate(quota, Tally(counts={"week": 2, "prev_week": 4}), today)
    three = evaluate(quota, Tally(counts={"week": 3}), today)

    assert (two.status, two.done, two.needed) == (Status.DUE, 2, 3)
    assert three.status == Status.DONE


# --- Where rules hold -------------------------------------------------------------------


def test_seeding_gives_the_plans_rules_once(region: Region) -> None:
    made = care_rules.seed_default_rules(region.county)
    again = care_rules.seed_default_rules(region.county)

    assert made == 3 + 2 * 2  # the general rules, and two for each of the two schools
    assert again == 0
    held = {r.rule.code: r for r in care_rules.rules_in_force(region.lengqi_school)}
    assert set(held) == {
        "disabled-visit-yearly",
        "left-behind-family-call",
        "high-risk-weekly",
        "talk-every-4-weeks",
        "class-teacher-talks",
    }
    assert held["disabled-visit-yearly"].inherited
    assert held["disabled-visit-yearly"].origin == region.county
    talks = held["class-teacher-talks"].rule
    assert (talks.target, talks.helper_role, talks.kinds, talks.times, talks.times_max) == (
        "helper",
        "class_teacher",
        "talk",
        3,
        5,
    )
    assert not held["class-teacher-talks"].inherited
    assert {r.rule.code for r in care_rules.rules_in_force(region.ganlusi)} == {
        "disabled-visit-yearly",
        "left-behind-family-call",
        "high-risk-weekly",
    }


def test_a_unit_rule_replaces_its_ancestors_and_can_switch_it_off(region: Region) -> None:
    rule(region.county, "visit", period=Period.YEAR)
    rule(region.lengqi, "visit", period=Period.MONTH, name="每月家访")
    rule(region.county, "call", period=Period.MONTH)
    rule(region.lengqi_school, "call", period=Period.MONTH, active=False)

    school = care_rules.rules_in_force(region.lengqi_school)
    shown = care_rules.rules_in_force(region.lengqi_school, keep_off=True)
    other = care_rules.rules_in_force(region.xinglong_school)

    assert [(r.rule.code, r.rule.period, r.origin) for r in school] == [
        ("visit", "month", region.lengqi)
    ]
    assert {(r.rule.code, r.rule.active) for r in shown} == {("visit", True), ("call", False)}
    assert {(r.rule.code, r.rule.period) for r in other} == {("visit", "year"), ("call", "month")}


def test_the_rules_of_many_units_take_one_query(region: Region) -> None:
    rule(region.county, "visit")
    rule(region.lengqi, "visit")
    rule(region.xinglong_school, "call")
    paths = [region.lengqi_school.path, region.xinglong_school.path, region.ganlusi.path]

    with assert_num_queries(1):
        found = care_rules.rules_on_paths(paths)
        held = {p: care_rules.resolve(found, p) for p in paths}

    assert [r.origin for r in held[region.lengqi_school.path]] == [region.lengqi]
    assert len(held[region.xinglong_school.path]) == 2


# --- Writing rules ----------------------------------------------------------------------


@pytest.fixture
def school_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi_school, role=Role.LEADER, username="principal")


def _data(**values: object) -> care_rules.RuleData:
    base: dict[str, object] = {"code": "visit", "name": "每月家访", "period": Period.MONTH}
    return care_rules.RuleData(**{**base, **values})  # type: ignore[arg-type]


def test_a_leader_overrides_an_inherited_rule_for_the_school(
    region: Region, school_leader: User
) -> None:
    care_rules.seed_default_rules(region.county)

    care_rules.rule_create(
        acting_user=school_leader,
        unit=region.lengqi_school,
        data=_data(code="left-behind-family-call", name="每两周一次亲情电话", period="week"),
    )

    held = {r.rule.code: r for r in care_rules.rules_in_force(region.lengqi_school)}
    assert held["left-behind-family-call"].rule.name == "每两周一次亲情电话"
    assert not held["left-behind-family-call"].inherited


def test_only_leaders_write_rules(
    region: Region, school_leader: User, township_worker: User, county_leader: User
) -> None:
    with pytest.raises(PermissionRefused):
        care_rules.rule_create(acting_user=township_worker, unit=region.lengqi, data=_data())
    with pytest.raises(PermissionRefused):
        care_rules.rule_create(acting_user=school_leader, unit=region.lengqi, data=_data())

    care_rules.rule_create(acting_user=county_leader, unit=region.lengqi, data=_data())

    assert FrequencyRule.objects.get().org_unit == region.lengqi


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code": " "}, "code"),
        ({"name": ""}, "name"),
        ({"period": "fortnight"}, "period"),
        ({"period": "days"}, "days"),
        ({"period": "days", "days": 400}, "days"),
        ({"period": "days", "days": 14, "times": 2}, "times"),
        ({"times": 0}, "times"),
        ({"target": "helper", "times": 3, "times_max": 2}, "times_max"),
        ({"kinds": ["talk", "chat"]}, "kinds"),
        ({"category": "pensioner"}, "category"),
        # Refused, never cut (issue 13, 7): the limits are the columns'.
        ({"code": "c" * 41}, "code"),
        ({"name": "名" * 101}, "name"),
        ({"source": "源" * 101}, "source"),
    ],
)
def test_bad_rules_are_refused_by_field(
    region: Region, county_leader: User, values: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        care_rules.rule_create(acting_user=county_leader, unit=region.lengqi, data=_data(**values))

    assert refused.value.field == field
    assert not FrequencyRule.objects.exists()


def test_a_unit_has_one_rule_of_a_code(region: Region, county_leader: User) -> None:
    care_rules.rule_create(acting_user=county_leader, unit=region.lengqi, data=_data())

    with pytest.raises(ValidationFailed) as refused:
        care_rules.rule_create(acting_user=county_leader, unit=region.lengqi, data=_data())

    assert refused.value.field == "code"


def test_a_stale_rule_edit_is_refused(region: Region, county_leader: User) -> None:
    saved = care_rules.rule_create(acting_user=county_leader, unit=region.lengqi, data=_data())
    care_rules.rule_update(
        acting_user=county_leader, rule=saved, version=1, data=_data(name="每月两次家访", times=2)
    )

    with pytest.raises(StaleEdit):
        care_rules.rule_update(
            acting_user=county_leader, rule=saved, version=1, data=_data(name="过时")
        )

    saved.refresh_from_db()
    assert (saved.name, saved.times, saved.version) == ("每月两次家访", 2, 2)


# --- Pages ------------------------------------------------------------------------------


def test_the_rules_page_says_where_each_rule_comes_from(
    region: Region, school_leader: User
) -> None:
    care_rules.seed_default_rules(region.county)

    page = logged_in(school_leader).get(f"{reverse('care:rules')}?unit={region.lengqi_school.pk}")

    html = page.content.decode()
    assert page.status_code == 200
    assert zh("inherited from %(unit)s", unit="泸定县") in html
    assert "班主任每周与3—5名特殊群体学生谈一次心" in html
    inherited = FrequencyRule.objects.get(org_unit=region.county, code="high-risk-weekly")
    own = FrequencyRule.objects.get(org_unit=region.lengqi_school, code="class-teacher-talks")
    assert f"?unit={region.lengqi_school.pk}&amp;from={inherited.pk}" in html
    assert reverse("care:rule_edit", args=[own.pk]) in html
    assert reverse("care:rule_edit", args=[inherited.pk]) not in html


def test_a_helper_reads_the_rules_but_may_not_change_them(
    region: Region, school_helper: User
) -> None:
    care_rules.seed_default_rules(region.county)
    client = logged_in(school_helper)
    own = FrequencyRule.objects.get(org_unit=region.lengqi_school, code="class-teacher-talks")

    page = client.get(reverse("care:rules"))
    edit = client.get(reverse("care:rule_edit", args=[own.pk]))
    new = client.get(f"{reverse('care:rule_new')}?unit={region.lengqi_school.pk}")

    assert page.status_code == 200
    assert page.context["unit"] == region.lengqi_school
    assert reverse("care:rule_new") not in page.content.decode()
    assert (edit.status_code, new.status_code) == (404, 404)


def test_a_leader_switches_an_inherited_rule_off_from_the_page(
    region: Region, school_leader: User
) -> None:
    care_rules.seed_default_rules(region.county)
    inherited = FrequencyRule.objects.get(org_unit=region.county, code="high-risk-weekly")
    client = logged_in(school_leader)
    url = f"{reverse('care:rule_new')}?unit={region.lengqi_school.pk}&from={inherited.pk}"

    form = client.get(url).context["form"]
    values = {k: v for k, v in form.initial.items() if v is not None and k != "active"}
    response = client.post(url, values)

    assert form.initial["code"] == "high-risk-weekly"
    assert response.status_code == 302
    override = FrequencyRule.objects.get(org_unit=region.lengqi_school, code="high-risk-weekly")
    assert not override.active
    held = {r.rule.code for r in care_rules.rules_in_force(region.lengqi_school)}
    assert "high-risk-weekly" not in held


def test_a_bad_rule_on_the_page_is_shown_next_to_its_field(
    region: Region, county_leader: User
) -> None:
    url = f"{reverse('care:rule_new')}?unit={region.lengqi.pk}"
    post = {"code": "visit", "name": "家访", "target": "person", "period": "days", "times": "1"}

    page = logged_in(county_leader).post(url, post)

    assert page.status_code == 200
    assert "days" in page.context["form"].errors
    assert zh("Enter the number of days, from 1 to %(max)s.", max=366) in page.content.decode()
    assert not FrequencyRule.objects.exists()


def test_a_leader_edits_a_rule_of_the_unit_and_a_stale_form_is_refused(
    region: Region, county_leader: User
) -> None:
    saved = care_rules.rule_create(acting_user=county_leader, unit=region.lengqi, data=_data())
    client = logged_in(county_leader)
    url = reverse("care:rule_edit", args=[saved.pk])
    form = client.get(url).context["form"]
    values = {k: v for k, v in form.initial.items() if v is not None}
    values.update({"name": "每月两次家访", "times": "2"})

    first = client.post(url, values)
    stale = client.post(url, {**values, "name": "过时"})

    assert first.status_code == 302
    assert stale.status_code == 200
    message = "Someone else saved this rule after you opened it. Reload it and try again."
    assert zh(message) in stale.content.decode()
    saved.refresh_from_db()
    assert (saved.name, saved.times, saved.code, saved.version) == ("每月两次家访", 2, "visit", 2)
