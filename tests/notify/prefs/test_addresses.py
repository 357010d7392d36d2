"""Giving an e-mail address or mobile number, and verifying it with the code sent to it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import User
from guanai.notify.channels import sms
from guanai.notify.models import Address, Channel, Preference
from guanai.notify.prefs import selectors
from tests.conftest import logged_in

EMAIL_URL = reverse("notify:address_email")
PHONE_URL = reverse("notify:address_sms")
SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)


def _code_of_last_mail() -> str:
    found = re.search(r"\b(\d{6})\b", mail.outbox[-1].body)
    assert found is not None
    return found.group(1)


def _post(client: Client, url: str, **data: Any) -> Any:
    return client.post(url, data, follow=True)


def _events(user: User) -> list[str]:
    return [
        (entry.additional_data or {}).get("event", "")
        for entry in LogEntry.objects.filter(actor=user).order_by("pk")
    ]


def test_an_email_address_is_verified_by_the_code_sent_to_it(school_helper: User) -> None:
    client = logged_in(school_helper)
    with time_machine.travel(START, tick=False):
        page = _post(client, EMAIL_URL, action="save", value=" teacher@example.org ")
        assert page.status_code == 200
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["teacher@example.org"]
        address = Address.objects.get(user=school_helper, channel=Channel.EMAIL)
        assert address.value == "teacher@example.org"
        assert address.verified_at is None
        code = _code_of_last_mail()
        assert code not in address.code_hash  # only a keyed hash is kept
        html = page.content.decode()
        assert "t***@example.org" in html and "teacher@example.org" not in html
        assert selectors.verified_address(school_helper, Channel.EMAIL) is None
    with time_machine.travel(START + timedelta(minutes=9), tick=False):
        page = _post(client, EMAIL_URL, action="confirm", code=code)
    address.refresh_from_db()
    assert address.verified_at == START + timedelta(minutes=9)
    assert address.code_hash == ""
    assert selectors.verified_address(school_helper, Channel.EMAIL) == "teacher@example.org"
    assert _events(school_helper) == ["notify.address_changed", "notify.address_verified"]


def test_a_mobile_number_is_verified_through_the_sms_provider(
    school_helper: User, sms_test: list[sms.TestMessage]
) -> None:
    client = logged_in(school_helper)
    with time_machine.travel(START, tick=False):
        page = _post(client, PHONE_URL, action="save", value="138 1234 5678")
        assert page.status_code == 200
        assert "138****5678" in page.content.decode()
        assert len(sms_test) == 1
        sent = sms_test[0]
        assert (sent.phone, sent.template, sent.params[1]) == ("13812345678", "code", "10")
        assert re.fullmatch(r"\d{6}", sent.params[0])
        _post(client, PHONE_URL, action="confirm", code=sent.params[0])
    assert selectors.verified_address(school_helper, Channel.SMS) == "13812345678"


def test_without_an_sms_provider_the_page_says_so_and_nothing_is_kept(
    school_helper: User, settings: Any
) -> None:
    settings.GUANAI_SMS_PROVIDER = ""
    client = logged_in(school_helper)
    assert "SMS is not set up" in client.get(PHONE_URL).content.decode() or (
        "短信" in client.get(PHONE_URL).content.decode()
    )
    answer = client.post(PHONE_URL, {"action": "save", "value": "13812345678"})
    assert answer.status_code == 400
    assert not Address.objects.exists()


def test_bad_addresses_are_refused_and_nothing_is_kept(
    school_helper: User, sms_test: list[sms.TestMessage]
) -> None:
    client = logged_in(school_helper)
    for url, value in (
        (EMAIL_URL, ""),
        (EMAIL_URL, "teacher"),
        (EMAIL_URL, "teacher@"),
        (EMAIL_URL, "a b@example.org"),
        (PHONE_URL, ""),
        (PHONE_URL, "1381234567"),  # 10 digits
        (PHONE_URL, "0836-2812345"),  # a landline receives no SMS
        (PHONE_URL, "23812345678"),
        (PHONE_URL, "abc"),
    ):
        answer = client.post(url, {"action": "save", "value": value})
        assert answer.status_code == 400, value
        assert "alert-danger" in answer.content.decode(), value
    assert not Address.objects.exists()
    assert mail.outbox == [] and sms_test == []


def test_a_wrong_code_counts_and_five_need_a_new_code(school_helper: User) -> None:
    client = logged_in(school_helper)
    with time_machine.travel(START, tick=False):
        _post(client, EMAIL_URL, action="save", value="teacher@example.org")
        code = _code_of_last_mail()
        wrong = "000000" if code != "000000" else "111111"
        for tries in range(1, 6):
            answer = client.post(EMAIL_URL, {"action": "confirm", "code": wrong})
            assert answer.status_code == 400
            assert Address.objects.get().attempts == tries
        # The right code no longer helps: a new one is needed.
        answer = client.post(EMAIL_URL, {"action": "confirm", "code": code})
        assert answer.status_code == 400
        assert Address.objects.get().verified_at is None
        for bad in ("12345", "abcdef", ""):
            assert client.post(EMAIL_URL, {"action": "confirm", "code": bad}).status_code == 400
        assert Address.objects.get().attempts == 5
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        _post(client, EMAIL_URL, action="resend")
        assert len(mail.outbox) == 2
        assert Address.objects.get().attempts == 0
        _post(client, EMAIL_URL, action="confirm", code=_code_of_last_mail())
    assert Address.objects.get().verified_at is not None
    assert _events(school_helper).count("notify.code_wrong") == 5


def test_a_code_is_valid_ten_minutes_and_sent_at_most_once_a_minute(school_helper: User) -> None:
    client = logged_in(school_helper)
    with time_machine.travel(START, tick=False):
        _post(client, EMAIL_URL, action="save", value="teacher@example.org")
        code = _code_of_last_mail()
    with time_machine.travel(START + timedelta(seconds=59), tick=False):
        again = client.post(EMAIL_URL, {"action": "resend"})
        assert again.status_code == 400
        assert "wait a minute" in again.content.decode() or "分钟" in again.content.decode()
        changed = client.post(EMAIL_URL, {"action": "save", "value": "other@example.org"})
        assert changed.status_code == 400
        assert len(mail.outbox) == 1
        assert Address.objects.get().value == "teacher@example.org"
    with time_machine.travel(START + timedelta(minutes=10, seconds=1), tick=False):
        late = client.post(EMAIL_URL, {"action": "confirm", "code": code})
        assert late.status_code == 400
        assert Address.objects.get().verified_at is None


def test_changing_the_address_unverifies_it_and_the_choices_wait(school_helper: User) -> None:
    client = logged_in(school_helper)
    with time_machine.travel(START, tick=False):
        _post(client, EMAIL_URL, action="save", value="teacher@example.org")
        _post(client, EMAIL_URL, action="confirm", code=_code_of_last_mail())
    Preference.objects.create(user=school_helper, kind="k", enabled=True, email=True)
    assert selectors.channels_for([school_helper.pk], "k") == {school_helper.pk: {"email"}}
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        _post(client, EMAIL_URL, action="save", value="new@example.org")
        assert mail.outbox[-1].to == ["new@example.org"]
    address = Address.objects.get()
    assert (address.value, address.verified_at) == ("new@example.org", None)
    assert Preference.objects.get(user=school_helper, kind="k").email is True
    assert selectors.channels_for([school_helper.pk], "k") == {school_helper.pk: set()}
    # The code sent to the old address does not verify the new one.
    with time_machine.travel(START + timedelta(minutes=6), tick=False):
        _post(client, EMAIL_URL, action="confirm", code=_code_of_last_mail())
    assert selectors.channels_for([school_helper.pk], "k") == {school_helper.pk: {"email"}}


def test_the_same_verified_address_is_not_sent_a_code_again(school_helper: User) -> None:
    client = logged_in(school_helper)
    with time_machine.travel(START, tick=False):
        _post(client, EMAIL_URL, action="save", value="teacher@example.org")
        _post(client, EMAIL_URL, action="confirm", code=_code_of_last_mail())
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        answer = client.post(EMAIL_URL, {"action": "save", "value": "teacher@example.org"})
    assert answer.status_code == 400
    assert len(mail.outbox) == 1


def test_a_failing_provider_is_refused_with_its_answer_and_nothing_kept(
    school_helper: User, sms_test: list[sms.TestMessage]
) -> None:
    sms.TestProvider.failing = {"13812345678"}
    try:
        answer = logged_in(school_helper).post(
            PHONE_URL, {"action": "save", "value": "13812345678"}
        )
    finally:
        sms.TestProvider.failing = set()
    assert answer.status_code == 400
    assert "LimitExceeded" in answer.content.decode()
    assert not Address.objects.exists()


def test_removing_the_address(school_helper: User) -> None:
    client = logged_in(school_helper)
    _post(client, EMAIL_URL, action="save", value="teacher@example.org")
    _post(client, EMAIL_URL, action="remove")
    assert not Address.objects.exists()
    assert client.post(EMAIL_URL, {"action": "remove"}).status_code == 400
    assert client.post(EMAIL_URL, {"action": "resend"}).status_code == 400
    assert client.post(EMAIL_URL, {"action": "nonsense"}).status_code == 400
    assert "notify.address_removed" in _events(school_helper)


def test_posts_without_the_csrf_token_are_refused(school_helper: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(school_helper)
    answer = client.post(EMAIL_URL, {"action": "save", "value": "teacher@example.org"})
    assert answer.status_code == 403
    assert not Address.objects.exists()
    assert mail.outbox == []
