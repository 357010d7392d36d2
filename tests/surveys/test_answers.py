"""Saving a case's answers: partial then finished, repeats stored once, bad answers refused,
the version kept, who may fill."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.surveys.answers import answers_save
from guanai.surveys.models import CaseStatus, FormStatus, FormVersion, Response, RoundStatus
from tests.surveys import support

pytestmark = pytest.mark.django_db

GOOD = {"guardian": "grand", "guardian_age": "72", "contact": "rarely", "needs": ["talk"]}


@pytest.fixture
def w() -> support.World:
    return support.world()


def _case(w: support.World, n: int = 0):  # type: ignore[no-untyped-def]
    round_ = support.round_over(w, support.small_form())
    return round_.cases.get(person=w.children[n])


def test_a_partial_then_a_finished_set_is_one_answer_set_and_the_case_is_done(w) -> None:
    case = _case(w)
    key = uuid.uuid4()
    now = timezone.now()
    first = answers_save(
        acting_user=w.township_worker,
        case=case,
        key=key,
        answers={"guardian": "grand"},
        complete=False,
        saved_at=now - timedelta(minutes=5),
    )
    assert first.changed and not first.response.complete
    case.refresh_from_db()
    assert case.status == CaseStatus.PENDING
    done = answers_save(
        acting_user=w.township_worker, case=case, key=key, answers=GOOD, complete=True, saved_at=now
    )
    assert Response.objects.count() == 1
    assert done.response.answers == {
        "guardian": "grand",
        "guardian_age": 72,
        "contact": "rarely",
        "needs": ["talk"],
    }
    assert done.response.problems == ["guardian_age", "contact:rarely", "needs:talk"]
    case.refresh_from_db()
    assert case.status == CaseStatus.DONE and case.done_at is not None
    logged = AccessLog.objects.filter(action=AuditAction.SURVEY_ANSWER, object_id=str(case.pk))
    assert logged.count() == 2


def test_the_same_set_sent_twice_is_stored_once(w) -> None:
    case = _case(w)
    key, now = uuid.uuid4(), timezone.now()
    for _ in range(3):
        saved = answers_save(
            acting_user=w.township_worker,
            case=case,
            key=key,
            answers=GOOD,
            complete=True,
            saved_at=now,
        )
    assert not saved.changed
    assert Response.objects.get().sends == 3
    assert AccessLog.objects.filter(action=AuditAction.SURVEY_ANSWER).count() == 1


def test_a_late_partial_save_does_not_reopen_a_finished_set(w) -> None:
    case = _case(w)
    key, now = uuid.uuid4(), timezone.now()
    answers_save(
        acting_user=w.township_worker, case=case, key=key, answers=GOOD, complete=True, saved_at=now
    )
    late = answers_save(
        acting_user=w.township_worker,
        case=case,
        key=key,
        answers={"guardian": "none"},
        complete=False,
        saved_at=now + timedelta(minutes=1),
    )
    assert not late.changed
    assert Response.objects.get().answers["guardian"] == "grand"


def test_another_phones_set_is_refused_once_the_first_is_finished(w) -> None:
    case = _case(w)
    now = timezone.now()
    answers_save(
        acting_user=w.township_worker,
        case=case,
        key=uuid.uuid4(),
        answers=GOOD,
        complete=True,
        saved_at=now,
    )
    with translation.override("en"), pytest.raises(StaleEdit, match="already finished"):
        answers_save(
            acting_user=w.county_worker,
            case=case,
            key=uuid.uuid4(),
            answers=GOOD,
            complete=True,
            saved_at=now,
        )


@pytest.mark.parametrize(
    ("answers", "complete", "message"),
    [
        ({"guardian": "grand"}, True, "Question 2 “监护人年龄”：this question must be answered."),
        ({"guardian": "uncle"}, False, "Question 1 “现在由谁监护”：choose one of the options."),
        ({"guardian": "grand", "guardian_age": "17"}, False, "enter a number from 18 to 100."),
        ({"mood": 6}, False, "choose 1 to 5."),
        ({"note": "长" * 201}, False, "at most 200 characters (201 given)."),
        ({"needs": "talk"}, False, "choose from the options."),
        ({"height": 1}, False, "The form has no question “height”."),
    ],
)
def test_bad_answers_are_refused_naming_the_question_and_nothing_is_saved(
    w, answers, complete, message
) -> None:
    case = _case(w)
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        answers_save(
            acting_user=w.township_worker,
            case=case,
            key=uuid.uuid4(),
            answers=answers,
            complete=complete,
            saved_at=timezone.now(),
        )
    assert message in str(refused.value.message)
    assert not Response.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.PENDING


def test_answers_to_a_question_the_skip_hides_are_dropped(w) -> None:
    case = _case(w)
    saved = answers_save(
        acting_user=w.township_worker,
        case=case,
        key=uuid.uuid4(),
        answers={"guardian": "none", "guardian_age": "80", "contact": "weekly"},
        complete=True,
        saved_at=timezone.now(),
    )
    assert saved.response.answers == {"guardian": "none", "contact": "weekly"}
    assert saved.response.problems == ["guardian:none"]


def test_answers_keep_the_version_they_were_given_on(w) -> None:
    case = _case(w)
    first = case.round.form
    key = uuid.uuid4()
    answers_save(
        acting_user=w.township_worker,
        case=case,
        key=key,
        answers={"guardian": "grand"},
        complete=False,
        saved_at=timezone.now() - timedelta(hours=1),
    )
    second = FormVersion.objects.create(
        questionnaire=first.questionnaire,
        number=2,
        definition=support.SMALL_FORM,
        status=FormStatus.PUBLISHED,
    )
    case.round.form = second
    case.round.save()
    case.refresh_from_db()
    saved = answers_save(
        acting_user=w.township_worker,
        case=case,
        key=key,
        answers=GOOD,
        complete=True,
        saved_at=timezone.now(),
    )
    assert saved.response.form == first
    other = case.round.cases.exclude(pk=case.pk).first()
    fresh = answers_save(
        acting_user=w.county_worker,
        case=other,
        key=uuid.uuid4(),
        answers=GOOD,
        complete=True,
        saved_at=timezone.now(),
    )
    assert fresh.response.form == second


def test_only_the_assigned_helper_or_a_worker_of_the_unit_fills_while_the_round_is_open(w) -> None:
    case = _case(w)
    with pytest.raises(PermissionRefused):
        answers_save(
            acting_user=w.helper,
            case=case,
            key=uuid.uuid4(),
            answers=GOOD,
            complete=True,
            saved_at=timezone.now(),
        )
    case.assigned_to = w.helper
    case.save()
    answers_save(
        acting_user=w.helper,
        case=case,
        key=uuid.uuid4(),
        answers=GOOD,
        complete=False,
        saved_at=timezone.now(),
    )
    case.round.status = RoundStatus.CLOSED
    case.round.save()
    case.refresh_from_db()
    with translation.override("en"), pytest.raises(PermissionRefused, match="closed"):
        answers_save(
            acting_user=w.helper,
            case=case,
            key=uuid.uuid4(),
            answers=GOOD,
            complete=True,
            saved_at=timezone.now(),
        )
    assert not Response.objects.get().complete


def test_a_set_saved_on_a_clock_far_ahead_is_refused(w) -> None:
    case = _case(w)
    with pytest.raises(ValidationFailed):
        answers_save(
            acting_user=w.township_worker,
            case=case,
            key=uuid.uuid4(),
            answers=GOOD,
            complete=True,
            saved_at=timezone.now() + timedelta(days=1),
        )
    assert not Response.objects.exists()
