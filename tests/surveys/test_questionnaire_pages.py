"""The questionnaire pages, read in English: the list, a questionnaire with its preview,
create, copy, publish, new version, and the builder (sections and questions added, edited,
moved and deleted, each a POST of the whole definition; a fault shown beside the form)."""

from __future__ import annotations

import pytest

from guanai.surveys.models import FormStatus, FormVersion, Questionnaire
from guanai.surveys.seeded import SEEDED_LEFT_BEHIND
from tests.conftest import logged_in
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys.support import SMALL_FORM, World, small_form, world

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def w() -> World:
    return world()


def draft_of(w: World) -> FormVersion:
    questionnaire = Questionnaire.objects.create(
        org_unit=w.school, title="学校调查", categories=["left_behind"]
    )
    return FormVersion.objects.create(
        questionnaire=questionnaire,
        number=1,
        definition={"sections": [{"title": "一", "questions": []}]},
    )


def test_the_list_shows_built_in_forms_first_and_costs_a_fixed_number_of_queries(w: World) -> None:
    small_form(owner=w.school)
    client = logged_in(w.county_worker)
    client.get("/surveys/forms/")
    with count_queries() as few:
        page = client.get("/surveys/forms/", **EN).content.decode()
    assert page.index(SEEDED_LEFT_BEHIND) < page.index("留守儿童情况调查（测试）")
    assert "Built in" in page and "New questionnaire" in page
    for n in range(20):
        version = small_form(owner=w.county)
        Questionnaire.objects.filter(pk=version.questionnaire_id).update(title=f"调查{n}")
    with count_queries() as many:
        client.get("/surveys/forms/", **EN)
    assert_same_query_count(few, many)
    assert (
        "New questionnaire" not in logged_in(w.helper).get("/surveys/forms/", **EN).content.decode()
    )


def test_the_questionnaire_page_previews_the_questions(w: World) -> None:
    version = small_form(owner=w.school)
    page = (
        logged_in(w.helper)
        .get(f"/surveys/forms/{version.questionnaire_id}/", **EN)
        .content.decode()
    )
    assert "2. 监护人年龄" in page
    assert "Shown only when question 1 is answered 祖父母、其他亲属" in page
    assert "无人监护" in page and "Required" in page
    assert "Make a new version" not in page


def test_another_townships_worker_gets_404_and_a_helper_may_not_build(w: World) -> None:
    draft = draft_of(w)
    outsider = logged_in(w.other_worker)
    assert outsider.get(f"/surveys/forms/{draft.questionnaire_id}/").status_code == 404
    assert outsider.get(f"/surveys/forms/versions/{draft.pk}/builder/").status_code == 404
    assert outsider.post(f"/surveys/forms/versions/{draft.pk}/publish/").status_code == 404
    assert (
        logged_in(w.helper).get(f"/surveys/forms/versions/{draft.pk}/builder/").status_code == 403
    )
    assert (
        logged_in(w.township_worker).get(f"/surveys/forms/versions/{draft.pk}/json/").status_code
        == 403
    )


