"""Warnings in bulk through the API (issue 14): the same rules and messages as the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.care.models import CareWarning, WarningStatus
from guanai.care.warnings import services
from tests import factories
from tests.api.conftest import bearer
from tests.care.warnings_bulk_support import warnings_in
from tests.care.warnings_support import pair
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db

BASE = "/api/care/warnings"
EN = {"Accept-Language": "en"}


def _post(user: User, path: str, body: dict[str, Any]) -> Any:
    return Client().post(
        f"{BASE}{path}", body, content_type="application/json", headers={**bearer(user), **EN}
    )


def _picks(warnings: list[CareWarning]) -> list[dict[str, int]]:
    return [{"id": w.pk, "version": w.version} for w in warnings]


def _statuses() -> set[str]:
    return set(CareWarning.objects.values_list("status", flat=True))


def test_bulk_acknowledge_answers_what_was_done_and_what_was_stale(
    region: Region, county_leader: User
) -> None:
    chosen = warnings_in(region.lengqi_school, 20)
    picks = _picks(chosen)
    services.warning_acknowledge(acting_user=county_leader, warning=chosen[0], note="先处理了")

    response = _post(county_leader, "/acknowledge", {"warnings": picks, "note": "统一处理"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["acknowledged"]) == 19
    item = body["acknowledged"][0]
    assert (item["status"], item["note"], item["version"]) == ("acknowledged", "统一处理", 2)
    assert body["stale"] == [
        {
            "id": chosen[0].pk,
            "status": "acknowledged",
            "version": 2,
            "person": {"id": chosen[0].person_id, "name": "张三"},
        }
    ]


def test_bulk_acknowledge_all_matching_a_filter(region: Region, county_leader: User) -> None:
    warnings_in(region.lengqi_school, 12)
    warnings_in(region.xinglong_school, 6, "李四")
    response = _post(
        county_leader,
        "/acknowledge",
        {"matching": {"kind": "no_care", "unit_id": region.lengqi.pk}, "note": "统一处理"},
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["acknowledged"]) == 2
    assert CareWarning.objects.filter(status="acknowledged").count() == 2


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"warnings": []}, 400, "Choose at least one warning."),
        ({"warnings": [{"id": 99999}]}, 400, "These warnings are not found among yours: 99999."),
        ({"note": "  "}, 400, "Write a note: what has been done or will be done about it."),
        ({"matching": {}}, 400, "Send either the warnings or a filter, not both."),
    ],
    ids=["empty", "unknown", "blank-note", "both"],
)
def test_bulk_acknowledge_refuses_bad_input_and_changes_nothing(
    region: Region, county_leader: User, body: dict, status: int, detail: str
) -> None:
    chosen = warnings_in(region.lengqi_school, 2)
    response = _post(
        county_leader, "/acknowledge", {"warnings": _picks(chosen), "note": "好", **body}
    )
    assert response.status_code == status, response.content
    assert response.json()["detail"] == detail
    assert _statuses() == {WarningStatus.OPEN}


def test_bulk_acknowledge_refuses_a_long_note_a_warning_out_of_scope_and_a_worker(
    region: Region, township_worker: User
) -> None:
    lengqi_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    mine = warnings_in(region.lengqi_school, 1)
    theirs = warnings_in(region.xinglong_school, 1, "李四")

    long_note = _post(lengqi_leader, "/acknowledge", {"warnings": _picks(mine), "note": "很" * 301})
    out_of_scope = _post(
        lengqi_leader, "/acknowledge", {"warnings": _picks(mine + theirs), "note": "好"}
    )
    worker = _post(township_worker, "/acknowledge", {"warnings": _picks(mine), "note": "好"})

    assert long_note.status_code == 422
    assert "300" in long_note.content.decode()
    assert out_of_scope.status_code == 400
    assert out_of_scope.json()["detail"] == (
        f"These warnings are not found among yours: {theirs[0].pk}."
    )
    assert worker.status_code == 403
    assert _statuses() == {WarningStatus.OPEN}


def test_bulk_acknowledge_runs_as_many_queries_for_40_as_for_1(
    region: Region, county_leader: User
) -> None:
    one = warnings_in(region.lengqi_school, 1)
    many = warnings_in(region.xinglong_school, 40, "李四")
    with count_queries() as small:
        _post(county_leader, "/acknowledge", {"warnings": _picks(one), "note": "好"})
    with count_queries() as large:
        response = _post(county_leader, "/acknowledge", {"warnings": _picks(many), "note": "好"})
    assert len(response.json()["acknowledged"]) == 40
    assert_same_query_count(small, large)


def test_assign_then_the_helper_lists_and_closes_the_task(
    region: Region, county_leader: User, school_helper: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    pair(warning.person, school_helper)
    due = timezone.localdate() + timedelta(days=2)

    assigned = _post(
        county_leader,
        f"/{warning.pk}/assign",
        {"assignee_id": school_helper.pk, "note": "家访", "due_on": due.isoformat(), "version": 1},
    )

    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assigned_to"] == {"id": school_helper.pk, "name": "测试用户"}
    tasks = Client().get(f"{BASE}/assigned", headers=bearer(school_helper)).json()
    assert [t["id"] for t in tasks["items"]] == [warning.pk]
    assert tasks["items"][0]["due_on"] == due.isoformat()

    no_outcome = _post(school_helper, f"/{warning.pk}/close", {"note": "去过了"})
    closed = _post(school_helper, f"/{warning.pk}/close", {"outcome": "visited", "note": "去过了"})

    assert no_outcome.status_code == 422
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert (body["status"], body["outcome"], body["outcome_note"]) == (
        "closed",
        "visited",
        "去过了",
    )
    assert body["closed_by"] == {"id": school_helper.pk, "name": "测试用户"}
    assert Client().get(f"{BASE}/assigned", headers=bearer(school_helper)).json()["count"] == 0


def test_assign_refuses_someone_who_may_not_act_a_stale_version_and_a_worker(
    region: Region, county_leader: User, school_helper: User, township_worker: User
) -> None:
    (warning,) = warnings_in(region.lengqi_school, 1)
    unpaired = _post(county_leader, f"/{warning.pk}/assign", {"assignee_id": school_helper.pk})
    stale = _post(
        county_leader, f"/{warning.pk}/assign", {"assignee_id": township_worker.pk, "version": 5}
    )
    worker = _post(township_worker, f"/{warning.pk}/assign", {"assignee_id": township_worker.pk})
    assert (unpaired.status_code, unpaired.json()["detail"]) == (
        400,
        "Choose someone who may act for this person.",
    )
    assert stale.status_code == 409
    assert worker.status_code == 403
    assert CareWarning.objects.get().assigned_to is None


def test_the_tasks_list_runs_as_many_queries_for_20_as_for_1(
    region: Region, county_leader: User, township_worker: User
) -> None:
    def give(warnings: list[CareWarning]) -> None:
        for w in warnings:
            services.warning_assign(acting_user=county_leader, warning=w, assignee=township_worker)

    give(warnings_in(region.lengqi_school, 1, "张三"))
    client, headers = Client(), bearer(township_worker)
    client.get(f"{BASE}/assigned", headers=headers)  # the token's first use is recorded once
    with count_queries() as one:
        assert client.get(f"{BASE}/assigned", headers=headers).json()["count"] == 1
    give(warnings_in(region.ganlusi, 19, "李四"))
    with count_queries() as twenty:
        assert client.get(f"{BASE}/assigned", headers=headers).json()["count"] == 20
    assert_same_query_count(one, twenty)
