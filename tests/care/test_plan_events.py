"""The plans' domain events and audited reads (issue 13, point 5), and the class page's save
as one service: a review and a progress entry each write their access-log row in the
service, a refused one writes none; the archive's read is logged by the service the page and
the API share; a class of evaluations is saved all or none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from guanai.accounts.models import User
from guanai.care.models import PlanProgress, ProgressEntry, TermEvaluation
from guanai.care.plans import evaluations, progress
from guanai.care.plans.terms import term_of
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Person
from tests.care import plans_support as support
from tests.conftest import Region


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_review_writes_its_audit_event(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.active(township_worker, county_leader, person)

    review = support.review(township_worker, plan, progress=PlanProgress.ON_TRACK)

    logged = AccessLog.objects.get(action=AuditAction.PLAN_REVIEW)
    assert logged.user == township_worker
    assert (logged.object_type, logged.object_id) == ("care.assistanceplan", str(plan.pk))
    assert logged.detail == {
        "review": review.pk,
        "person": person.pk,
        "reviewed_on": review.reviewed_on.isoformat(),
        "progress": PlanProgress.ON_TRACK,
    }


def test_a_refused_review_writes_no_audit_event(
    region: Region, township_worker: User, county_leader: User, other_township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    draft = support.draft(township_worker, person)
    plan = support.active(township_worker, county_leader, person)

    with pytest.raises(ValidationFailed):
        support.review(township_worker, draft)
    with pytest.raises(PermissionRefused):
        support.review(other_township_worker, plan)
    with pytest.raises(ValidationFailed):
        support.review(township_worker, plan, on=timezone.localdate() + timedelta(days=1))

    assert not AccessLog.objects.filter(action=AuditAction.PLAN_REVIEW).exists()


def _entry(user: User, person: Person, title: str = "校级三好学生") -> ProgressEntry:
    return progress.progress_entry_add(
        acting_user=user, person=person, kind="award", on=timezone.localdate(), title=title
    )


def test_a_progress_entry_writes_its_audit_event(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    entry = _entry(township_worker, person)

    logged = AccessLog.objects.get(action=AuditAction.PLAN_PROGRESS)
    assert logged.user == township_worker
    assert (logged.object_type, logged.object_id) == ("care.progressentry", str(entry.pk))
    assert logged.detail == {"person": person.pk, "kind": "award", "on": entry.on.isoformat()}


def test_a_refused_progress_entry_writes_no_audit_event(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    with pytest.raises(PermissionRefused):
        _entry(other_township_worker, person)
    with pytest.raises(ValidationFailed):
        _entry(township_worker, person, title="   ")
    with pytest.raises(ValidationFailed):
        _entry(township_worker, person, title="很" * (progress.TITLE_LIMIT + 1))

    assert not AccessLog.objects.filter(action=AuditAction.PLAN_PROGRESS).exists()
    assert not ProgressEntry.objects.exists()


def test_reading_the_archive_is_logged_by_the_shared_read(
    region: Region, township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    _entry(township_worker, person)

    timeline = progress.progress_archive_read(acting_user=township_worker, person=person)

    assert [item.title for item in timeline.items] == ["校级三好学生"]
    logged = AccessLog.objects.get(action=AuditAction.READ)
    assert (logged.user, logged.object_id) == (township_worker, str(person.pk))
    assert logged.detail == {"page": "progress_archive"}


# --- The class page's save ---------------------------------------------------------------


def test_a_class_is_saved_all_or_none(region: Region, township_worker: User) -> None:
    zhang = support.pupil(township_worker, region.lengqi_school, "张小明")
    li = support.pupil(township_worker, region.lengqi_school, "李小红")
    wang = support.pupil(township_worker, region.lengqi_school, "王小刚")
    term = term_of(timezone.localdate())
    blank = evaluations.EvaluationData(
        conduct="", study="", life_skills="", mental_state="", comment=""
    )
    rows = [
        evaluations.ClassRow(person=zhang, stored=None, data=support.evaluation_data()),
        evaluations.ClassRow(person=li, stored=None, data=support.evaluation_data(study="")),
        evaluations.ClassRow(person=wang, stored=None, data=blank),
    ]

    # When one row is refused, nothing is saved and the refused row is named.
    with pytest.raises(evaluations.RowsRefused) as refused:
        evaluations.evaluations_class_save(acting_user=township_worker, term=term, rows=rows)
    assert list(refused.value.errors) == [li.pk]
    assert str(refused.value.errors[li.pk].message) == "Give a grade for study."
    assert not TermEvaluation.objects.exists()

    # A row whose input could not be read refuses the whole save too.
    unreadable = [rows[0], evaluations.ClassRow(person=li, stored=None, data=None)]
    with pytest.raises(evaluations.RowsRefused) as refused:
        evaluations.evaluations_class_save(acting_user=township_worker, term=term, rows=unreadable)
    assert refused.value.errors == {}
    assert not TermEvaluation.objects.exists()

    # The filled rows are saved, the blank one passed over, and an unchanged one too.
    saved = evaluations.evaluations_class_save(
        acting_user=township_worker, term=term, rows=[rows[0], rows[2]]
    )
    assert saved == 1
    stored = TermEvaluation.objects.get()
    assert stored.person == zhang
    again = evaluations.ClassRow(
        person=zhang, stored=stored, data=support.evaluation_data(), version=stored.version
    )
    assert (
        evaluations.evaluations_class_save(acting_user=township_worker, term=term, rows=[again])
        == 0
    )
