"""Transfers through the API: sent by the file's editors, decided by the receiving unit's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.registry import services
from guanai.registry.models import Category, Person, Transfer, TransferStatus
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_num_queries

# Token look-up, memberships, the count and the page; the waiting list also fetches the
# current categories of its persons (the last-used stamp is written every few minutes).
OUTGOING_QUERIES = 4
INCOMING_QUERIES = 5


@pytest.fixture
def pupil(region: Region, township_worker: User) -> Person:
    """王小明 of 冷碛镇中心小学, a left-behind child with a guardian and a parent."""
    return factories.pupil(
        township_worker, region.lengqi_school, "王小明", 21, categories=(Category.LEFT_BEHIND,)
    )


def _post(client: Client, path: str, body: dict[str, Any] | None, headers: Any) -> Any:
    return client.post(path, body or {}, content_type="application/json", headers=headers)


def _send(client: Client, person: Person, headers: Any, **body: str) -> Any:
    payload = {"to_unit": "兴隆镇中心小学", "reason": "随父母迁居兴隆镇", **body}
    return _post(client, f"/api/persons/{person.pk}/transfers", payload, headers)


def _request(worker: User, person: Person, to_unit: Any) -> Transfer:
    return services.transfer_request(
        acting_user=worker, person=person, to_unit=to_unit, reason="迁居"
    )


def _chinese(headers: dict[str, str]) -> dict[str, str]:
    """The same credentials without a language: the answer is in Chinese, the default."""
    return {key: value for key, value in headers.items() if key != "Accept-Language"}


def test_sent_file_is_accepted_and_moves_with_its_history(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    sender, sender_headers = Client(), bearer(township_worker)
    receiver, receiver_headers = Client(), bearer(other_township_worker)

    # Given a file sent by the worker of 冷碛镇
    sent = _send(sender, pupil, sender_headers, handover_note="每周与奶奶通话一次")
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["person"] == {"id": pupil.pk, "name": "王小明"}
    assert body["from_unit"] == {"id": region.lengqi_school.pk, "name": "冷碛镇中心小学"}
    assert body["to_unit"] == {"id": region.xinglong_school.pk, "name": "兴隆镇中心小学"}
    assert body["status"] == "pending" and body["decided_at"] is None
    assert body["handover_note"] == "每周与奶奶通话一次"
    # The receiving unit sees the request, not yet the file.
    incoming = receiver.get("/api/transfers/incoming", headers=receiver_headers).json()
    assert incoming["count"] == 1
    [waiting] = incoming["items"]
    assert waiting["id"] == body["id"] and waiting["reason"] == "随父母迁居兴隆镇"
    assert waiting["person"] == {
        "id": pupil.pk,
        "name": "王小明",
        "gender": pupil.gender,
        "categories": ["left_behind"],
    }
    assert receiver.get(f"/api/persons/{pupil.pk}", headers=receiver_headers).status_code == 404

    # When it accepts
    accepted = _post(
        receiver, f"/api/transfers/{body['id']}/accept", {"note": "已安排入班"}, receiver_headers
    )

    # Then the file is the receiving unit's, with its categories and contacts
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["decision_note"] == "已安排入班"
    assert accepted.json()["decided_at"] is not None
    file = receiver.get(f"/api/persons/{pupil.pk}", headers=receiver_headers).json()
    assert file["org_unit"]["name"] == file["school"]["name"] == "兴隆镇中心小学"
    assert file["categories"] == ["left_behind"] and len(file["contacts"]) == 2
    assert receiver.get("/api/transfers/incoming", headers=receiver_headers).json()["count"] == 0
    # and the sending unit keeps only the trace of where it went.
    assert sender.get(f"/api/persons/{pupil.pk}", headers=sender_headers).status_code == 404
    [trace] = sender.get("/api/transfers/outgoing", headers=sender_headers).json()["items"]
    assert trace["status"] == "accepted" and trace["to_unit"]["name"] == "兴隆镇中心小学"


def test_decline_needs_a_reason_in_chinese_and_leaves_the_person(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    transfer = _request(township_worker, pupil, region.xinglong_school)
    client, headers = Client(), bearer(other_township_worker)
    path = f"/api/transfers/{transfer.pk}/decline"

    blank = _post(client, path, {"note": "  "}, _chinese(headers))
    missing = _post(client, path, None, headers)
    assert blank.status_code == missing.status_code == 400
    assert blank.json() == {"detail": "请说明拒绝接收的原因。", "field": "note"}
    assert missing.json() == {"detail": "Say why the transfer is declined.", "field": "note"}
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING

    declined = _post(client, path, {"note": "本校学位已满"}, headers)

    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    assert declined.json()["decision_note"] == "本校学位已满"
    assert Person.objects.get(pk=pupil.pk).org_unit == region.lengqi_school
    # A decided transfer is no longer waiting: it cannot be accepted afterwards.
    late = _post(client, f"/api/transfers/{transfer.pk}/accept", None, headers)
    assert late.status_code == 404
    assert Person.objects.get(pk=pupil.pk).org_unit == region.lengqi_school
    trace = Client().get("/api/transfers/outgoing", headers=bearer(township_worker)).json()
    assert [(t["status"], t["decision_note"]) for t in trace["items"]] == [
        ("declined", "本校学位已满")
    ]


def test_sender_withdraws_a_waiting_transfer_once(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    transfer = _request(township_worker, pupil, region.xinglong_school)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/transfers/{transfer.pk}/cancel"

    cancelled = _post(client, path, None, headers)
    again = _post(client, path, None, _chinese(headers))

    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert again.status_code == 400
    assert again.json() == {"detail": "该转接已处理。", "field": None}
    incoming = Client().get("/api/transfers/incoming", headers=bearer(other_township_worker))
    assert incoming.json()["count"] == 0
    # With the transfer withdrawn, the file may be sent again.
    assert _send(client, pupil, headers).status_code == 201


def test_bad_requests_are_400_in_chinese_and_send_nothing(
    region: Region, pupil: Person, township_worker: User
) -> None:
    client, headers = Client(), bearer(township_worker)
    chinese = _chinese(headers)

    for body, field, detail in (
        ({"to_unit": "  "}, "to_unit", "请填写接收单位的名称或区划代码。"),
        ({"to_unit": "不存在的学校"}, "to_unit", "没有名称或代码为“不存在的学校”的单位。"),
        ({"to_unit": "冷碛镇中心小学"}, "to_unit", "该人员已在此单位。"),
        ({"reason": " "}, "reason", "请填写转出原因。"),
    ):
        response = _send(client, pupil, chinese, **body)
        assert response.status_code == 400, body
        assert response.json() == {"detail": detail, "field": field}, body
    english = _send(client, pupil, headers, reason="")
    assert english.json()["detail"] == "Enter the reason for the transfer."
    assert not Transfer.objects.exists()

    # One waiting transfer at a time.
    assert _send(client, pupil, headers).status_code == 201
    second = _send(client, pupil, chinese, to_unit="513322102000")
    assert second.status_code == 400
    assert second.json()["detail"] == "该人员已有一条待接收的转接。"
    assert Transfer.objects.count() == 1


def test_an_archived_file_cannot_be_sent(
    region: Region, pupil: Person, township_worker: User
) -> None:
    services.person_archive(acting_user=township_worker, person=pupil, reason="moved_away")

    response = _send(Client(), pupil, _chinese(bearer(township_worker)))

    assert response.status_code == 400
    assert response.json()["detail"] == "已归档的档案不能转出。"
    assert not Transfer.objects.exists()


def test_malformed_requests_are_422(region: Region, pupil: Person, township_worker: User) -> None:
    transfer = _request(township_worker, pupil, region.xinglong_school)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{pupil.pk}/transfers"

    for body in (
        {"to_unit": "兴隆镇中心小学"},
        {"reason": "迁居"},
        {"to_unit": "兴隆\x00镇", "reason": "迁居"},
        {"to_unit": "兴" * 101, "reason": "迁居"},
        {"to_unit": "兴隆镇中心小学", "reason": "迁" * 201},
    ):
        assert _post(client, path, body, headers).status_code == 422, body
    other = Client(), bearer(factories.user(unit=region.xinglong, role=Role.WORKER))
    decline = _post(
        other[0], f"/api/transfers/{transfer.pk}/decline", {"note": "满" * 201}, other[1]
    )
    assert decline.status_code == 422
    for query in ("page=0", "page_size=201"):
        assert client.get(f"/api/transfers/outgoing?{query}", headers=headers).status_code == 422
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING and Transfer.objects.count() == 1


def test_worker_of_another_township_sees_and_decides_nothing(
    region: Region, pupil: Person, township_worker: User, other_township_worker: User
) -> None:
    # A transfer between units outside 兴隆镇: to the county's civil-affairs office.
    transfer = _request(township_worker, pupil, region.office)
    client, headers = Client(), bearer(other_township_worker)

    lists = [
        client.get(f"/api/transfers/{way}", headers=headers) for way in ("incoming", "outgoing")
    ]
    refused = [
        _send(client, pupil, headers),
        *(
            _post(client, f"/api/transfers/{transfer.pk}/{decision}", {"note": "x"}, headers)
            for decision in ("accept", "decline", "cancel")
        ),
    ]

    assert [response.json() for response in lists] == [{"items": [], "count": 0}] * 2
    for response in refused:
        assert response.status_code == 404, response.request["PATH_INFO"]
        assert response.json() == {"detail": "Not found.", "field": None}
        assert "王小明" not in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING and Transfer.objects.count() == 1
    assert Person.objects.get(pk=pupil.pk).org_unit == region.lengqi_school


def test_the_sender_cannot_decide_its_own_transfer(
    region: Region, pupil: Person, township_worker: User
) -> None:
    transfer = _request(township_worker, pupil, region.xinglong_school)
    client, headers = Client(), bearer(township_worker)

    for decision in ("accept", "decline"):
        path = f"/api/transfers/{transfer.pk}/{decision}"
        assert _post(client, path, {"note": "x"}, headers).status_code == 404, decision

    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_viewer_traces_transfers_but_may_not_send_or_withdraw(
    region: Region, pupil: Person, township_worker: User, prefecture_viewer: User
) -> None:
    transfer = _request(township_worker, pupil, region.xinglong_school)
    other = factories.pupil(township_worker, region.lengqi_school, "李小红", 22)
    client, headers = Client(), bearer(prefecture_viewer)

    outgoing = client.get("/api/transfers/outgoing", headers=headers).json()
    incoming = client.get("/api/transfers/incoming", headers=headers).json()
    send = _send(client, other, headers)
    cancel = _post(client, f"/api/transfers/{transfer.pk}/cancel", None, headers)
    accept = _post(client, f"/api/transfers/{transfer.pk}/accept", None, headers)

    assert [t["id"] for t in outgoing["items"]] == [transfer.pk]
    assert incoming["count"] == 0
    assert send.status_code == cancel.status_code == 403
    assert send.json()["detail"] == "You may not register or edit persons of this unit."
    # Waiting transfers are decided by the receiving unit's editors only.
    assert accept.status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING and Transfer.objects.count() == 1


def test_sysadmin_and_volunteer_see_no_transfers(
    region: Region, pupil: Person, township_worker: User, county_sysadmin: User
) -> None:
    transfer = _request(township_worker, pupil, region.xinglong_school)
    volunteer = factories.user(unit=region.xinglong, role=Role.VOLUNTEER)

    for account in (county_sysadmin, volunteer):
        client, headers = Client(), bearer(account)
        for way in ("incoming", "outgoing"):
            listed = client.get(f"/api/transfers/{way}", headers=headers)
            assert listed.json() == {"items": [], "count": 0}, (account, way)
        for decision in ("accept", "decline", "cancel"):
            path = f"/api/transfers/{transfer.pk}/{decision}"
            assert _post(client, path, {"note": "x"}, headers).status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_browser_session_sends_only_with_the_csrf_token(
    region: Region, pupil: Person, township_worker: User
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)

    refused = _send(client, pupil, {})
    assert refused.status_code == 403
    assert not Transfer.objects.exists()

    client.cookies["csrftoken"] = "a" * 32
    accepted = _send(client, pupil, {"X-CSRFToken": "a" * 32})
    assert accepted.status_code == 201
    assert client.get("/api/transfers/outgoing").json()["count"] == 1


def test_list_query_counts_are_fixed_at_1_and_20_transfers(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    sender, sender_headers = Client(), bearer(township_worker)
    receiver, receiver_headers = Client(), bearer(other_township_worker)
    # The tokens' first use is written down.
    sender.get("/api/transfers/outgoing", headers=sender_headers)
    receiver.get("/api/transfers/incoming", headers=receiver_headers)

    def send(n: int) -> None:
        person = factories.pupil(
            township_worker,
            region.lengqi_school,
            f"王{n}",
            100 + n,
            categories=(Category.LEFT_BEHIND, Category.DIBAO),
        )
        _request(township_worker, person, region.xinglong_school)

    def lists() -> tuple[dict[str, Any], dict[str, Any]]:
        with assert_num_queries(OUTGOING_QUERIES):
            outgoing = sender.get("/api/transfers/outgoing", headers=sender_headers).json()
        with assert_num_queries(INCOMING_QUERIES):
            incoming = receiver.get("/api/transfers/incoming", headers=receiver_headers).json()
        return outgoing, incoming

    send(0)
    one = lists()
    for n in range(1, 20):
        send(n)
    twenty = lists()

    assert [page["count"] for page in one] == [1, 1]
    assert [page["count"] for page in twenty] == [20, 20]
    assert all(len(page["items"]) == 20 for page in twenty)
    assert twenty[1]["items"][0]["person"]["categories"] == ["left_behind", "dibao"]
