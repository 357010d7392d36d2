"""The targets' API: the same lists, progress and checks as the pages (messages in English
here), 404 outside the caller's scope, leaders set and workers enter, fixed queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from guanai.governance.models import Target, TargetEntry
from guanai.governance.targets import entry_add
from tests.api.conftest import bearer
from tests.governance.targets_support import People, people, target
from tests.support.queries import assert_same_query_count, count_queries

__all__ = ["people"]


def get(user: Any, url: str, **params: Any) -> Any:
    return Client().get(url, params, headers=bearer(user))


def send(user: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(Client(), method)(
        url, body, content_type="application/json", headers=bearer(user)
    )


NEW = {
    "title": "三年内五保集中供养率达到40%",
    "source": "kpi.tekun_centralised_rate",
    "base_year": 2025,
    "final_year": 2027,
    "baseline": "25",
    "goal": "40",
    "milestones": [{"year": 2025, "value": "30"}],
}


def test_a_leader_sets_a_target_and_reads_its_years(people: People) -> None:
    answer = send(
        people.lengqi_leader,
        "post",
        "/api/governance/targets",
        {**NEW, "unit_id": people.region.lengqi.pk},
    )

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["source"], body["value_kind"], body["direction"]) == (
        "kpi.tekun_centralised_rate",
        "percent",
        "up",
    )
    assert body["source_label"] == "Five-guarantee persons in centralised support"
    assert body["milestones"] == [{"year": 2025, "value": "30.00"}]
    assert [(y["year"], y["milestone"]) for y in body["years"]] == [
        (2025, "30.00"),
        (2026, "35.0"),
        (2027, "40.00"),
    ]
    made = Target.objects.get()
    assert made.created_by == people.lengqi_leader


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"final_year": 2024}, 400, "The final year cannot be before the base year."),
        ({"milestones": [{"year": 2030, "value": "1"}]}, 400, "runs from 2025 to 2026"),
        ({"source": "kpi.nothing"}, 400, "Choose where the figures come from."),
        ({"goal": "120"}, 400, "Enter a percentage from 0 to 100"),
        ({"title": "长" * 101}, 422, ""),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    people: People, changes: dict[str, Any], status: int, message: str
) -> None:
    answer = send(
        people.lengqi_leader,
        "post",
        "/api/governance/targets",
        {**NEW, "unit_id": people.region.lengqi.pk, **changes},
    )
    assert answer.status_code == status
    assert message in str(answer.json())
    assert not Target.objects.exists()


def test_a_worker_sets_no_target_and_another_township_reaches_none(people: People) -> None:
    lengqi = {**NEW, "unit_id": people.region.lengqi.pk}
    assert send(people.lengqi_worker, "post", "/api/governance/targets", lengqi).status_code == 403
    assert (
        send(people.xinglong_leader, "post", "/api/governance/targets", lengqi).status_code == 404
    )
    made = target(people)
    url = f"/api/governance/targets/{made.pk}"
    assert get(people.xinglong_worker, url).status_code == 404
    assert send(people.xinglong_leader, "patch", url, {"version": 1}).status_code == 404
    assert (
        send(
            people.xinglong_worker,
            "post",
            f"{url}/entries",
            {"year": 2025, "value": "1", "evidence": "x"},
        ).status_code
        == 404
    )
    assert not TargetEntry.objects.exists()
    # 冷碛镇 reads the county's targets
    county = target(people, people.region.county, title="全县")
    assert get(people.lengqi_worker, f"/api/governance/targets/{county.pk}").status_code == 200


def test_a_change_with_the_version_and_a_stale_one(people: People) -> None:
    made = target(people)
    url = f"/api/governance/targets/{made.pk}"

    changed = send(
        people.lengqi_leader,
        "patch",
        url,
        {"version": 1, "title": "两年内消除危房", "milestones": [{"year": 2025, "value": "6"}]},
    )
    stale = send(people.lengqi_leader, "patch", url, {"version": 1, "title": "旧"})

    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["version"]) == ("两年内消除危房", 2)
    assert changed.json()["baseline"] == "12.00"  # what was not sent stays
    assert stale.status_code == 409
    assert Target.objects.get().title == "两年内消除危房"
    archived = send(people.lengqi_leader, "post", f"{url}/archive", {"version": 2})
    assert archived.json()["archived"] is True


def test_figures_are_entered_and_their_history_kept(people: People) -> None:
    made = target(people)
    url = f"/api/governance/targets/{made.pk}"

    first = send(
        people.lengqi_worker,
        "post",
        f"{url}/entries",
        {"year": 2025, "value": "9", "evidence": "年报"},
    )
    second = send(
        people.lengqi_worker,
        "post",
        f"{url}/entries",
        {"year": 2025, "value": "7", "evidence": "核定"},
    )
    refused = send(
        people.lengqi_worker,
        "post",
        f"{url}/entries",
        {"year": 2025, "value": "7", "evidence": " "},
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert refused.status_code == 400
    assert "Say where the figure comes from" in refused.json()["detail"]
    body = get(people.lengqi_worker, url).json()
    assert body["years"][0] == {
        "year": 2025,
        "when": "past",
        "milestone": "8",
        "figure": "7.00",
        "reached": True,
    }
    assert [(e["value"], e["evidence"]) for e in body["entries"]] == [
        ("7.00", "核定"),
        ("9.00", "年报"),
    ]


def test_a_computed_target_takes_no_figure(people: People) -> None:
    made = target(people, source="kpi.home_bed_rate", baseline=None, goal=Decimal(60))
    answer = send(
        people.lengqi_leader,
        "post",
        f"/api/governance/targets/{made.pk}/entries",
        {"year": 2025, "value": "50", "evidence": "统计"},
    )
    assert answer.status_code == 400
    assert "computed from the data" in answer.json()["detail"]


@pytest.mark.parametrize("source", ["", "kpi.home_occupancy"])
def test_the_list_runs_as_many_queries_at_50_targets_as_at_1(people: People, source: str) -> None:
    goal = Decimal(80) if source else Decimal(0)
    made = target(people, source=source, baseline=None, goal=goal)
    if not source:
        entry_add(people.lengqi_worker, made, year=2025, value=Decimal(3), evidence="统计")
    headers = bearer(people.lengqi_worker)
    url = f"/api/governance/targets?unit_id={people.region.lengqi.pk}"
    Client().get(url, headers=headers)
    with count_queries() as small:
        assert Client().get(url, headers=headers).json()["count"] == 1
    for n in range(49):
        target(people, title=f"目标{n}", source=source, baseline=None, goal=goal)
    with count_queries() as large:
        body = Client().get(url, headers=headers).json()
    assert (body["count"], len(body["items"])) == (50, 50)
    assert_same_query_count(small, large)
