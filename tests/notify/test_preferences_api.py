"""The notification preferences through the API: the page's choices, the same refusals."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.notify.models import Address, Channel, Preference, UserSettings
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db
URL = "/api/notifications/preferences"
DIGEST = {"digest_time": "07:30", "email_digest": False, "sms_digest": False, "daily_limit": 5}


def _put(client: Client, headers: dict[str, str], body: dict[str, object]) -> object:
    return client.put(URL, body, content_type="application/json", headers=headers)


def test_a_helper_reads_the_kinds_with_their_defaults_and_the_addresses(
    school_helper: User,
) -> None:
    Address.objects.create(
        user=school_helper,
        channel=Channel.EMAIL,
        value="zhang@example.org",
        verified_at=timezone.now(),
    )
    body = Client().get(URL, headers=bearer(school_helper)).json()
    by_code = {row["code"]: row for row in body["kinds"]}
    assert by_code["care_due"]["default"] is True and by_code["care_due"]["enabled"] is True
    # The channels as the digests send them until she chooses: e-mail for every kind, SMS for
    # the urgent ones only (a returned report is one).
    assert all(row["email"] is True for row in body["kinds"])
    assert by_code["care_due"]["sms"] is False
    assert by_code["report_returned"]["urgent"] is True
    assert by_code["report_returned"]["sms"] is True
    assert by_code["roll_to_approve"]["default"] is False  # leaders approve rolls
    assert "digest" not in by_code  # the form the others take, not a kind to choose
    assert body["digest"] == {
        "digest_time": "07:30",
        "email_digest": False,
        "sms_digest": False,
        "daily_limit": 5,
    }
    assert body["addresses"] == [
        {"channel": "email", "masked": "z***@example.org", "verified": True}
    ]


def test_switching_a_kind_off_and_the_email_digest_on(school_helper: User) -> None:
    Address.objects.create(
        user=school_helper,
        channel=Channel.EMAIL,
        value="zhang@example.org",
        verified_at=timezone.now(),
    )
    client, headers = Client(), bearer(school_helper)
    answer = _put(
        client,
        headers,
        {
            "kinds": [{"code": "birthdays", "enabled": False}],
            "digest": {**DIGEST, "digest_time": "18:00", "email_digest": True},
        },
    )
    assert answer.status_code == 200, answer.content
    assert Preference.objects.get(user=school_helper, kind="birthdays").enabled is False
    settings = UserSettings.objects.get(user=school_helper)
    assert settings.email_digest and settings.digest_time.hour == 18
    # A kind left out keeps its choice.
    assert {r["code"]: r["enabled"] for r in answer.json()["kinds"]}["care_due"] is True


def test_email_for_an_unverified_address_is_refused_and_nothing_changes(
    school_helper: User,
) -> None:
    Address.objects.create(user=school_helper, channel=Channel.EMAIL, value="zhang@example.org")
    client, headers = Client(), bearer(school_helper)
    answer = _put(
        client,
        headers,
        {
            "kinds": [{"code": "birthdays", "enabled": False}],
            "digest": {**DIGEST, "email_digest": True},
        },
    )
    assert answer.status_code == 400
    assert "verif" in answer.json()["detail"].lower()
    assert not Preference.objects.filter(user=school_helper).exists()
    assert not UserSettings.objects.filter(user=school_helper).exists()


def test_an_unknown_kind_and_a_bad_limit_are_refused(school_helper: User) -> None:
    client, headers = Client(), bearer(school_helper)
    unknown = _put(
        client, headers, {"kinds": [{"code": "nope", "enabled": True}], "digest": DIGEST}
    )
    assert unknown.status_code == 400
    assert "nope" in unknown.json()["detail"]
    too_many = _put(client, headers, {"digest": {**DIGEST, "daily_limit": 50}})
    assert too_many.status_code == 422
    assert not Preference.objects.exists() and not UserSettings.objects.exists()


def test_a_time_that_is_no_time_of_day_is_refused(school_helper: User) -> None:
    answer = _put(Client(), bearer(school_helper), {"digest": {**DIGEST, "digest_time": "25:00"}})
    assert answer.status_code == 422
    assert not UserSettings.objects.exists()


def test_putting_back_what_was_read_stores_nothing_and_refuses_nothing(
    school_helper: User,
) -> None:
    # No verified address, though e-mail (and SMS for the urgent kinds) is on by default.
    Address.objects.create(user=school_helper, channel=Channel.SMS, value="13812345678")
    client, headers = Client(), bearer(school_helper)
    read = client.get(URL, headers=headers).json()
    kinds = [
        {"code": row["code"], "enabled": row["enabled"], "email": row["email"], "sms": row["sms"]}
        for row in read["kinds"]
    ]
    answer = _put(client, headers, {"kinds": kinds, "digest": read["digest"]})
    assert answer.status_code == 200, answer.content
    assert answer.json()["kinds"] == read["kinds"]
    assert not Preference.objects.filter(user=school_helper).exists()


def test_email_switched_off_for_one_kind_is_kept_and_back_on_removes_the_row(
    school_helper: User,
) -> None:
    Address.objects.create(
        user=school_helper,
        channel=Channel.EMAIL,
        value="zhang@example.org",
        verified_at=timezone.now(),
    )
    client, headers = Client(), bearer(school_helper)
    digest = {**DIGEST, "email_digest": True}
    off = _put(
        client,
        headers,
        {"kinds": [{"code": "care_due", "enabled": True, "email": False}], "digest": digest},
    )
    assert off.status_code == 200, off.content
    row = Preference.objects.get(user=school_helper)
    assert (row.kind, row.enabled, row.email, row.sms) == ("care_due", True, False, False)
    by_code = {r["code"]: r for r in off.json()["kinds"]}
    assert by_code["care_due"]["email"] is False
    assert by_code["birthdays"]["email"] is True  # the others keep the default
    # A kind given without its channels keeps them as they were.
    again = _put(
        client, headers, {"kinds": [{"code": "care_due", "enabled": True}], "digest": digest}
    )
    assert {r["code"]: r for r in again.json()["kinds"]}["care_due"]["email"] is False
    # E-mail on again: the default, so the row goes.
    back = _put(
        client,
        headers,
        {"kinds": [{"code": "care_due", "enabled": True, "email": True}], "digest": digest},
    )
    assert back.status_code == 200, back.content
    assert not Preference.objects.filter(user=school_helper).exists()


def test_email_asked_again_without_a_verified_address_is_refused(school_helper: User) -> None:
    Preference.objects.create(user=school_helper, kind="care_due", enabled=True, email=False)
    answer = _put(
        Client(),
        bearer(school_helper),
        {"kinds": [{"code": "care_due", "enabled": True, "email": True}], "digest": DIGEST},
    )
    assert answer.status_code == 400
    assert "verif" in answer.json()["detail"].lower()
    assert Preference.objects.get(user=school_helper, kind="care_due").email is False
