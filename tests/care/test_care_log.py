"""The care log: quick entry from a phone, who may log for whom, bad input, editing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from guanai.accounts.models import User
from guanai.care import log as care_log
from guanai.care.log import selectors as log_selectors
from guanai.care.models import CareKind, CareRecord, CareRecordPerson, Parent
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.registry import services
from tests.care.log_support import data, on, pair, pupil, record, zh
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

TODAY = date(2026, 11, 25)  # a Wednesday
INPUT = re.compile(r"<input\b[^>]*>", re.S)


def _checked(html: str, name: str) -> list[str]:
    """Return the values of the ticked inputs called ``name`` in a page."""
    values = []
    for tag in INPUT.findall(html):
        value = re.search(r'value="([^"]*)"', tag)
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag) and value:
            values.append(value.group(1))
    return values


def test_paired_helper_logs_a_talk(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)

    talk = record(school_helper, [child], on_day=TODAY, study=4, mood=2, needs="缺冬衣")

    assert talk.author == school_helper
    assert talk.org_unit == region.lengqi_school
    assert (talk.study, talk.mood, talk.life) == (4, 2, None)
    met = CareRecordPerson.objects.get(record=talk)
    assert (met.person, met.kind, met.occurred_on) == (child, CareKind.TALK, TODAY)


def test_a_group_talk_meets_several_persons_once_each(
    region: Region, township_worker: User
) -> None:
    first, second = pupil(region.lengqi_school, "甲"), pupil(region.lengqi_school, "乙")

    talk = record(township_worker, [first, second], on_day=TODAY)

    assert sorted(talk.met.values_list("person__name", flat=True)) == ["乙", "甲"]


def test_the_same_person_twice_in_one_record_is_refused(
    region: Region, township_worker: User
) -> None:
    first, second = pupil(region.lengqi_school, "甲"), pupil(region.lengqi_school, "乙")

    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        record(township_worker, [first, second, first], on_day=TODAY)

    assert refused.value.field == "persons"
    assert str(refused.value.message) == "甲 被选了两次，每位对象只需选一次。"
    assert not CareRecord.objects.exists()


def test_a_worker_logs_for_persons_of_the_unit_without_a_pairing(
    region: Region, township_worker: User
) -> None:
    child = pupil(region.lengqi_school)

    record(township_worker, [child], CareKind.HOME_VISIT, on_day=TODAY)

    assert CareRecord.objects.get().kind == CareKind.HOME_VISIT


def test_a_helper_may_not_log_for_a_person_not_paired(
    region: Region, school_helper: User, other_township_worker: User
) -> None:
    child = pupil(region.lengqi_school)

    with pytest.raises(PermissionRefused):
        record(school_helper, [child], on_day=TODAY)
    with pytest.raises(PermissionRefused):
        record(other_township_worker, [child], on_day=TODAY)
    assert not CareRecord.objects.exists()


def test_an_ended_pairing_no_longer_allows_logging(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper, ended_on=date(2026, 6, 30))

    with pytest.raises(PermissionRefused):
        record(school_helper, [child], on_day=TODAY)


def test_an_archived_file_takes_no_care_record(region: Region, township_worker: User) -> None:
    child = pupil(region.lengqi_school)
    services.person_archive(acting_user=township_worker, person=child, reason="moved_away")

    with pytest.raises(ValidationFailed) as refused:
        record(township_worker, [child], on_day=TODAY)
    assert refused.value.field == "persons"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"occurred_on": date(2026, 11, 26)}, "occurred_on"),
        ({"follow_up_on": date(2026, 11, 24)}, "follow_up_on"),
        ({"ratings": {"mood": 6}}, "mood"),
        ({"ratings": {"study": 0}}, "study"),
        ({"summary": "  "}, "summary"),
        ({"kind": "chat"}, "kind"),
        ({"kind": CareKind.FAMILY_CALL, "minutes": 10}, "parent"),
        ({"kind": CareKind.FAMILY_CALL, "parent": Parent.MOTHER}, "minutes"),
        ({"kind": CareKind.FAMILY_CALL, "parent": "aunt", "minutes": 5}, "parent"),
        ({"kind": CareKind.FAMILY_CALL, "parent": Parent.MOTHER, "minutes": 601}, "minutes"),
    ],
)
def test_bad_records_are_refused_by_field(
    region: Region, township_worker: User, values: dict[str, object], field: str
) -> None:
    child = pupil(region.lengqi_school)
    values = {"kind": CareKind.TALK, "occurred_on": TODAY, **values}

    with on(TODAY), pytest.raises(ValidationFailed) as refused:
        care_log.care_record_add(acting_user=township_worker, persons=[child], data=data(**values))

    assert refused.value.field == field
    assert not CareRecord.objects.exists()


def test_a_family_call_keeps_the_parent_and_minutes_and_other_kinds_drop_them(
    region: Region, township_worker: User
) -> None:
    child = pupil(region.lengqi_school)

    call = record(
        township_worker, [child], CareKind.FAMILY_CALL, TODAY, parent=Parent.FATHER, minutes=15
    )
    talk = record(township_worker, [child], CareKind.TALK, TODAY, parent=Parent.FATHER, minutes=15)

    assert (call.parent, call.minutes) == (Parent.FATHER, 15)
    assert (talk.parent, talk.minutes) == ("", None)


# --- Pages --------------------------------------------------------------------------------


def test_quick_entry_opens_filled_in_for_the_person(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school, "李小花")
    pair(child, school_helper)
    client = logged_in(school_helper)

    with on(TODAY):
        page = client.get(f"{reverse('care:record_new')}?person={child.pk}&kind=family_call")

    html = page.content.decode()
    assert page.status_code == 200
    assert _checked(html, "persons") == [str(child.pk)]
    assert _checked(html, "kind") == ["family_call"]
    assert _checked(html, "mood") == [""]
    assert 'value="2026-11-25"' in html
    assert 'max="2026-11-25"' in html


def test_quick_entry_saves_and_returns_to_the_work_list(
    region: Region, school_helper: User
) -> None:
    child = pupil(region.lengqi_school, "李小花")
    pair(child, school_helper)
    client = logged_in(school_helper)

    with on(TODAY):
        response = client.post(
            reverse("care:record_new"),
            {
                "persons": [child.pk],
                "kind": "talk",
                "occurred_on": "2026-11-25",
                "summary": "谈了期中考试的准备。",
                "study": "3",
            },
            follow=True,
        )

    assert response.redirect_chain[-1][0] == reverse("care:worklist")
    talk = CareRecord.objects.get()
    assert (talk.summary, talk.study, talk.mood, talk.author) == (
        "谈了期中考试的准备。",
        3,
        None,
        school_helper,
    )
    expected = zh(
        "Saved: %(kind)s with %(names)s on %(date)s.",
        kind=zh("Heart-to-heart talk"),
        names="李小花",
        date="2026年11月25日",
    )
    assert expected in response.content.decode()


def test_quick_entry_for_a_person_not_paired_is_not_found(
    region: Region, school_helper: User
) -> None:
    child = pupil(region.lengqi_school)
    client = logged_in(school_helper)

    page = client.get(f"{reverse('care:record_new')}?person={child.pk}")
    posted = client.post(
        reverse("care:record_new"),
        {"persons": [child.pk], "kind": "talk", "occurred_on": "2026-11-20", "summary": "x"},
    )
    care_page = client.get(reverse("care:person_care", args=[child.pk]))

    assert (page.status_code, posted.status_code, care_page.status_code) == (404, 404, 404)
    assert not CareRecord.objects.exists()


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"occurred_on": "2026-11-26"}, "occurred_on", "The date cannot be in the future."),
        (
            {"follow_up_on": "2026-11-01"},
            "follow_up_on",
            "The follow-up date cannot be before the date of the talk or visit.",
        ),
        (
            {"kind": "family_call", "minutes": "10"},
            "parent",
            "For a family phone call, choose which parent was called.",
        ),
        ({"summary": ""}, "summary", "Write a few words about what was said or done."),
    ],
)
def test_bad_input_on_the_page_is_shown_in_chinese_and_nothing_saved(
    region: Region,
    school_helper: User,
    post: dict[str, str],
    field: str,
    message: str,
) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    form = {
        "persons": [child.pk],
        "kind": "talk",
        "occurred_on": "2026-11-25",
        "summary": "谈心",
        **post,
    }

    with on(TODAY):
        page = logged_in(school_helper).post(reverse("care:record_new"), form)

    assert page.status_code == 200
    assert zh(message) in page.content.decode()
    assert field in page.context["form"].errors
    assert not CareRecord.objects.exists()


def test_a_rating_of_six_is_refused_on_the_page(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    form = {
        "persons": [child.pk],
        "kind": "talk",
        "occurred_on": "2026-11-25",
        "summary": "谈心",
        "mood": "6",
    }

    with on(TODAY):
        page = logged_in(school_helper).post(reverse("care:record_new"), form)

    assert page.status_code == 200
    assert "mood" in page.context["form"].errors
    assert not CareRecord.objects.exists()


def test_the_author_edits_a_record_and_the_copies_follow(
    region: Region, school_helper: User
) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    talk = record(school_helper, [child], on_day=date(2026, 11, 20))

    with on(TODAY):
        response = logged_in(school_helper).post(
            reverse("care:record_edit", args=[talk.pk]),
            {
                "kind": "home_visit",
                "occurred_on": "2026-11-21",
                "summary": "改为家访：奶奶身体不好。",
                "version": "1",
            },
        )

    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.kind, talk.occurred_on, talk.version) == ("home_visit", date(2026, 11, 21), 2)
    met = talk.met.get()
    assert (met.kind, met.occurred_on) == ("home_visit", date(2026, 11, 21))


def test_a_stale_edit_is_refused_and_changes_nothing(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    talk = record(school_helper, [child], on_day=date(2026, 11, 20))
    with on(TODAY):
        care_log.care_record_update(
            acting_user=school_helper, record=talk, version=1, data=data(summary="第一次修改")
        )

    with on(TODAY), pytest.raises(StaleEdit):
        care_log.care_record_update(
            acting_user=school_helper, record=talk, version=1, data=data(summary="过时的修改")
        )
    with on(TODAY):
        page = logged_in(school_helper).post(
            reverse("care:record_edit", args=[talk.pk]),
            {"kind": "talk", "occurred_on": "2026-11-20", "summary": "过时", "version": "1"},
        )

    talk.refresh_from_db()
    assert (talk.summary, talk.version) == ("第一次修改", 2)
    message = (
        "Someone else saved this record after you opened it. Reload it and make your change again."
    )
    assert zh(message) in page.content.decode()


def test_only_the_author_edits_a_record(
    region: Region, school_helper: User, township_worker: User
) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    talk = record(school_helper, [child], on_day=date(2026, 11, 20))

    page = logged_in(township_worker).get(reverse("care:record_edit", args=[talk.pk]))
    with on(TODAY), pytest.raises(PermissionRefused):
        care_log.care_record_update(
            acting_user=township_worker, record=talk, version=1, data=data(summary="改")
        )

    assert page.status_code == 404
    talk.refresh_from_db()
    assert talk.version == 1


def test_records_are_never_deleted_through_the_pages(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    talk = record(school_helper, [child], on_day=date(2026, 11, 20))

    edit = reverse("care:record_edit", args=[talk.pk])
    page = logged_in(school_helper).get(edit).content.decode()

    with translation.override("en"):
        assert "Delete" not in page
    assert CareRecord.objects.filter(pk=talk.pk).exists()


# --- The person's care page -------------------------------------------------------------


def test_the_care_page_shows_records_risk_and_rules(
    region: Region, school_helper: User, township_worker: User
) -> None:
    child = pupil(region.lengqi_school, "李小花")
    pair(child, school_helper)
    record(school_helper, [child], on_day=date(2026, 11, 20), summary="谈了学习", mood=2)

    with on(TODAY):
        page = logged_in(school_helper).get(reverse("care:person_care", args=[child.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "谈了学习" in html
    assert reverse("care:record_edit", args=[page.context["records"][0].pk]) in html
    assert reverse("care:risk_propose", args=[child.pk]) in html
    assert page.context["trend_rows"][2][1] == [2]


def test_the_care_page_runs_as_many_queries_for_many_records(
    region: Region, school_helper: User
) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    others = [pupil(region.lengqi_school, f"同学{n}") for n in range(3)]
    for other in others:
        pair(other, school_helper)
    record(school_helper, [child], on_day=date(2026, 11, 2))
    client = logged_in(school_helper)
    url = reverse("care:person_care", args=[child.pk])

    with on(TODAY), count_queries() as few:
        client.get(url)
    for n in range(12):
        record(school_helper, [child, *others], on_day=date(2026, 11, 3 + n), mood=3)
    with on(TODAY), count_queries() as many:
        page = client.get(url)

    assert len(page.context["records"]) == 10
    assert_same_query_count(few, many)


def test_the_edit_form_names_the_persons_met_and_keeps_them(
    region: Region, school_helper: User
) -> None:
    child = pupil(region.lengqi_school, "李小花")
    pair(child, school_helper)
    talk = record(school_helper, [child], on_day=date(2026, 11, 20), mood=3)

    page = logged_in(school_helper).get(reverse("care:record_edit", args=[talk.pk]))

    assert page.status_code == 200
    assert "李小花" in page.content.decode()
    assert _checked(page.content.decode(), "mood") == ["3"]
    assert 'name="persons"' not in page.content.decode()


def test_saving_goes_back_only_to_a_page_of_this_site(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    client = logged_in(school_helper)
    form = {"persons": [child.pk], "kind": "talk", "occurred_on": "2026-11-25", "summary": "谈心"}
    care_page = reverse("care:person_care", args=[child.pk])

    with on(TODAY):
        inside = client.post(f"{reverse('care:record_new')}?next={care_page}", form)
        outside = client.post(reverse("care:record_new"), {**form, "next": "https://evil.example/"})

    assert inside.url == care_page
    assert outside.url == reverse("care:worklist")


def test_the_record_form_says_how_many_paired_persons_it_does_not_list(
    region: Region, school_helper: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log_selectors, "OFFERED_PERSONS", 1)
    for name in ("甲", "乙", "丙"):
        pair(pupil(region.lengqi_school, name), school_helper)

    with translation.override("zh-hans"):
        page = logged_in(school_helper).get(
            reverse("care:record_new"), HTTP_ACCEPT_LANGUAGE="zh-hans"
        )

    assert [p.name for p, _checked in page.context["options"]] == ["丙"]
    # Below the list of persons, where the user looks for the missing ones; not a banner.
    note = page.content.decode().split('data-testid="unlisted">')[1].split("</div>")[0]
    assert note == (
        "另有 2 名与您结对的对象未在此列出（本表最多列出 1 人）；请从其个人页面打开本表。"
    )
    assert not list(page.context["messages"])
    # Opened for one person (the work list's button): the note is inside "also met others".
    first = page.context["options"][0][0]
    with translation.override("zh-hans"):
        one = logged_in(school_helper).get(
            reverse("care:record_new"), {"person": first.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    folded = one.content.decode().split("<details")[1].split("</details>")[0]
    assert 'data-testid="unlisted"' in folded
