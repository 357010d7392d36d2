"""A guardian's consent (PIPL art. 31) through the API: read with the file, recorded by editors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import services
from guanai.registry.models import Consent, Person
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in
from tests.support.queries import assert_num_queries

# Token look-up, memberships, the person and its current categories, the access-log row,
# the count and the page (the token's last-used stamp is written at most every few minutes).
LIST_QUERIES = 7

GOOD = {
    "given_by": "张 奶奶",
    "relation": "祖母",
    "given_on": "2026-09-01",
    "scope": "登记、帮扶记录、上报",
    "purpose": "关爱帮扶",
}


def _born(years_ago: int) -> date:
    today = timezone.localdate()
    return date(today.year - years_ago, 3, 4)


def _child(region: Region, worker: User, *, years: int = 8, sequence: int = 31) -> Person:
    """A child of 冷碛镇 registered with an ID number that makes them ``years`` old."""
    return factories.person(
        region.lengqi, "张小花", by=worker, born=_born(years), sequence=sequence
    )


def _post(client: Client, person: Person, body: dict[str, Any], headers: Any) -> Any:
    return client.post(
        f"/api/persons/{person.pk}/consents", body, content_type="application/json", headers=headers
    )


def _chinese(headers: dict[str, str]) -> dict[str, str]:
    """The same credentials without a language: the answer is in Chinese, the default."""
    return {key: value for key, value in headers.items() if key != "Accept-Language"}


def test_child_under_14_is_missing_consent_until_one_is_recorded(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    assert client.get(f"/api/persons/{child.pk}", headers=headers).json()["consent_missing"]

    recorded = _post(client, child, GOOD, headers)

    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    assert {k: body[k] for k in GOOD} == {**GOOD, "given_by": "张奶奶"}
    file = client.get(f"/api/persons/{child.pk}", headers=headers).json()
    assert file["consent_missing"] is False
    listed = client.get(f"/api/persons/{child.pk}/consents", headers=headers).json()
    assert listed["count"] == 1
    assert listed["items"][0]["given_by"] == "张奶奶"
    assert listed["items"][0]["id"] == body["id"]
    consent = Consent.objects.get()
    assert consent.recorded_by == township_worker and consent.person == child


def test_a_person_of_14_or_without_birth_date_is_not_missing_consent(
    region: Region, township_worker: User
) -> None:
    teenager = _child(region, township_worker, years=15)
    unknown = services.person_register(
        acting_user=township_worker, org_unit=region.lengqi, data=services.PersonData(name="李四")
    )
    client, headers = Client(), bearer(township_worker)

    for person in (teenager, unknown):
        file = client.get(f"/api/persons/{person.pk}", headers=headers).json()
        assert file["consent_missing"] is False, person.name


def test_reading_the_consents_is_audited_like_opening_the_file(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)

    response = Client().get(f"/api/persons/{child.pk}/consents", headers=bearer(township_worker))

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    read = AccessLog.objects.get(action=AuditAction.READ)
    assert (read.user, read.object_id) == (township_worker, str(child.pk))


def test_bad_consent_is_400_in_chinese_and_records_nothing(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    for change, field, chinese in (
        ({"given_by": "  "}, None, "请填写同意人及其与儿童的关系。"),
        ({"relation": " "}, None, "请填写同意人及其与儿童的关系。"),
        ({"given_on": tomorrow}, "given_on", "同意日期晚于今天。"),
        ({"scope": ""}, None, "请填写同意的范围和处理目的。"),
        ({"purpose": "   "}, None, "请填写同意的范围和处理目的。"),
    ):
        response = _post(client, child, {**GOOD, **change}, _chinese(headers))
        assert response.status_code == 400, change
        assert response.json() == {"detail": chinese, "field": field}, change

    english = _post(client, child, {**GOOD, "given_on": tomorrow}, headers)
    assert english.json()["detail"] == "The date of consent is in the future."
    assert not Consent.objects.exists()
    file = client.get(f"/api/persons/{child.pk}", headers=headers).json()
    assert file["consent_missing"] is True


def test_malformed_consent_is_422_and_records_nothing(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)

    for body in (
        {k: v for k, v in GOOD.items() if k != "given_on"},
        {**GOOD, "given_on": "2026-02-30"},
        {**GOOD, "given_by": "张\x00奶奶"},
        {**GOOD, "relation": "祖" * 21},
        {**GOOD, "scope": "登" * 201},
    ):
        assert _post(client, child, body, headers).status_code == 422, body
    assert not Consent.objects.exists()


def test_worker_of_another_township_gets_404_and_records_nothing(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    child = _child(region, township_worker)
    services.consent_record(
        acting_user=township_worker, person=child, **{**GOOD, "given_on": date(2026, 9, 1)}
    )
    client, headers = Client(), bearer(other_township_worker)

    listed = client.get(f"/api/persons/{child.pk}/consents", headers=headers)
    recorded = _post(client, child, GOOD, headers)

    for response in (listed, recorded):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "field": None}
        assert "张奶奶" not in response.content.decode()
    assert Consent.objects.count() == 1
    assert not AccessLog.objects.filter(
        user=other_township_worker, action=AuditAction.READ
    ).exists()


def test_viewer_reads_consents_but_may_not_record_one(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(prefecture_viewer)

    listed = client.get(f"/api/persons/{child.pk}/consents", headers=headers)
    refused = _post(client, child, GOOD, headers)

    assert listed.status_code == 200 and listed.json()["count"] == 0
    assert refused.status_code == 403
    assert refused.json()["detail"] == "You may not register or edit persons of this unit."
    assert not Consent.objects.exists()


def test_browser_session_records_only_with_the_csrf_token(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)

    refused = _post(client, child, GOOD, {})
    assert refused.status_code == 403
    assert not Consent.objects.exists()

    client.cookies["csrftoken"] = "a" * 32
    accepted = _post(client, child, GOOD, {"X-CSRFToken": "a" * 32})
    assert accepted.status_code == 201
    assert logged_in(township_worker).get(f"/api/persons/{child.pk}/consents").json()["count"] == 1


def test_list_query_count_is_fixed_at_1_and_20_consents(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/consents"
    client.get(path, headers=headers)  # the token's first use is written down

    def record(n: int) -> None:
        services.consent_record(
            acting_user=township_worker,
            person=child,
            given_by=f"监护人{n}",
            relation="祖母",
            given_on=date(2026, 1, 1) + timedelta(days=n),
            scope="登记",
            purpose="关爱帮扶",
        )

    record(0)
    with assert_num_queries(LIST_QUERIES):
        one = client.get(path, headers=headers).json()
    for n in range(1, 20):
        record(n)
    with assert_num_queries(LIST_QUERIES):
        twenty = client.get(path, headers=headers).json()

    assert one["count"] == 1 and len(one["items"]) == 1
    assert twenty["count"] == 20 and len(twenty["items"]) == 20
    # The latest consent first.
    assert twenty["items"][0]["given_by"] == "监护人19"
