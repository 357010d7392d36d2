"""The early warnings through the API: listed in scope, acknowledged by leaders, checked now."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.care.models import CareWarning, WarningStatus
from guanai.care.warnings import detect
from guanai.registry.models import Category, Person
from tests import factories
from tests.api.conftest import bearer
from tests.care.warnings_support import pair, person, warning_of
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db

LIST = "/api/care/warnings"


def _orphan(region: Region, name: str = "张三", unit: Any = None) -> Person:
    return person(unit or region.lengqi_school, name, Category.ORPHAN)


def _get(user: User, query: str = "") -> Any:
    response = Client().get(f"{LIST}{query}", headers=bearer(user))
    assert response.status_code == 200, response.content
    return response.json()


def _ack(user: User, warning: CareWarning, note: str, headers: Any = None) -> Any:
    return Client().post(
        f"{LIST}/{warning.pk}/acknowledge",
        {"note": note},
        content_type="application/json",
        headers=headers or bearer(user),
    )


def _detect(user: User, body: dict[str, Any]) -> Any:
    return Client().post(
        f"{LIST}/detect", body, content_type="application/json", headers=bearer(user)
    )


def test_list_gives_the_warnings_in_scope_explained(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    someone = _orphan(region)
    detect()

    body = _get(township_worker)

    assert body["count"] == 1
    item = body["items"][0]
    assert item["person"] == {"id": someone.pk, "name": "张三"}
    assert item["org_unit"]["name"] == "冷碛镇中心小学"
    assert (item["kind"], item["status"]) == ("no_care", "open")
    assert item["message"] == "张三 has no care record at all yet."
    assert _get(other_township_worker)["count"] == 0


def test_list_filters_and_refuses_a_unit_out_of_sight(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired = _orphan(region, "张三")
    pair(paired, school_helper)
    _orphan(region, "李四", unit=region.lengqi)
    detect()

    assert _get(township_worker, f"?unit_id={region.lengqi_school.pk}")["count"] == 1
    assert _get(township_worker, "?kind=pairing_gap")["count"] == 0
    assert _get(township_worker, "?status=acknowledged")["count"] == 0
    assert [i["person"]["name"] for i in _get(school_helper)["items"]] == ["张三"]
    response = Client().get(f"{LIST}?unit_id={region.xinglong.pk}", headers=bearer(township_worker))
    assert response.status_code == 404


def test_leader_acknowledges_with_a_note(region: Region, county_leader: User) -> None:
    someone = _orphan(region)
    detect()
    warning = warning_of(someone)

    response = _ack(county_leader, warning, "已安排家访")

    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    assert response.json()["note"] == "已安排家访"
    assert response.json()["acknowledged_by"] == county_leader.get_full_name()
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED


def test_acknowledging_without_a_note_is_refused_in_chinese(
    region: Region, county_leader: User
) -> None:
    someone = _orphan(region)
    detect()
    warning = warning_of(someone)

    english = _ack(county_leader, warning, "  ")
    headers = {k: v for k, v in bearer(county_leader).items() if k != "Accept-Language"}
    chinese = _ack(county_leader, warning, "", headers=headers)

    assert english.status_code == chinese.status_code == 400
    assert english.json() == {
        "detail": "Write a note: what has been done or will be done about it.",
        "field": "note",
    }
    assert chinese.json()["field"] == "note"
    warning.refresh_from_db()
    assert (warning.status, warning.note) == (WarningStatus.OPEN, "")


def test_only_leaders_acknowledge(
    region: Region, township_worker: User, school_helper: User
) -> None:
    someone = _orphan(region)
    pair(someone, school_helper)
    detect()
    warning = warning_of(someone)
    xinglong_leader = factories.user(unit=region.xinglong, role=Role.LEADER)

    assert _ack(township_worker, warning, "看过了").status_code == 403
    assert _ack(school_helper, warning, "看过了").status_code == 403
    assert _ack(xinglong_leader, warning, "看过了").status_code == 404
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN


def test_a_second_acknowledgement_is_refused(region: Region, county_leader: User) -> None:
    someone = _orphan(region)
    detect()
    warning = warning_of(someone)
    _ack(county_leader, warning, "已安排家访")

    response = _ack(county_leader, warning, "再看看")

    assert response.status_code == 400
    assert response.json()["detail"] == "This warning is no longer open (Acknowledged)."
    warning.refresh_from_db()
    assert warning.note == "已安排家访"


def test_leader_runs_the_checks_for_a_unit(
    region: Region, county_leader: User, township_worker: User
) -> None:
    _orphan(region, "张三")
    _orphan(region, "李四", unit=region.xinglong)
    lengqi_leader = factories.user(unit=region.lengqi, role=Role.LEADER)

    assert _detect(county_leader, {"unit_id": region.lengqi.pk}).json() == {
        "raised": 1,
        "resolved": 0,
        "open": 1,
    }
    assert _detect(county_leader, {}).json() == {"raised": 1, "resolved": 0, "open": 2}
    assert _detect(township_worker, {"unit_id": region.lengqi.pk}).status_code == 403
    assert _detect(township_worker, {}).status_code == 403
    assert _detect(lengqi_leader, {"unit_id": region.lengqi_school.pk}).status_code == 200
    # Units above the leader's own, or beside it, are not even seen.
    assert _detect(lengqi_leader, {"unit_id": region.county.pk}).status_code == 404
    assert _detect(lengqi_leader, {"unit_id": region.xinglong.pk}).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    headers = bearer(township_worker)
    _orphan(region, "学生0")
    detect()
    Client().get(LIST, headers=headers)  # the token's first use is written down
    with count_queries() as one:
        Client().get(LIST, headers=headers)
    for n in range(1, 50):
        _orphan(region, f"学生{n}")
    detect()

    with count_queries() as fifty:
        body = Client().get(LIST, headers=headers).json()

    assert body["count"] == 50
    assert_same_query_count(one, fifty)
