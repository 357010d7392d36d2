"""The work list's filters (kind, status, class, name), kept in the URL and refused when
unknown; the most urgent first; labels that cannot contradict; a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import User
from guanai.care import worklist
from guanai.care.models import CareKind
from guanai.care.work_filters import WorkFilter
from guanai.registry.models import Category
from tests.api.conftest import bearer
from tests.care.log_support import on, pair, pupil, record, rule, zh
from tests.care.worklist_support import (
    MONTH_END,
    TODAY,
    ClassList,
    card,
    class_list,
    shown,
    zh_date,
)
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

URL = "/care/"


@pytest.fixture
def pupils(region: Region, school_helper: User) -> ClassList:
    return class_list(region, school_helper)


def _get(client: Client, params: dict[str, Any] | None = None, **extra: Any) -> Any:
    with on(TODAY):
        return client.get(reverse("care:worklist"), params or {}, **extra)


def _ids(*persons: Any) -> list[str]:
    return [str(p.pk) for p in persons]


def test_the_url_is_the_work_list() -> None:
    assert reverse("care:worklist") == URL


def test_the_most_urgent_come_first_overdue_then_the_soonest_deadline(
    school_helper: User, pupils: ClassList
) -> None:
    html = _get(logged_in(school_helper)).content.decode()

    # Roster order would be 李, 王, 赵, 周; the call due on Sunday comes before the
    # talk due on the 30th.
    assert shown(html) == _ids(pupils.overdue, pupils.call_due, pupils.due, pupils.done)


@pytest.mark.parametrize(
    ("params", "expected", "rules"),
    [
        ({"kind": "talk"}, ("overdue", "due", "done", "call_due"), {"monthly-talk"}),
        ({"kind": "home_visit"}, ("overdue", "due", "done", "call_due"), {"visit-90"}),
        ({"kind": "family_call"}, ("call_due",), {"weekly-call"}),
        ({"kind": "letter"}, (), set()),
        ({"status": "overdue"}, ("overdue",), {"monthly-talk", "visit-90"}),
        ({"status": "due"}, ("call_due", "due"), {"weekly-call", "monthly-talk", "visit-90"}),
        ({"status": "done"}, ("done", "call_due"), {"monthly-talk", "visit-90"}),
        ({"q": "wxm"}, ("due",), {"monthly-talk", "visit-90"}),
        ({"q": "wangxiao"}, ("due",), {"monthly-talk", "visit-90"}),
        ({"q": "小明"}, ("due",), {"monthly-talk", "visit-90"}),
    ],
)
def test_each_filter_narrows_the_list(
    school_helper: User,
    pupils: ClassList,
    params: dict[str, str],
    expected: tuple[str, ...],
    rules: set[str],
) -> None:
    page = _get(logged_in(school_helper), params)

    assert page.status_code == 200
    html = page.content.decode()
    assert set(shown(html)) == {str(getattr(pupils, name).pk) for name in expected}
    work = page.context["work"]
    assert {i.rule.code for row in work.rows for i in row.items} == rules
    if not expected:
        assert zh("No one on your work list matches these filters.") in html


def test_the_class_filter_offers_the_classes_of_the_list(
    region: Region, school_helper: User, pupils: ClassList
) -> None:
    client = logged_in(school_helper)
    html = _get(client).content.decode()
    key = f"{region.lengqi_school.pk}:三年级:3班"
    assert f'<option value="{key}"' in html
    assert "冷碛小学 三年级3班" in html or f"{region.lengqi_school.name} 三年级3班" in html

    page = _get(client, {"class": key})

    assert shown(page.content.decode()) == _ids(pupils.done)


def test_the_filters_combine(region: Region, school_helper: User, pupils: ClassList) -> None:
    client = logged_in(school_helper)
    second = f"{region.lengqi_school.pk}:三年级:2班"

    due_talks = _get(client, {"kind": "talk", "status": "due", "class": second})
    overdue_visits = _get(client, {"kind": "home_visit", "status": "overdue", "q": "zxj"})
    nobody = _get(client, {"status": "due", "class": f"{region.lengqi_school.pk}:三年级:3班"})

    assert shown(due_talks.content.decode()) == _ids(pupils.due)
    (row,) = due_talks.context["work"].rows
    assert [i.rule.code for i in row.items] == ["monthly-talk"]
    assert shown(overdue_visits.content.decode()) == _ids(pupils.overdue)
    assert shown(nobody.content.decode()) == []


def test_the_filters_are_kept_in_the_form_the_record_links_and_the_pages(
    region: Region, school_helper: User, pupils: ClassList
) -> None:
    """Not 赵小军 ("zhao…"): "x" finds the new pupils ("xinsheng…") only."""
    for n in range(51):
        pair(pupil(region.lengqi_school, f"新生{n}"), school_helper)
    client = logged_in(school_helper)
    params = {"kind": "talk", "status": "overdue", "q": "x"}

    html = _get(client, params).content.decode()

    assert '<option value="talk" selected>' in html
    assert '<option value="overdue" selected>' in html
    assert 'name="q"' in html and 'value="x"' in html
    # The 51 new pupils (all overdue, all "xinsheng" in pinyin): two pages.
    assert "page=2" in html
    next_link = next(part.split('"', 1)[0] for part in html.split('href="')[1:] if "page=2" in part)
    assert parse_qs(urlsplit(next_link.replace("&amp;", "&")).query) == {
        "kind": ["talk"],
        "status": ["overdue"],
        "q": ["x"],
        "page": ["2"],
    }
    second = _get(client, {**params, "page": "2"})
    assert second.status_code == 200
    assert len(second.context["work"].rows) == 1
    # Each record link carries the list, to come back to it.
    listed = shown(html)[0]
    link = html.split(f"{reverse('care:record_new')}?person={listed}&amp;", 1)[1]
    query = parse_qs(urlsplit("?" + link.split('"', 1)[0].replace("&amp;", "&")).query)
    assert query["kind"] == ["talk"]
    assert parse_qs(query["list"][0]) == {
        "kind": ["talk"],
        "status": ["overdue"],
        "q": ["x"],
        "page": ["1"],
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "walk"}, "There is no kind of care “%(value)s”; choose one from the list."),
        ({"status": "late"}, "There is no status “%(value)s”; choose one from the list."),
        (
            {"class": "1:三年级:9班"},
            "No one on your work list is in the class “%(value)s”; choose one from the list.",
        ),
        ({"all": "yes"}, "There is no list “%(value)s”."),
    ],
)
def test_an_unknown_filter_value_is_refused_with_a_message(
    school_helper: User, pupils: ClassList, params: dict[str, str], message: str
) -> None:
    client = logged_in(school_helper)

    page = _get(client, params)

    assert page.status_code == 400
    html = page.content.decode()
    (value,) = params.values()
    assert zh(message, value=value) in html
    assert shown(html) == []
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _get(client, params).content.decode()
    assert (message % {"value": value}).replace("“", "&ldquo;") in english.replace("“", "&ldquo;")


def test_an_over_long_search_is_refused_not_cut(school_helper: User, pupils: ClassList) -> None:
    page = _get(logged_in(school_helper), {"q": "王" * 41})

    assert page.status_code == 400
    assert shown(page.content.decode()) == []
    assert page.context["form"].errors["q"]


def test_a_missed_previous_period_reads_so_beside_this_periods_deadline(
    school_helper: User, pupils: ClassList
) -> None:
    html = _get(logged_in(school_helper)).content.decode()
    late = card(html, pupils.overdue)
    due = card(html, pupils.due)

    this_period = zh("This period due by %(date)s", date=zh_date(MONTH_END))
    # 赵小军's talk: last month missed, this month's deadline its own line.
    assert f"{zh('Previous period missed')} 每月谈心 {this_period}" in late
    # The visit never made is plainly overdue, with no deadline ahead to contradict it.
    assert f"{zh('Overdue')} 每90天家访 {zh('Never recorded')}" in late
    assert f"{zh('Due')} 每月谈心 {this_period}" in due
    assert f"{zh('Due')} 每90天家访 {zh('Due by %(date)s', date=zh_date(MONTH_END))}" in due
    assert zh("Previous period missed") not in due


def test_a_rolling_rule_past_its_deadline_says_when_it_was_due(
    region: Region, school_helper: User, pupils: ClassList
) -> None:
    record(school_helper, [pupils.overdue], CareKind.HOME_VISIT, date(2026, 8, 1))

    html = _get(logged_in(school_helper)).content.decode()

    assert zh("Was due by %(date)s", date=zh_date(date(2026, 10, 30))) in card(html, pupils.overdue)


# --- The API ---------------------------------------------------------------------------


def _api(user: User, params: dict[str, str]) -> Any:
    with on(TODAY):
        return Client().get("/api/care/worklist", params, headers=bearer(user))


def test_the_api_takes_the_same_filters_in_the_same_shape(
    region: Region, school_helper: User, pupils: ClassList
) -> None:
    whole = _api(school_helper, {}).json()
    due_talks = _api(
        school_helper,
        {"kind": "talk", "status": "due", "class": f"{region.lengqi_school.pk}:三年级:2班"},
    ).json()
    by_name = _api(school_helper, {"q": "lxh"}).json()

    assert set(due_talks) == set(whole)
    assert [p["person"]["id"] for p in due_talks["persons"]] == [pupils.due.pk]
    assert [i["code"] for i in due_talks["persons"][0]["items"]] == ["monthly-talk"]
    assert set(due_talks["persons"][0]) == set(whole["persons"][0])
    assert [p["person"]["id"] for p in by_name["persons"]] == [pupils.done.pk]


@pytest.mark.parametrize("params", [{"kind": "walk"}, {"status": "late"}, {"q": "王" * 41}])
def test_the_api_refuses_unknown_filter_values(
    school_helper: User, pupils: ClassList, params: dict[str, str]
) -> None:
    response = _api(school_helper, params)

    assert response.status_code == 422


def test_the_api_refuses_a_class_no_one_on_the_list_is_in(
    school_helper: User, pupils: ClassList
) -> None:
    response = _api(school_helper, {"class": "1:x:y"})

    assert response.status_code == 400
    message = "No one on your work list is in the class “%(value)s”; choose one from the list."
    # bearer() asks for English, as a script would.
    assert response.json()["detail"] == message % {"value": "1:x:y"}
    assert response.json()["field"] == "class"


# --- Queries ---------------------------------------------------------------------------


def test_a_filtered_list_runs_as_many_queries_for_many_persons_as_for_one(
    region: Region, township_worker: User
) -> None:
    rule(region.county, "monthly-talk", period="month", kinds="talk")
    client = logged_in(township_worker)
    key = f"{region.lengqi_school.pk}:三年级:2班"
    params = {"all": "1", "kind": "talk", "status": "overdue", "class": key, "q": "xs"}

    def add(start: int, count: int) -> None:
        for n in range(start, start + count):
            person = pupil(region.lengqi_school, f"学生{n}", categories=(Category.ORPHAN,))
            pair(person, township_worker)

    add(0, 1)
    with count_queries() as one:
        first = _get(client, params)
    add(1, 30)
    with count_queries() as many:
        again = _get(client, params)

    assert (len(first.context["work"].rows), len(again.context["work"].rows)) == (1, 31)
    assert_same_query_count(one, many)


def test_the_selector_filters_as_the_page_does(
    region: Region, school_helper: User, pupils: ClassList
) -> None:
    work = worklist.worklist(
        school_helper, today=TODAY, filters=WorkFilter(kind="family_call", status="due")
    )
    assert [r.person for r in work.rows] == [pupils.call_due]
    found = worklist.next_due(school_helper, today=TODAY, filters=WorkFilter(kind="talk"))
    assert found is not None and found[0] == pupils.overdue


def test_the_persons_care_page_uses_the_same_labels(school_helper: User, pupils: ClassList) -> None:
    with on(TODAY):
        page = logged_in(school_helper).get(reverse("care:person_care", args=[pupils.overdue.pk]))

    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    this_period = zh("This period due by %(date)s", date=zh_date(MONTH_END))
    assert f"{zh('Previous period missed')} 每月谈心 {this_period}" in text


def test_a_county_sized_list_filters_by_status_page_by_page_and_says_so(
    school_helper: User, pupils: ClassList, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worklist, "URGENCY_SORT_LIMIT", 2)
    client = logged_in(school_helper)

    due = _get(client, {"status": "due"})
    narrowed = _get(client, {"status": "due", "q": "wxm"})

    assert set(shown(due.content.decode())) == set(_ids(pupils.due, pupils.call_due))
    assert 'data-testid="filtered-by-page"' in due.content.decode()
    # Narrowed by name to fewer persons than the limit, the whole list is evaluated.
    assert shown(narrowed.content.decode()) == _ids(pupils.due)
    assert 'data-testid="filtered-by-page"' not in narrowed.content.decode()


def test_a_rolling_rule_done_says_when_the_next_is_due(
    school_helper: User, pupils: ClassList
) -> None:
    with on(TODAY):
        page = logged_in(school_helper).get(reverse("care:person_care", args=[pupils.done.pk]))

    # Visited on 2026-11-01: the next visit of the 90-day rule is due by 2027-01-30.
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert f"每90天家访 {zh('Next due by %(date)s', date=zh_date(date(2027, 1, 30)))}" in text
