"""Pairing through the API: the same services and scoping as the pages (404 outside)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from guanai.accounts.models import Role, User
from guanai.care import pairing
from guanai.care.models import HelperRole, Pairing
from tests.api.conftest import bearer
from tests.care.pairing_support import START, account, other_county, pair, pupil, pupils
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries


def _api(user: User) -> tuple[Client, dict[str, str]]:
    return Client(), bearer(user)


def _post(user: User, path: str, body: dict[str, Any]) -> Any:
    client, headers = _api(user)
    return client.post(f"/api{path}", body, content_type="application/json", headers=headers)


def _get(user: User, path: str, **params: Any) -> Any:
    client, headers = _api(user)
    return client.get(f"/api{path}", params, headers=headers)


def test_pair_one_list_and_end(region: Region, township_worker: User, school_helper: User) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")

    made = _post(
        township_worker,
        "/care/pairings",
        {"person_id": child.pk, "helper_id": school_helper.pk, "role": "surrogate_parent"},
    )

    assert made.status_code == 201, made.content
    body = made.json()
    assert body["person"] == {"id": child.pk, "name": "张小明"}
    assert body["helper"]["id"] == school_helper.pk
    assert body["ended_on"] is None
    listed = _get(township_worker, "/care/pairings", person_id=child.pk, open=True).json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]

    ended = _post(
        township_worker,
        f"/care/pairings/{body['id']}/end",
        {"reason": "调离"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["end_reason"] == "调离"
    assert _get(township_worker, "/care/pairings", open=True).json()["items"] == []
    assert _get(township_worker, "/care/pairings", open=False).json()["count"] == 1


def test_study_buddy_by_name_and_without_one(region: Region, township_worker: User) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    body = {"person_id": child.pk, "role": "study_buddy"}

    named = _post(township_worker, "/care/pairings", {**body, "buddy_name": "李小红"})
    nameless = _post(township_worker, "/care/pairings", body)

    assert named.status_code == 201
    assert named.json()["helper"] is None
    assert named.json()["buddy_name"] == "李小红"
    assert nameless.status_code == 400
    assert nameless.json() == {
        "detail": "Choose the study buddy's account or enter the study buddy's name.",
        "field": "buddy_name",
    }


def test_bad_input_gets_a_clear_message(region: Region, township_worker: User) -> None:
    _county, far_school = other_county(region)
    far = account(far_school, Role.HELPER, "康定老师")
    child = pupil(township_worker, region.lengqi_school, "张小明")
    helper = account(region.lengqi_school, Role.HELPER, "李老师")
    paired = pair(township_worker, child, helper)

    twice = _post(
        township_worker,
        "/care/pairings",
        {"person_id": child.pk, "helper_id": helper.pk, "role": "subject_teacher"},
    )
    outsider = _post(
        township_worker,
        "/care/pairings",
        {"person_id": child.pk, "helper_id": far.pk, "role": "subject_teacher"},
    )
    unknown = _post(
        township_worker,
        "/care/pairings",
        {"person_id": child.pk, "helper_id": 10**9, "role": "subject_teacher"},
    )
    early = _post(
        township_worker,
        f"/care/pairings/{paired.pk}/end",
        {"ended_on": "2020-01-01", "reason": "调离"},
    )

    assert twice.status_code == 400
    assert twice.json()["detail"] == "李老师 is paired with 张小明 as Subject teacher already."
    assert outsider.status_code == 400
    assert outsider.json()["field"] == "helper"
    assert "康定老师 does not work in 泸定县" in outsider.json()["detail"]
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "helper"
    assert early.status_code == 400
    assert early.json()["field"] == "ended_on"
    assert Pairing.objects.count() == 1


def test_bulk_pairing(region: Region, township_worker: User, school_helper: User) -> None:
    group = pupils(township_worker, region.lengqi_school, 3)

    made = _post(
        township_worker,
        "/care/pairings/bulk",
        {
            "person_ids": [p.pk for p in group],
            "helper_id": school_helper.pk,
            "role": "subject_teacher",
        },
    )
    again = _post(
        township_worker,
        "/care/pairings/bulk",
        {"person_ids": [group[0].pk], "helper_id": school_helper.pk, "role": "subject_teacher"},
    )

    assert made.status_code == 201
    assert sorted(p["person"]["id"] for p in made.json()) == sorted(p.pk for p in group)
    assert again.status_code == 400
    assert Pairing.objects.count() == 3


def test_other_township_gets_404_and_nothing_changes(
    region: Region, township_worker: User, other_township_worker: User, school_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "张小明")
    paired = pair(township_worker, child, school_helper)
    body = {"person_id": child.pk, "helper_id": school_helper.pk, "role": "class_teacher"}

    assert _post(other_township_worker, "/care/pairings", body).status_code == 404
    bulk = {"person_ids": [child.pk], "helper_id": school_helper.pk, "role": "class_teacher"}
    assert _post(other_township_worker, "/care/pairings/bulk", bulk).status_code == 404
    end = {"reason": "x"}
    assert _post(other_township_worker, f"/care/pairings/{paired.pk}/end", end).status_code == 404
    assert _get(other_township_worker, "/care/pairings").json()["items"] == []
    assert (
        _get(other_township_worker, "/care/coverage", unit_id=region.lengqi.pk).status_code == 404
    )
    suggestions = _get(other_township_worker, "/care/pairing-suggestions", unit_id=region.lengqi.pk)
    assert suggestions.status_code == 404
    assert Pairing.objects.get().ended_on is None


def test_helper_lists_only_own_pairings_and_may_not_pair(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child, other = pupils(township_worker, region.lengqi_school, 2)
    paired = pair(township_worker, child, school_helper)
    pair(township_worker, other, account(region.lengqi_school, Role.HELPER, "李老师"))

    listed = _get(school_helper, "/care/pairings").json()
    refused = _post(
        school_helper,
        "/care/pairings",
        {"person_id": child.pk, "buddy_name": "王同学", "role": "study_buddy"},
    )
    end = _post(school_helper, f"/care/pairings/{paired.pk}/end", {"reason": "不想"})

    assert [p["person"]["name"] for p in listed["items"]] == ["学生0"]
    assert refused.status_code == 403
    assert end.status_code == 403
    pairing.pairing_end(acting_user=township_worker, pairing=paired, ended_on=START, reason="调离")
    assert _get(school_helper, "/care/pairings").json()["items"] == []
    assert _get(school_helper, "/persons").json()["items"] == []


def test_coverage_numbers(region: Region, township_worker: User, school_helper: User) -> None:
    paired_child, _a, _b = pupils(township_worker, region.lengqi_school, 3)
    pair(township_worker, paired_child, school_helper)

    numbers = _get(township_worker, "/care/coverage", unit_id=region.lengqi_school.pk).json()
    orphans = _get(township_worker, "/care/coverage", category="orphan").json()

    assert numbers == {
        "unit": {"id": region.lengqi_school.pk, "name": "冷碛镇中心小学"},
        "persons": 3,
        "paired": 1,
        "unpaired": 2,
        "percent": 33.3,
        "open_pairings": 1,
    }
    assert orphans["persons"] == 0
    assert orphans["percent"] is None


def test_suggestions_and_accepting_them(region: Region, township_worker: User) -> None:
    helper = account(region.lengqi_school, Role.HELPER, "李老师")
    group = pupils(township_worker, region.lengqi_school, 2)

    proposed = _get(township_worker, "/care/pairing-suggestions", unit_id=region.lengqi_school.pk)
    assert proposed.status_code == 200
    items = proposed.json()
    assert [(p["person"]["id"], p["helper"]["id"], p["load_after"]) for p in items] == [
        (group[0].pk, helper.pk, 1),
        (group[1].pk, helper.pk, 2),
    ]

    accepted = _post(
        township_worker,
        "/care/pairing-suggestions/accept",
        {
            "proposals": [
                {"person_id": p["person"]["id"], "helper_id": p["helper"]["id"], "role": p["role"]}
                for p in items[:1]
            ]
        },
    )
    assert accepted.status_code == 201
    assert [p["person"]["id"] for p in accepted.json()] == [group[0].pk]
    assert Pairing.objects.get().role == HelperRole.SUBJECT_TEACHER


def test_pairing_list_runs_as_many_queries_for_50_as_for_1(
    region: Region, township_worker: User, school_helper: User
) -> None:
    client, headers = _api(township_worker)
    pair(township_worker, pupil(township_worker, region.lengqi_school, "首个"), school_helper)
    client.get("/api/care/pairings", headers=headers)
    client.get("/api/care/coverage", headers=headers)
    with count_queries() as small:
        client.get("/api/care/pairings", headers=headers)
        client.get("/api/care/coverage", headers=headers)
    for person in pupils(township_worker, region.lengqi_school, 49):
        pair(township_worker, person, school_helper)
    with count_queries() as large:
        listed = client.get("/api/care/pairings", headers=headers)
        client.get("/api/care/coverage", headers=headers)
    assert listed.json()["count"] == 50
    assert_same_query_count(small, large)
