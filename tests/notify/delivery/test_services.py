"""The delivery log: a message queued once, sent to a verified address, retried with
back-off when the provider fails, and the in-app copy untouched."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from guanai.accounts.models import User
from guanai.notify.delivery import services
from guanai.notify.models import (
    Address,
    Channel,
    Delivery,
    DeliveryStatus,
    UnitWebhook,
)
from tests.conftest import Region
from tests.notify.channels.tencent_fake import TencentFake
from tests.notify.delivery.given import TALKS, item, shanghai, verified
from tests.notify.delivery.servers import Mailbox, Robot


def test_a_key_is_queued_once_and_the_second_queue_sends_nothing(
    school_helper: User, mailbox: Mailbox
) -> None:
    verified(school_helper, Channel.EMAIL, "helper@example.org")
    first = services.queue("test:1", Channel.EMAIL, "text", subject="s", recipient=school_helper)
    again = services.queue("test:1", Channel.EMAIL, "other", recipient=school_helper)

    assert first is not None
    assert again is None
    services.retry_due(timezone.now())
    services.retry_due(timezone.now())
    assert len(mailbox.messages) == 1
    assert Delivery.objects.get().text == "text"


def test_an_email_goes_to_the_verified_address_only(
    school_helper: User, township_worker: User, mailbox: Mailbox
) -> None:
    verified(school_helper, Channel.EMAIL, "helper@example.org")
    Address.objects.create(user=township_worker, channel=Channel.EMAIL, value="w@example.org")
    now = timezone.now()
    sent = services.queue("a", Channel.EMAIL, "hello", subject="Hi", recipient=school_helper)
    unverified = services.queue(
        "b", Channel.EMAIL, "hello", subject="Hi", recipient=township_worker
    )
    assert sent is not None and unverified is not None

    services.dispatch(sent, now)
    services.dispatch(unverified, now)

    assert [m["X-Rcpt-To"] for m in mailbox.messages] == ["helper@example.org"]
    sent.refresh_from_db()
    assert (sent.status, sent.sent_at, sent.attempts) == (DeliveryStatus.SENT, now, 1)
    assert sent.response == "250 accepted"
    unverified.refresh_from_db()
    assert unverified.status == DeliveryStatus.FAILED
    assert unverified.response == "the recipient has no verified email address"


def test_a_failing_provider_is_retried_with_back_off_then_failed_and_the_inbox_keeps_its_copy(
    school_helper: User, tencent: TencentFake
) -> None:
    # Given a notification and its SMS copy, and a provider refusing it
    notification = item(school_helper, TALKS, "w1", count=3)
    verified(school_helper, Channel.SMS, "13800138000")
    tencent.answer = "LimitExceeded.PhoneNumberDailyLimit"
    delivery = services.queue(
        "sms:1",
        Channel.SMS,
        "3\nhttps://guanai.example.org/",
        subject="digest",
        recipient=school_helper,
        notifications=[notification.pk],
    )
    assert delivery is not None
    start = shanghai(2026, 12, 7, 8, 0)

    # When it is tried: 1 minute, then 2 minutes later, then it fails for good (3 tries)
    with time_machine.travel(start, tick=False):
        services.dispatch(delivery, start)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.attempts == 1
    assert delivery.next_try_at == start + timedelta(minutes=1)
    assert "LimitExceeded.PhoneNumberDailyLimit" in delivery.response

    assert services.retry_due(start + timedelta(seconds=59)) == []
    services.retry_due(start + timedelta(minutes=1))
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.next_try_at) == (2, start + timedelta(minutes=3))

    services.retry_due(start + timedelta(minutes=3))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_try_at) == (
        DeliveryStatus.FAILED,
        3,
        None,
    )
    assert services.retry_due(start + timedelta(days=1)) == []
    assert len(tencent.requests) == 3

    # Then the in-app copy is still there, unread and unarchived
    notification.refresh_from_db()
    assert notification.read_at is None and notification.archived_at is None


def test_a_retry_that_succeeds_is_sent(school_helper: User, tencent: TencentFake) -> None:
    verified(school_helper, Channel.SMS, "13800138000")
    tencent.answer = "error"
    delivery = services.queue(
        "sms:2", Channel.SMS, "1\nx", subject="digest", recipient=school_helper
    )
    assert delivery is not None
    now = timezone.now()
    services.dispatch(delivery, now)
    tencent.answer = "ok"
    services.retry_due(now + timedelta(minutes=1))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert tencent.requests[-1].body["TemplateParamSet"] == ["1", "x"]


def test_a_webhook_goes_to_the_units_active_robot(
    region: Region, county_sysadmin: User, robot: Robot
) -> None:
    UnitWebhook.objects.create(unit=region.lengqi, url=robot.url, created_by=county_sysadmin)
    delivery = services.queue("w:1", Channel.WEBHOOK, "你好", unit=region.lengqi)
    assert delivery is not None
    services.dispatch(delivery, timezone.now())
    assert robot.texts() == ["你好"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT

    robot.errcode = 93000
    again = services.queue("w:2", Channel.WEBHOOK, "再来", unit=region.lengqi)
    assert again is not None
    services.dispatch(again, timezone.now())
    again.refresh_from_db()
    assert again.status == DeliveryStatus.RETRYING
    assert "93000" in again.response


def test_a_delivery_held_by_another_worker_is_not_sent_twice(
    school_helper: User, mailbox: Mailbox
) -> None:
    verified(school_helper, Channel.EMAIL, "helper@example.org")
    delivery = services.queue("e:1", Channel.EMAIL, "x", subject="s", recipient=school_helper)
    assert delivery is not None
    stale = Delivery.objects.get(pk=delivery.pk)
    now = timezone.now()
    services.dispatch(delivery, now)
    services.dispatch(stale, now)
    assert len(mailbox.messages) == 1
