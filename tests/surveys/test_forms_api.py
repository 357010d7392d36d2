"""Questionnaires through the API: list, read, create, copy, save a draft, publish, new
version — the services' rules (bad input 400, stale 409, published never changed) and
scoping (another township's worker gets 404), with a fixed number of queries."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client

from guanai.core.models import AccessLog, AuditAction
from guanai.surveys.models import FormStatus, FormVersion, Questionnaire
from guanai.surveys.seeded import SEEDED_DISABLED, SEEDED_LEFT_BEHIND
from tests.api.conftest import bearer
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys.support import SMALL_FORM, World, small_form, world

pytestmark = pytest.mark.django_db
FORMS = "/api/surveys/forms"


@pytest.fixture
def w() -> World:
    return world()


def call(method: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
    if body is None:
        return getattr(Client(), method)(path, headers=headers)
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


def test_the_list_shows_built_in_forms_first_with_their_versions(w: World) -> None:
    small_form(owner=w.school)
    listed = call("get", FORMS, bearer(w.township_worker)).json()
    titles = [item["title"] for item in listed["items"]]
    assert listed["count"] == 3
    assert set(titles[:2]) == {SEEDED_LEFT_BEHIND, SEEDED_DISABLED}
    assert listed["items"][0]["unit_id"] is None and listed["items"][0]["published"]["number"] == 1
    school = listed["items"][2]
    assert (school["unit_name"], school["draft"], school["can_edit"]) == (
        "冷碛镇中心小学",
        None,
        False,
    )
    assert call("get", FORMS, bearer(w.county_worker)).json()["items"][2]["can_edit"] is True


def test_the_list_costs_as_many_queries_for_one_form_as_for_many(w: World) -> None:
    small_form(owner=w.school)
    headers = bearer(w.county_worker)
    call("get", FORMS, headers)  # the token's first use is recorded once
    with count_queries() as few:
        assert call("get", FORMS, headers).json()["count"] == 3
    for n in range(30):
        version = small_form(owner=w.county if n % 2 else w.school)
        version.questionnaire.title = f"调查{n}"
        version.questionnaire.save()
        FormVersion.objects.create(questionnaire=version.questionnaire, number=2)
    with count_queries() as many:
        assert call("get", FORMS, headers).json()["count"] == 33
    assert_same_query_count(few, many)


def test_create_edit_publish_and_new_version(w: World) -> None:
    headers = bearer(w.county_worker)
    made = call(
        "post", FORMS, headers,
        {"unit_id": w.school.pk, "title": "学校调查", "categories": ["left_behind"]},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    draft = made.json()["versions"][0]
    assert (draft["number"], draft["status"], draft["edits"]) == (1, "draft", 0)
    path = f"/api/surveys/form-versions/{draft['id']}"
    saved = call("put", path, headers, {"definition": SMALL_FORM, "edits": 0})
    assert saved.status_code == 200 and saved.json()["edits"] == 1
    stale = call("put", path, headers, {"definition": SMALL_FORM, "edits": 0})
    assert stale.status_code == 409
    bad = copy.deepcopy(SMALL_FORM)
    bad["sections"][0]["questions"][1]["show_if"] = {"question": "contact", "in": ["weekly"]}
    refused = call("put", path, headers, {"definition": bad, "edits": 1})
    assert refused.status_code == 400
    assert "Question 2: it can be shown only after an earlier question" in refused.json()["detail"]
    published = call("post", f"{path}/publish", headers, {})
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert AccessLog.objects.filter(action=AuditAction.SURVEY_PUBLISH).count() == 1
    frozen = call("put", path, headers, {"definition": {"sections": []}, "edits": 1})
    assert frozen.status_code == 400 and "never changed" in frozen.json()["detail"]
    form_id = made.json()["id"]
    second = call("post", f"{FORMS}/{form_id}/versions", headers, {})
    assert second.status_code == 201
    assert [(v["number"], v["status"]) for v in second.json()["versions"]] == [
        (2, "draft"), (1, "published"),
    ]  # fmt: skip
    assert second.json()["versions"][0]["definition"] == SMALL_FORM
    again = call("post", f"{FORMS}/{form_id}/versions", headers, {})
    assert again.status_code == 400 and "draft already" in again.json()["detail"]
    assert FormVersion.objects.get(pk=draft["id"]).definition == SMALL_FORM


def test_bad_input_is_refused_and_nothing_is_made(w: World) -> None:
    headers = bearer(w.county_worker)
    before = Questionnaire.objects.count()
    for body, status in [
        ({"unit_id": w.school.pk, "title": "", "categories": ["left_behind"]}, 400),
        ({"unit_id": w.school.pk, "title": "长" * 101, "categories": ["left_behind"]}, 422),
        ({"unit_id": w.school.pk, "title": "调查", "categories": []}, 422),
        ({"unit_id": w.school.pk, "title": "调查", "categories": ["aliens"]}, 422),
        ({"unit_id": 10**9, "title": "调查", "categories": ["left_behind"]}, 400),
    ]:
        answer = call("post", FORMS, headers, body)
        assert answer.status_code == status, (body, answer.content)
    # a township worker writes no questionnaire; a helper neither
    body = {"unit_id": w.school.pk, "title": "调查", "categories": ["left_behind"]}
    assert call("post", FORMS, bearer(w.township_worker), body).status_code == 403
    assert call("post", FORMS, bearer(w.helper), body).status_code == 403
    assert Questionnaire.objects.count() == before


def test_copy_a_built_in_form_into_the_county(w: World) -> None:
    built_in = Questionnaire.objects.get(title=SEEDED_DISABLED)
    headers = bearer(w.county_worker)
    copied = call("post", f"{FORMS}/{built_in.pk}/copies", headers, {"unit_id": w.county.pk})
    assert copied.status_code == 201
    body = copied.json()
    assert (body["unit_id"], body["title"], body["versions"][0]["status"]) == (
        w.county.pk, SEEDED_DISABLED, "draft",
    )  # fmt: skip
    missing = call(
        "post", f"{FORMS}/{built_in.pk}/copies", headers, {"unit_id": w.county.pk, "version": 7}
    )
    assert missing.status_code == 400


def test_another_townships_worker_gets_404(w: World) -> None:
    version = small_form(owner=w.school)
    headers = bearer(w.other_worker)
    form_id = version.questionnaire_id
    assert call("get", f"{FORMS}/{form_id}", headers).status_code == 404
    assert call("post", f"{FORMS}/{form_id}/versions", headers, {}).status_code == 404
    assert (
        call(
            "post", f"{FORMS}/{form_id}/copies", headers, {"unit_id": w.other_township.pk}
        ).status_code
        == 404
    )
    path = f"/api/surveys/form-versions/{version.pk}"
    assert call("put", path, headers, {"definition": SMALL_FORM, "edits": 0}).status_code == 404
    assert call("post", f"{path}/publish", headers, {}).status_code == 404
    assert version.questionnaire.title not in str(call("get", FORMS, headers).json())
    # The helper of the school reads it, and may not change it
    helper = bearer(w.helper)
    assert (
        call("get", f"{FORMS}/{form_id}", helper).json()["versions"][0]["status"]
        == FormStatus.PUBLISHED
    )
    assert call("post", f"{FORMS}/{form_id}/versions", helper, {}).status_code == 403
