"""Survey rounds through the API: the same services, scoping and refusals as the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.registry.models import Person
from guanai.surveys.models import Case, CaseStatus, Round
from tests.api.conftest import bearer
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys.support import World, small_form, world
from tests.surveys.support_rounds import made_round

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


@pytest.fixture
def w() -> World:
    return world()


def api(user: User) -> Client:
    return Client(headers={**bearer(user), **EN})


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_create_list_read_and_close(w: World) -> None:
    form = small_form()
    client = api(w.township_worker)
    today = timezone.localdate()
    body = {
        "unit_id": w.township.pk,
        "title": "冬季摸底",
        "form_id": form.pk,
        "starts_on": f"{today:%Y-%m-%d}",
        "ends_on": f"{today + timedelta(days=30):%Y-%m-%d}",
    }
    made = post(client, "/api/survey-rounds", body)
    assert made.status_code == 201, made.content
    round_id = made.json()["id"]
    assert made.json()["status"] == "open"
    assert [r["id"] for r in client.get("/api/survey-rounds").json()["items"]] == [round_id]
    assert client.get(f"/api/survey-rounds/{round_id}").json()["title"] == "冬季摸底"

    closed = post(client, f"/api/survey-rounds/{round_id}/close", {"version": 1})
    assert closed.json()["status"] == "closed"
    stale = post(client, f"/api/survey-rounds/{round_id}/reopen", {"version": 1})
    assert stale.status_code == 409
    assert post(client, f"/api/survey-rounds/{round_id}/reopen", {}).json()["status"] == "open"


def test_bad_input_is_400_or_422_and_nothing_made(w: World) -> None:
    form = small_form()
    client = api(w.township_worker)
    today = timezone.localdate()
    body = {
        "unit_id": w.township.pk,
        "title": "冬季摸底",
        "form_id": form.pk,
        "starts_on": f"{today:%Y-%m-%d}",
        "ends_on": f"{today - timedelta(days=3):%Y-%m-%d}",
    }
    backwards = post(client, "/api/survey-rounds", body)
    assert backwards.status_code == 400
    assert backwards.json() == {
        "detail": "The round cannot end before it starts.",
        "field": "ends_on",
    }
    assert post(client, "/api/survey-rounds", {**body, "title": "长" * 101}).status_code == 422
    assert post(client, "/api/survey-rounds", {**body, "starts_on": "明天"}).status_code == 422
    other_form = small_form(owner=w.other_township)
    refused = post(client, "/api/survey-rounds", {**body, "form_id": other_form.pk})
    assert refused.status_code == 400 and refused.json()["field"] == "form_id"
    assert not Round.objects.exists()
    helper = post(api(w.helper), "/api/survey-rounds", {**body, "unit_id": w.school.pk})
    assert helper.status_code in (400, 403)
    assert not Round.objects.exists()


def test_cases_assign_progress_and_filters(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    client = api(w.township_worker)
    base = f"/api/survey-rounds/{round_.pk}"
    listing = client.get(f"{base}/cases").json()
    assert listing["count"] == 3  # the township's three, not 兴隆镇's
    school = [c["id"] for c in listing["items"] if c["unit"]["id"] == w.school.pk]

    assigned = post(client, f"{base}/assign", {"case_ids": school, "assignee_id": w.helper.pk})
    assert assigned.json() == {"changed": 2}
    mine = client.get(f"{base}/cases", {"assignee_id": w.helper.pk}).json()
    assert sorted(c["name"] for c in mine["items"]) == ["张小明", "李小红"]
    assert client.get(f"{base}/cases", {"unassigned": "true"}).json()["count"] == 1

    wrong = post(client, f"{base}/assign", {"case_ids": [], "assignee_id": w.helper.pk})
    assert wrong.status_code == 422
    outsider = post(
        client, f"{base}/assign", {"case_ids": school, "assignee_id": w.other_worker.pk}
    )
    assert outsider.status_code == 400

    village = next(c["id"] for c in listing["items"] if c["name"] == "王小刚")
    marked = post(client, f"/api/survey-cases/{village}/unreachable", {"reason": "已搬离"})
    assert marked.json()["status"] == "unreachable"
    progress = client.get(f"{base}/progress").json()
    assert progress["total"]["unreachable"] == 1
    assert progress["total"]["reasons"] == {"已搬离": 1}
    back = post(client, f"/api/survey-cases/{village}/unreachable", {"reason": ""})
    assert back.json()["status"] == "pending"
    too_long = post(client, f"/api/survey-cases/{village}/unreachable", {"reason": "远" * 201})
    assert too_long.status_code == 422
    assert Case.objects.get(pk=village).status == CaseStatus.PENDING


def test_found_and_register(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    client = api(w.township_worker)
    found = post(
        client,
        f"/api/survey-rounds/{round_.pk}/found",
        {"unit_id": w.village.pk, "name": "黄小新", "category": "left_behind"},
    )
    assert found.status_code == 201 and found.json()["found"] is True
    case_id = found.json()["id"]
    duplicate = post(
        client,
        f"/api/survey-cases/{case_id}/register",
        {"name": "黄小新", "id_number": w.children[0].id_number},
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == "This ID number is registered already (file of 张小明)."
    made = post(client, f"/api/survey-cases/{case_id}/register", {"name": "黄小新"})
    assert made.status_code == 201
    person = Person.objects.get(name="黄小新")
    assert made.json()["person_id"] == person.pk
    assert made.json()["case"]["person_id"] == person.pk
    again = post(client, f"/api/survey-cases/{case_id}/register", {"name": "黄小新"})
    assert again.status_code == 400


def test_scoping(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    case = round_.cases.first()
    assert case is not None
    other = api(w.other_worker)
    assert other.get(f"/api/survey-rounds/{round_.pk}").status_code == 404
    assert other.get(f"/api/survey-cases/{case.pk}").status_code == 404
    assert (
        post(other, f"/api/survey-cases/{case.pk}/unreachable", {"reason": "x"}).status_code == 404
    )
    assert Client().get("/api/survey-rounds").status_code == 401


def test_the_case_list_costs_the_same_queries_for_1_and_50(w: World) -> None:
    from tests import factories

    form = small_form()
    few = made_round(w.county_worker, w.other_township, form)
    for n in range(50):
        factories.person(w.village, f"多{n}", categories=["left_behind"])
    many = made_round(w.county_worker, w.township, form, title="多")
    client = api(w.county_worker)
    client.get(f"/api/survey-rounds/{few.pk}/cases")
    with count_queries() as small:
        client.get(f"/api/survey-rounds/{few.pk}/cases")
    with count_queries() as large:
        answer = client.get(f"/api/survey-rounds/{many.pk}/cases")
    assert answer.json()["count"] == 53
    assert_same_query_count(small, large)