def test_create_then_build_a_question_with_options_and_problems(w: World) -> None:
    client = logged_in(w.county_worker)
    made = client.post(
        "/surveys/forms/new/",
        {"unit": w.county.pk, "title": "学校调查", "purpose": "", "categories": ["left_behind"]},
    )
    assert made.status_code == 302
    draft = FormVersion.objects.get(questionnaire__title="学校调查")
    question = {
        "edits": 0,
        "type": "single",
        "label": "现在由谁监护",
        "required": "on",
        "options": "祖父母\n无人监护 | 问题：无人监护\n",
        "domain": "life",
    }
    added = client.post(f"/surveys/forms/versions/{draft.pk}/sections/0/questions/new/", question)
    assert added.status_code == 302
    draft.refresh_from_db()
    q1 = draft.definition["sections"][0]["questions"][0]
    assert q1 == {
        "code": "q1",
        "type": "single",
        "label": "现在由谁监护",
        "required": True,
        "options": [
            {"value": "o1", "label": "祖父母"},
            {"value": "o2", "label": "无人监护", "problem": "无人监护"},
        ],
        "domain": "life",
    }
    # A second question shown only for 祖父母, with a threshold
    second = {
        "edits": 1, "type": "number", "label": "监护人年龄", "min": 18, "max": 100,
        "show_if": ["q1=o1"], "problem": "监护人年迈", "problem_at_least": 70,
    }  # fmt: skip
    assert (
        client.post(
            f"/surveys/forms/versions/{draft.pk}/sections/0/questions/new/", second
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    q2 = draft.definition["sections"][0]["questions"][1]
    assert (q2["code"], q2["show_if"], q2["problem_at_least"]) == (
        "q2",
        {"question": "q1", "in": ["o1"]},
        70,
    )
    # Editing q1 keeps the values of the options kept
    edit = {**question, "edits": 2, "options": "无人监护 | 问题：无人监护\n祖父母\n外祖父母"}
    assert client.post(f"/surveys/forms/versions/{draft.pk}/questions/q1/", edit).status_code == 302
    draft.refresh_from_db()
    options = draft.definition["sections"][0]["questions"][0]["options"]
    assert [(o["value"], o["label"]) for o in options] == [
        ("o2", "无人监护"),
        ("o1", "祖父母"),
        ("o3", "外祖父母"),
    ]
    # Delete q2, add another: its code is q3, never q2 again
    client.post(
        f"/surveys/forms/versions/{draft.pk}/builder/",
        {"edits": 3, "action": "question_delete", "target": "q2"},
    )
    third = {
        "edits": 4,
        "type": "yes_no",
        "label": "是否常感到孤独",
        "problem_if": "yes",
        "problem": "常感孤独",
    }
    assert (
        client.post(
            f"/surveys/forms/versions/{draft.pk}/sections/0/questions/new/", third
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert [q["code"] for q in draft.definition["sections"][0]["questions"]] == ["q1", "q3"]


def test_a_fault_is_shown_beside_the_form_and_nothing_is_saved(w: World) -> None:
    draft = draft_of(w)
    client = logged_in(w.county_worker)
    one_option = {"edits": 0, "type": "single", "label": "监护", "options": "祖父母"}
    answer = client.post(
        f"/surveys/forms/versions/{draft.pk}/sections/0/questions/new/", one_option, **EN
    )
    assert answer.status_code == 400
    assert "a choice needs at least two options" in answer.content.decode()
    stale = {"edits": 5, "type": "text", "label": "备注"}
    answer = client.post(
        f"/surveys/forms/versions/{draft.pk}/sections/0/questions/new/", stale, **EN
    )
    assert (
        answer.status_code == 400 and "Someone else changed this draft" in answer.content.decode()
    )
    draft.refresh_from_db()
    assert (draft.edits, draft.definition["sections"][0]["questions"]) == (0, [])


def test_sections_are_added_moved_and_deleted(w: World) -> None:
    draft = draft_of(w)
    client = logged_in(w.county_worker)
    url = f"/surveys/forms/versions/{draft.pk}/builder/"
    client.post(url, {"edits": 0, "action": "section_add"})
    client.post(f"/surveys/forms/versions/{draft.pk}/sections/1/", {"edits": 1, "title": "二"})
    client.post(url, {"edits": 2, "action": "section_up", "target": "1"})
    draft.refresh_from_db()
    assert [s["title"] for s in draft.definition["sections"]] == ["二", "一"]
    client.post(url, {"edits": 3, "action": "section_delete", "target": "0"})
    draft.refresh_from_db()
    assert [s["title"] for s in draft.definition["sections"]] == ["一"] and draft.edits == 4


def test_json_edit_publish_and_new_version(w: World) -> None:
    import json

    draft = draft_of(w)
    client = logged_in(w.county_worker)
    bad = client.post(
        f"/surveys/forms/versions/{draft.pk}/json/", {"edits": 0, "definition": "{"}, **EN
    )
    assert bad.status_code == 400 and "This is not JSON" in bad.content.decode()
    saved = client.post(
        f"/surveys/forms/versions/{draft.pk}/json/",
        {"edits": 0, "definition": json.dumps(SMALL_FORM, ensure_ascii=False)},
    )
    assert saved.status_code == 302
    assert client.post(f"/surveys/forms/versions/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == FormStatus.PUBLISHED and draft.definition == SMALL_FORM
    # The builder of a published version goes to its page
    assert client.get(f"/surveys/forms/versions/{draft.pk}/builder/").status_code == 302
    made = client.post(f"/surveys/forms/{draft.questionnaire_id}/new-version/")
    second = FormVersion.objects.get(questionnaire=draft.questionnaire, number=2)
    assert made["Location"].endswith(f"/surveys/forms/versions/{second.pk}/builder/")
    page = client.get(made["Location"], **EN).content.decode()
    assert "监护人年龄" in page and "Publish" in page


def test_copy_a_built_in_form_through_the_page(w: World) -> None:
    built_in = Questionnaire.objects.get(title=SEEDED_LEFT_BEHIND)
    client = logged_in(w.county_worker)
    assert client.get(f"/surveys/forms/{built_in.pk}/copy/").status_code == 200
    copied = client.post(f"/surveys/forms/{built_in.pk}/copy/", {"unit": w.county.pk})
    assert copied.status_code == 302
    assert Questionnaire.objects.filter(org_unit=w.county, title=SEEDED_LEFT_BEHIND).exists()
    assert (
        logged_in(w.township_worker).get(f"/surveys/forms/{built_in.pk}/copy/").status_code == 403
    )
