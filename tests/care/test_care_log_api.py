"""The care log through the API: records, the work list, risk levels and rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from guanai.accounts.models import User
from guanai.care import rules as care_rules
from guanai.care.models import CareRecord, FrequencyRule, RiskAssessment
from guanai.core.models import AccessLog, AuditAction
from tests.api.conftest import bearer
from tests.care.log_support import on, pair, pupil, record, zh
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

TODAY = date(2026, 11, 25)


def _call(user: User, method: str, path: str, body: Any = None, **headers: str) -> Any:
    client = Client()
    with on(TODAY):
        return getattr(client, method)(
            f"/api{path}",
            data=body,
            content_type="application/json",
            headers={**bearer(user), **headers},
        )


def _talk(person_ids: list[int], **values: Any) -> dict[str, Any]:
    return {
        "person_ids": person_ids,
        "kind": "talk",
        "occurred_on": "2026-11-25",
        "summary": "谈了学习",
        **values,
    }


def test_a_paired_helper_logs_and_reads_a_talk(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school, "李小花")
    pair(child, school_helper)

    created = _call(school_helper, "post", "/care/records", _talk([child.pk], mood=2))
    listed = _call(school_helper, "get", f"/care/records?person_id={child.pk}")

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["mood"], body["study"], body["version"]) == ("talk", 2, None, 1)
    assert body["persons"] == [{"id": child.pk, "name": "李小花"}]
    assert body["author"]["id"] == school_helper.pk
    assert [r["id"] for r in listed.json()["items"]] == [body["id"]]


def test_reading_a_persons_records_is_audited_as_the_care_page_is(
    region: Region, school_helper: User
) -> None:
    child = pupil(region.lengqi_school, "李小花")
    pair(child, school_helper)

    reads = AccessLog.objects.filter(action=AuditAction.READ, object_id=str(child.pk))
    _call(school_helper, "get", "/care/records")
    assert not reads.exists()
    _call(school_helper, "get", f"/care/records?person_id={child.pk}")
    page = Client()
    page.force_login(school_helper)
    page.get(f"/care/persons/{child.pk}/")

    assert [(e.user, e.detail) for e in reads] == [(school_helper, {"page": "care"})] * 2


def test_a_person_not_paired_is_not_found(
    region: Region, school_helper: User, other_township_worker: User
) -> None:
    child = pupil(region.lengqi_school)

    logged = _call(school_helper, "post", "/care/records", _talk([child.pk]))
    read = _call(other_township_worker, "get", f"/care/records?person_id={child.pk}")

    assert (logged.status_code, read.status_code) == (404, 404)
    assert not CareRecord.objects.exists()


def test_bad_input_is_refused_with_the_field_in_chinese(
    region: Region, school_helper: User
) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    cases = [
        ({"occurred_on": "2026-11-26"}, "occurred_on", "The date cannot be in the future."),
        ({"kind": "family_call", "minutes": 5}, "parent", None),
        ({"mood": 6}, "mood", None),
        ({"follow_up_on": "2026-11-01"}, "follow_up_on", None),
    ]

    for values, field, message in cases:
        response = _call(
            school_helper,
            "post",
            "/care/records",
            _talk([child.pk], **values),
            **{"Accept-Language": "zh-hans"},
        )
        assert response.status_code == 400, values
        assert response.json()["field"] == field
        if message:
            assert response.json()["detail"] == zh(message)
    assert not CareRecord.objects.exists()


def test_a_stale_edit_is_refused_with_409(region: Region, school_helper: User) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)
    talk = record(school_helper, [child], on_day=date(2026, 11, 20))

    first = _call(school_helper, "patch", f"/care/records/{talk.pk}", {"version": 1, "mood": 4})
    stale = _call(school_helper, "patch", f"/care/records/{talk.pk}", {"version": 1, "mood": 1})

    assert first.status_code == 200
    assert (first.json()["mood"], first.json()["summary"]) == (4, talk.summary)
    assert stale.status_code == 409
    talk.refresh_from_db()
    assert (talk.mood, talk.version) == (4, 2)


def test_the_records_list_runs_as_many_queries_for_many_records(
    region: Region, school_helper: User
) -> None:
    children = [pupil(region.lengqi_school, f"学生{n}") for n in range(3)]
    for child in children:
        pair(child, school_helper)
    record(school_helper, children[:1], on_day=date(2026, 11, 2))
    with count_queries() as few:
        _call(school_helper, "get", "/care/records")
    for n in range(20):
        record(school_helper, children, on_day=date(2026, 11, 3 + n))
    with count_queries() as many:
        listed = _call(school_helper, "get", "/care/records")

    assert listed.json()["count"] == 21
    assert_same_query_count(few, many)


def test_the_work_list_gives_each_persons_rules_and_the_quota(
    region: Region, school_helper: User
) -> None:
    care_rules.seed_default_rules(region.county)
    child = pupil(region.lengqi_school, "李小花")
    pair(child, school_helper)
    record(school_helper, [child], on_day=date(2026, 10, 30))

    body = _call(school_helper, "get", "/care/worklist").json()

    assert (body["week_start"], body["week_end"], body["count"]) == ("2026-11-23", "2026-11-29", 1)
    (row,) = body["persons"]
    items = {i["code"]: i for i in row["items"]}
    assert items["talk-every-4-weeks"]["status"] == "due"
    assert items["talk-every-4-weeks"]["deadline"] == "2026-11-27"
    assert items["left-behind-family-call"]["status"] == "overdue"
    assert row["last_contact"] == "2026-10-30"
    (quota,) = body["quotas"]
    assert (quota["done"], quota["at_least"], quota["at_most"]) == (0, 3, 5)


def test_risk_levels_are_proposed_and_decided(
    region: Region, school_helper: User, county_leader: User
) -> None:
    child = pupil(region.lengqi_school)
    pair(child, school_helper)

    proposed = _call(
        school_helper, "post", f"/care/persons/{child.pk}/risk", {"level": "high", "reason": "厌学"}
    )
    assessment = proposed.json()["id"]
    refused = _call(school_helper, "post", f"/care/risk/{assessment}/confirm")
    confirmed = _call(county_leader, "post", f"/care/risk/{assessment}/confirm")
    history = _call(county_leader, "get", f"/care/persons/{child.pk}/risk")

    assert (proposed.status_code, proposed.json()["state"]) == (201, "pending")
    assert refused.status_code == 403
    assert (confirmed.status_code, confirmed.json()["state"]) == (200, "current")
    assert confirmed.json()["decided_by"]["id"] == county_leader.pk
    assert [a["state"] for a in history.json()] == ["current"]
    assert RiskAssessment.objects.get().current


def test_rules_are_listed_and_written_by_leaders(
    region: Region, county_leader: User, township_worker: User
) -> None:
    care_rules.seed_default_rules(region.county)
    new_rule = {
        "unit_id": region.lengqi.pk,
        "code": "left-behind-family-call",
        "name": "每两周一次亲情电话",
        "category": "left_behind",
        "kinds": ["family_call"],
        "period": "week",
    }

    by_worker = _call(township_worker, "post", "/care/rules", new_rule)
    by_leader = _call(county_leader, "post", "/care/rules", new_rule)
    listed = _call(township_worker, "get", f"/care/rules?unit_id={region.lengqi_school.pk}")
    rule_id = by_leader.json()["id"]
    updated = _call(
        county_leader,
        "put",
        f"/care/rules/{rule_id}",
        {**new_rule, "version": 1, "period": "month"},
    )
    stale = _call(county_leader, "put", f"/care/rules/{rule_id}", {**new_rule, "version": 1})

    assert (by_worker.status_code, by_leader.status_code) == (403, 201)
    held = {r["rule"]["code"]: r for r in listed.json()}
    assert held["left-behind-family-call"]["rule"]["org_unit"]["id"] == region.lengqi.pk
    assert held["left-behind-family-call"]["inherited"]
    assert not held["class-teacher-talks"]["inherited"]
    assert (updated.status_code, updated.json()["period"], updated.json()["version"]) == (
        200,
        "month",
        2,
    )
    assert stale.status_code == 409
    assert FrequencyRule.objects.get(pk=rule_id).period == "month"


def test_rules_of_a_unit_out_of_sight_are_not_found(
    region: Region, other_township_worker: User
) -> None:
    listed = _call(other_township_worker, "get", f"/care/rules?unit_id={region.lengqi.pk}")

    assert listed.status_code == 404
