"""Plans, reviews, term evaluations, progress entries and the archive through the API:
the pages' rules and scoping, JSON errors, fixed query counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.care.models import AssistancePlan, PlanStatus, TermEvaluation
from guanai.care.plans import evaluations
from tests.api.conftest import bearer
from tests.care import plans_support as support
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

CURRENT = str(evaluations.term_of(timezone.localdate()))


def _plan_body(person_id: int, responsible_id: int, **values: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body = {
        "person_id": person_id,
        "domain": "study",
        "goals": "数学及格",
        "measures": "每周辅导两次",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=60)).isoformat(),
        "responsible_id": responsible_id,
    }
    body.update(values)
    return body


def _post(user: User, path: str, body: dict[str, Any]) -> Any:
    return Client().post(f"/api{path}", body, content_type="application/json", headers=bearer(user))


def _patch(user: User, path: str, body: dict[str, Any]) -> Any:
    return Client().patch(
        f"/api{path}", body, content_type="application/json", headers=bearer(user)
    )


def _get(user: User, path: str, **query: Any) -> Any:
    return Client().get(f"/api{path}", query, headers=bearer(user))


def test_a_plan_is_drafted_approved_reviewed_and_completed(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school, "张小明")

    created = _post(township_worker, "/care/plans", _plan_body(person.pk, township_worker.pk))
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["status"], plan["person"]["name"], plan["overdue"]) == ("draft", "张小明", False)

    refused = _post(township_worker, f"/care/plans/{plan['id']}/approve", {})
    assert refused.status_code == 403
    approved = _post(county_leader, f"/care/plans/{plan['id']}/approve", {})
    assert approved.status_code == 200
    assert approved.json()["status"] == "active"
    assert approved.json()["approved_by"]["id"] == county_leader.pk
    twice = _post(county_leader, f"/care/plans/{plan['id']}/approve", {})
    assert (twice.status_code, twice.json()["detail"]) == (400, "This plan is approved already.")

    early = _post(township_worker, f"/care/plans/{plan['id']}/close", {"status": "completed"})
    assert early.status_code == 400
    assert early.json()["detail"].startswith("Review the plan at least once")

    today = timezone.localdate().isoformat()
    review = {"reviewed_on": today, "progress": "achieved", "notes": "期中数学72分"}
    assert _post(township_worker, f"/care/plans/{plan['id']}/reviews", review).status_code == 201
    listed = _get(township_worker, f"/care/plans/{plan['id']}/reviews").json()
    assert [r["notes"] for r in listed["items"]] == ["期中数学72分"]

    no_note = _post(township_worker, f"/care/plans/{plan['id']}/close", {"status": "closed"})
    assert (no_note.status_code, no_note.json()["field"]) == (400, "closing_note")
    done = _post(township_worker, f"/care/plans/{plan['id']}/close", {"status": "completed"})
    assert done.json()["status"] == "completed"
    assert done.json()["last_reviewed_on"] == today


def test_bad_plan_input_is_refused_with_the_field(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    today = timezone.localdate()

    backwards = _post(
        township_worker,
        "/care/plans",
        _plan_body(person.pk, township_worker.pk, ends_on=(today - timedelta(days=1)).isoformat()),
    )
    stranger = _post(
        township_worker, "/care/plans", _plan_body(person.pk, other_township_worker.pk)
    )

    assert backwards.status_code == 400
    assert backwards.json() == {
        "detail": "The plan cannot end before it starts.",
        "field": "ends_on",
    }
    assert (stranger.status_code, stranger.json()["field"]) == (400, "responsible")
    assert not AssistancePlan.objects.exists()


def test_a_stale_plan_edit_answers_409(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.draft(township_worker, person)
    path = f"/care/plans/{plan.pk}"

    first = _patch(township_worker, path, {"version": plan.version, "goals": "语文阅读"})
    stale = _patch(township_worker, path, {"version": plan.version, "measures": "每天辅导"})

    assert first.status_code == 200
    assert (first.json()["goals"], first.json()["version"]) == ("语文阅读", plan.version + 1)
    assert stale.status_code == 409
    # It names what the first save changed, not the caller's own change.
    assert "(changed: goals)" in stale.json()["detail"]


def test_the_api_is_scoped_like_the_pages(
    region: Region, township_worker: User, other_township_worker: User, school_helper: User
) -> None:
    paired = support.pupil(township_worker, region.lengqi_school, "张小明")
    other = support.pupil(township_worker, region.lengqi_school, "赵小刚")
    support.pair(township_worker, paired, school_helper)
    mine = support.draft(township_worker, paired)
    theirs = support.draft(township_worker, other)

    assert _get(other_township_worker, "/care/plans").json()["count"] == 0
    for path in (
        f"/care/plans/{mine.pk}",
        f"/care/plans/{mine.pk}/reviews",
        f"/care/persons/{paired.pk}/progress-entries",
        f"/care/persons/{paired.pk}/progress-archive",
    ):
        assert _get(other_township_worker, path).status_code == 404, path
    assert _post(other_township_worker, f"/care/plans/{mine.pk}/approve", {}).status_code == 404
    created = _post(
        other_township_worker, "/care/plans", _plan_body(paired.pk, other_township_worker.pk)
    )
    assert created.status_code == 404

    names = [p["person"]["name"] for p in _get(school_helper, "/care/plans").json()["items"]]
    assert names == ["张小明"]
    assert _get(school_helper, f"/care/plans/{theirs.pk}").status_code == 404


def test_plan_list_filters(region: Region, township_worker: User, county_leader: User) -> None:
    support.draft(township_worker, support.pupil(township_worker, region.lengqi_school, "草稿生"))
    support.active(
        township_worker,
        county_leader,
        support.pupil(township_worker, region.lengqi_school, "执行生"),
        domain="health",
    )

    def names(user: User, **query: Any) -> list[str]:
        return [p["person"]["name"] for p in _get(user, "/care/plans", **query).json()["items"]]

    assert names(township_worker, status="active") == ["执行生"]
    assert names(township_worker, domain="study") == ["草稿生"]
    assert names(county_leader, waiting="true") == ["草稿生"]
    assert names(township_worker, waiting="true") == []
    assert names(township_worker, overdue="true") == []


def test_term_evaluations_one_a_term_with_a_version(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school, "张小明")
    body = {
        "person_id": person.pk,
        "term": CURRENT,
        "conduct": "good",
        "study": "fair",
        "life_skills": "good",
        "mental_state": "excellent",
        "comment": "进步明显",
    }

    created = _post(township_worker, "/care/evaluations", body)
    again = _post(township_worker, "/care/evaluations", {**body, "conduct": "poor"})
    malformed = _post(township_worker, "/care/evaluations", {**body, "term": "2025-2027-1"})

    assert created.status_code == 201
    evaluation = created.json()
    assert evaluation["term_label"] == evaluations.term_parse(CURRENT).label
    assert again.status_code == 400
    assert again.json()["detail"].endswith("already; edit that one instead.")
    assert malformed.status_code == 400
    assert TermEvaluation.objects.get().conduct == "good"

    path = f"/care/evaluations/{evaluation['id']}"
    edited = _patch(township_worker, path, {"version": 1, "study": "good"})
    stale = _patch(township_worker, path, {"version": 1, "study": "poor"})
    assert (edited.status_code, edited.json()["study"], edited.json()["version"]) == (
        200,
        "good",
        2,
    )
    assert stale.status_code == 409
    listed = _get(township_worker, "/care/evaluations", term=CURRENT).json()
    assert [e["person"]["name"] for e in listed["items"]] == ["张小明"]


def test_progress_entries_and_the_archive(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    support.active(township_worker, county_leader, person)
    today = timezone.localdate().isoformat()
    path = f"/care/persons/{person.pk}/progress-entries"

    created = _post(township_worker, path, {"kind": "award", "on": today, "title": "三好学生"})
    future = _post(
        township_worker, path, {"kind": "award", "on": "2099-01-01", "title": "三好学生"}
    )

    assert created.status_code == 201
    assert (future.status_code, future.json()["field"]) == (400, "on")
    assert [e["title"] for e in _get(township_worker, path).json()["items"]] == ["三好学生"]
    archive = _get(township_worker, f"/care/persons/{person.pk}/progress-archive").json()
    assert [i["kind"] for i in archive["items"]] == ["progress", "plan_started"]
    assert archive["years"] == [timezone.localdate().year]


def test_the_plan_list_runs_a_fixed_number_of_queries(
    region: Region, township_worker: User, county_leader: User
) -> None:
    headers = bearer(county_leader)
    client = Client()

    def add(count: int) -> None:
        for n in range(count):
            person = support.pupil(township_worker, region.lengqi_school, f"学生{n}")
            support.review(township_worker, support.active(township_worker, county_leader, person))

    add(1)
    client.get("/api/care/plans", headers=headers)
    with count_queries() as one:
        client.get("/api/care/plans", headers=headers)
    add(49)
    with count_queries() as fifty:
        items = client.get("/api/care/plans", headers=headers).json()["items"]

    assert len(items) == 50
    assert all(i["status"] == PlanStatus.ACTIVE for i in items)
    assert_same_query_count(one, fifty)
