"""The answers through the API and the fill page: sent twice stored once, refusals, scoping."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from guanai.core.models import AccessLog, AuditAction
from guanai.surveys.models import CaseStatus, Response
from tests import factories
from tests.support.queries import count_queries
from tests.surveys import support

pytestmark = pytest.mark.django_db

GOOD = {"guardian": "relative", "guardian_age": 45, "contact": "weekly", "lonely": "yes", "mood": 4}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    w = support.world()
    round_ = support.round_over(w, support.small_form())
    return w, round_.cases.get(person=w.children[0])


def _post(client: Client, case_id: int, body: dict) -> object:
    return client.post(
        f"/api/surveys/cases/{case_id}/answers", json.dumps(body), content_type="application/json"
    )


def test_a_set_sent_twice_is_stored_once_and_the_second_says_unchanged(setup) -> None:
    w, case = setup
    client = _client(w.township_worker)
    body = {
        "key": str(uuid.uuid4()),
        "answers": GOOD,
        "complete": True,
        "saved_at": timezone.now().isoformat(),
    }
    first = _post(client, case.pk, body)
    again = _post(client, case.pk, body)
    assert first.status_code == 200, first.content
    assert first.json()["changed"] is True and first.json()["case_status"] == "done"
    assert again.json()["changed"] is False and again.json()["sends"] == 2
    assert first.json()["problems"] == ["lonely"]
    assert Response.objects.count() == 1


def test_a_bad_answer_is_400_naming_the_question_and_nothing_is_saved(setup) -> None:
    w, case = setup
    body = {
        "key": str(uuid.uuid4()),
        "answers": {"contact": "daily"},
        "saved_at": timezone.now().isoformat(),
    }
    refused = _post(_client(w.township_worker), case.pk, body)
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Question 3 “与父母联系的频率”：choose one of the options."
    assert refused.json()["field"] == "contact"
    assert not Response.objects.exists()


def test_a_case_of_another_township_is_404_and_one_not_given_to_a_helper_403(setup) -> None:
    w, case = setup
    body = {
        "key": str(uuid.uuid4()),
        "answers": GOOD,
        "complete": True,
        "saved_at": timezone.now().isoformat(),
    }
    assert _post(_client(w.other_worker), case.pk, body).status_code == 404
    # A helper neither paired with the child nor given the case does not see it.
    assert _post(_client(w.helper), case.pk, body).status_code == 404
    case.assigned_to = w.helper
    case.save()
    assert _post(_client(w.helper), case.pk, body).status_code == 200
    viewer = factories.user(unit=w.township, role=factories.Role.VIEWER)
    assert _post(_client(viewer), case.pk, {**body, "key": str(uuid.uuid4())}).status_code == 403
    again = _post(_client(w.county_worker), case.pk, {**body, "key": str(uuid.uuid4())})
    assert again.status_code == 409


def test_reading_answers_is_logged(setup) -> None:
    w, case = setup
    client = _client(w.township_worker)
    assert client.get(f"/api/surveys/cases/{case.pk}/answers").status_code == 404
    body = {"key": str(uuid.uuid4()), "answers": GOOD, "saved_at": timezone.now().isoformat()}
    _post(client, case.pk, body)
    read = client.get(f"/api/surveys/cases/{case.pk}/answers")
    assert read.json()["answers"]["guardian"] == "relative"
    assert AccessLog.objects.filter(action=AuditAction.READ, object_id=str(case.pk)).exists()


def test_the_fill_page_shows_the_questions_and_may_be_kept_offline(setup) -> None:
    w, case = setup
    page = _client(w.township_worker).get(f"/surveys/cases/{case.pk}/fill/")
    assert page.status_code == 200
    assert page["X-Guanai-Offline"] == "1"
    text = page.content.decode()
    assert 'data-question="guardian_age"' in text
    assert 'data-show-question="guardian" data-show-values="grand|relative"' in text
    assert "与父母联系的频率" in text
    state = json.loads(
        text.split('id="survey-state" type="application/json">')[1].split("</script>")[0]
    )
    assert state["api"] == f"/api/surveys/cases/{case.pk}/answers" and state["key"] == ""


def test_the_fill_page_saves_without_javascript_and_refuses_a_missing_answer(setup) -> None:
    w, case = setup
    client = _client(w.township_worker)
    key = str(uuid.uuid4())
    missing = client.post(
        f"/surveys/cases/{case.pk}/fill/", {"key": key, "guardian": "grand", "finish": "1"}
    )
    assert missing.status_code == 400
    assert "this question must be answered" in missing.content.decode()
    assert not Response.objects.exists()
    done = client.post(
        f"/surveys/cases/{case.pk}/fill/",
        {
            "key": key,
            "guardian": "grand",
            "guardian_age": "66",
            "contact": "monthly",
            "needs": ["study", "talk"],
            "finish": "1",
        },
    )
    assert done.status_code == 302
    stored = Response.objects.get()
    assert stored.answers["needs"] == ["study", "talk"] and str(stored.key) == key
    case.refresh_from_db()
    assert case.status == CaseStatus.DONE


def test_the_fill_page_is_refused_to_whoever_may_not_fill(setup) -> None:
    w, case = setup
    assert _client(w.other_worker).get(f"/surveys/cases/{case.pk}/fill/").status_code == 404
    viewer = factories.user(unit=w.township, role=factories.Role.VIEWER)
    assert _client(viewer).get(f"/surveys/cases/{case.pk}/fill/").status_code == 403


def test_saving_costs_the_same_queries_whatever_the_answers(setup) -> None:
    w, case = setup
    client = _client(w.township_worker)
    other = case.round.cases.exclude(pk=case.pk).filter(org_unit=case.org_unit).first()
    small = {
        "key": str(uuid.uuid4()),
        "answers": {"guardian": "none"},
        "saved_at": timezone.now().isoformat(),
    }
    large = {
        "key": str(uuid.uuid4()),
        "answers": GOOD | {"note": "好", "needs": ["study", "talk"]},
        "saved_at": timezone.now().isoformat(),
    }
    with count_queries() as one:
        _post(client, case.pk, small)
    with count_queries() as many:
        _post(client, other.pk, large)
    assert len(one.captured_queries) == len(many.captured_queries)
