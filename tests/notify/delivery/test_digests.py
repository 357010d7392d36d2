"""The digests at their boundaries (Asia/Shanghai), quiet hours, the daily limit, urgent
kinds, the units' robots, and a job run twice sending nothing twice."""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest
import time_machine
from django.core.management import call_command

from guanai.accounts.models import Role, User
from guanai.notify.delivery.digests import quiet, send_due
from guanai.notify.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Preference,
    UnitWebhook,
    UserSettings,
)
from guanai.notify.prefs import selectors as prefs_selectors
from guanai.notify.prefs.services import Choice, DigestData, preferences_save
from tests import factories
from tests.conftest import Region
from tests.notify.channels.tencent_fake import TencentFake
from tests.notify.delivery.given import ALARM, REPORT, TALKS, item, shanghai, verified
from tests.notify.delivery.servers import Mailbox, Robot
from tests.support.queries import assert_same_query_count, count_queries

NOTHING = {"inapp": 0, "email": 0, "sms": 0, "webhook": 0, "failed": 0}


def at(moment: datetime, *, force: bool = False) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return send_due(force=force)


@pytest.fixture
def helper(school_helper: User) -> User:
    UserSettings.objects.create(user=school_helper, email_digest=True, sms_digest=True)
    verified(school_helper, Channel.EMAIL, "helper@example.org")
    return school_helper


@pytest.mark.parametrize(
    ("hour", "minute", "is_quiet"),
    [(20, 59, False), (21, 0, True), (23, 59, True), (0, 0, True), (6, 59, True), (7, 0, False)],
)
def test_the_quiet_hours_boundaries(hour: int, minute: int, is_quiet: bool) -> None:
    assert quiet(shanghai(2026, 12, 7, hour, minute)) is is_quiet


def test_the_digest_comes_at_0730_not_0729_with_the_items_as_email_and_inbox(
    helper: User, mailbox: Mailbox
) -> None:
    # Given a report returned (registered after the talks) and talks due
    item(helper, REPORT, "r1", params={"month": "2026年11月"}, link="/reports/1/")
    item(helper, TALKS, "w49", count=3, names=["张小明"], link="/care/worklist/")

    assert at(shanghai(2026, 12, 7, 7, 29)) == NOTHING
    assert at(shanghai(2026, 12, 7, 7, 30)) == {**NOTHING, "inapp": 1, "email": 1}

    # The in-app digest links to the most important item's page: the talks (first kind)
    digest = Notification.objects.get(recipient=helper, kind="digest")
    assert (digest.key, digest.count, digest.link) == ("2026-12-07", 2, "/care/worklist/")
    assert digest.params == {TALKS.code: 1, REPORT.code: 1}
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0
    # The e-mail holds the kinds' sentences and links to Guanai, nothing else
    (message,) = mailbox.messages
    assert message["X-Rcpt-To"] == "helper@example.org"
    body = mailbox.bodies()[0]
    assert "3 talks due this week (张小明)\n  https://guanai.example.org/care/worklist/" in body
    assert body.index("talks due") < body.index("was returned")
    assert "https://guanai.example.org/reports/1/" in body
    delivery = Delivery.objects.get(channel=Channel.EMAIL)
    assert delivery.key == f"digest:email:{helper.pk}:2026-12-07"
    assert set(delivery.notifications.values_list("kind", flat=True)) == {TALKS.code, REPORT.code}


def test_a_job_run_twice_sends_nothing_twice_and_the_digest_comes_once_a_day(
    helper: User, mailbox: Mailbox
) -> None:
    item(helper, TALKS, "w49", count=3)
    assert at(shanghai(2026, 12, 7, 7, 30))["email"] == 1
    assert at(shanghai(2026, 12, 7, 7, 30)) == NOTHING
    # A new item later that day waits for tomorrow's digest
    item(helper, TALKS, "w49-late", count=1)
    assert at(shanghai(2026, 12, 7, 12, 0)) == NOTHING
    assert at(shanghai(2026, 12, 8, 7, 30)) == {**NOTHING, "inapp": 1, "email": 1}
    assert len(mailbox.messages) == 2
    helper.notify_settings.refresh_from_db()
    assert helper.notify_settings.last_digest_on.isoformat() == "2026-12-08"


def test_without_settings_the_digest_is_in_the_inbox_only(
    township_worker: User, mailbox: Mailbox
) -> None:
    verified(township_worker, Channel.EMAIL, "worker@example.org")
    item(township_worker, REPORT, "r1")
    assert at(shanghai(2026, 12, 7, 7, 30)) == {**NOTHING, "inapp": 1}
    assert mailbox.messages == []


def test_an_item_with_email_off_stays_out_of_the_email(helper: User, mailbox: Mailbox) -> None:
    Preference.objects.create(user=helper, kind=REPORT.code, enabled=True, email=False)
    item(helper, REPORT, "r1", link="/reports/1/")
    item(helper, TALKS, "w49")
    at(shanghai(2026, 12, 7, 7, 30))
    assert "/reports/1/" not in mailbox.bodies()[0]


def test_email_switched_off_for_one_kind_leaves_it_out_of_the_email_digest_only(
    helper: User, mailbox: Mailbox
) -> None:
    # Given her preferences saved as the page sends them (every kind as shown), with e-mail
    # switched off for the talks and the e-mail digest kept on
    choices = {
        row.kind.code: Choice(enabled=row.enabled, email=row.email, sms=row.sms)
        for row in prefs_selectors.kind_rows(helper)
    }
    choices[TALKS.code] = Choice(enabled=True, email=False)
    preferences_save(
        helper,
        choices,
        DigestData(digest_time=time(7, 30), email_digest=True, sms_digest=True, daily_limit=5),
    )
    assert list(Preference.objects.filter(user=helper).values_list("kind", "email")) == [
        (TALKS.code, False)
    ]
    item(helper, TALKS, "w49", count=3, link="/care/worklist/")
    item(helper, REPORT, "r1", params={"month": "2026年11月"}, link="/reports/1/")

    # When the digest goes
    assert at(shanghai(2026, 12, 7, 7, 30)) == {**NOTHING, "inapp": 1, "email": 1}

    # Then the e-mail holds the report only, the in-app digest both
    body = mailbox.bodies()[0]
    assert "/reports/1/" in body
    assert "talks due" not in body and "/care/worklist/" not in body
    digest = Notification.objects.get(recipient=helper, kind="digest")
    assert (digest.count, digest.params) == (2, {TALKS.code: 1, REPORT.code: 1})
    assert Notification.objects.filter(recipient=helper, kind=TALKS.code).exists()


def test_without_a_choice_a_kind_goes_in_the_email_digest_not_the_sms_one(
    helper: User, mailbox: Mailbox, tencent: TencentFake
) -> None:
    # Both digests on, both addresses verified, no row for any kind: e-mail is on for every
    # kind, SMS only for the urgent ones (which go at once).
    verified(helper, Channel.SMS, "13800138000")
    item(helper, TALKS, "w49", count=3)
    item(helper, REPORT, "r1", link="/reports/1/")
    assert at(shanghai(2026, 12, 7, 7, 30)) == {**NOTHING, "inapp": 1, "email": 1}
    assert tencent.requests == []
    assert not Delivery.objects.filter(channel=Channel.SMS).exists()


@pytest.mark.parametrize(("digest_at", "sent_now"), [(time(20, 59), True), (time(21, 0), False)])
def test_an_sms_digest_waits_for_the_end_of_the_quiet_hours(
    helper: User, tencent: TencentFake, mailbox: Mailbox, digest_at: time, sent_now: bool
) -> None:
    UserSettings.objects.filter(user=helper).update(digest_time=digest_at)
    Preference.objects.create(user=helper, kind=TALKS.code, enabled=True, email=True, sms=True)
    verified(helper, Channel.SMS, "13800138000")
    item(helper, TALKS, "w49", count=3)

    counts = at(shanghai(2026, 12, 7, digest_at.hour, digest_at.minute))

    # The e-mail goes in the quiet hours too; the SMS waits until 07:00
    assert counts == {**NOTHING, "inapp": 1, "email": 1, "sms": 1 if sent_now else 0}
    assert len(tencent.requests) == (1 if sent_now else 0)
    if not sent_now:
        waiting = Delivery.objects.get(channel=Channel.SMS)
        assert waiting.status == DeliveryStatus.QUEUED
        assert waiting.next_try_at == shanghai(2026, 12, 8, 7, 0)
        assert at(shanghai(2026, 12, 8, 6, 59))["sms"] == 0
        assert at(shanghai(2026, 12, 8, 7, 0))["sms"] == 1
    (request,) = tencent.requests
    assert request.body["TemplateId"] == "100002"
    assert request.body["TemplateParamSet"] == ["1", "https://guanai.example.org/"]


def test_urgent_kinds_go_at_once_in_the_quiet_hours_by_email_and_sms(
    region: Region, tencent: TencentFake, mailbox: Mailbox
) -> None:
    leader = factories.user(unit=region.county, role=Role.LEADER)
    verified(leader, Channel.EMAIL, "leader@example.org")
    verified(leader, Channel.SMS, "13900139000")
    alarm = item(leader, ALARM, "a1", count=1, link="/care/warnings/")

    assert at(shanghai(2026, 12, 7, 23, 0)) == {**NOTHING, "email": 1, "sms": 1}
    alarm.refresh_from_db()
    assert alarm.sent_at is not None
    assert "Urgent: 1 warning to confirm" in mailbox.bodies()[0]
    assert tencent.requests[0].body["PhoneNumberSet"] == ["+8613900139000"]
    # Sent already: the digest of the morning does not repeat it
    assert at(shanghai(2026, 12, 8, 7, 30)) == NOTHING


def test_the_daily_limit_holds_messages_until_the_next_digest(
    region: Region, mailbox: Mailbox
) -> None:
    leader = factories.user(unit=region.county, role=Role.LEADER)
    UserSettings.objects.create(user=leader, daily_limit=2, email_digest=True)
    verified(leader, Channel.EMAIL, "leader@example.org")
    for n in range(3):
        item(leader, ALARM, f"a{n}")

    assert at(shanghai(2026, 12, 7, 10, 0))["email"] == 2
    assert Notification.objects.filter(kind=ALARM.code, sent_at__isnull=True).count() == 1
    assert at(shanghai(2026, 12, 7, 11, 0))["email"] == 0
    # The next day the one held back comes (urgent: at once, before the digest time)
    assert at(shanghai(2026, 12, 8, 0, 1))["email"] == 1
    assert len(mailbox.messages) == 3


def test_a_units_robot_hears_each_event_once_as_initials_at_0730(
    region: Region, county_sysadmin: User, robot: Robot
) -> None:
    UnitWebhook.objects.create(
        unit=region.lengqi, url=robot.url, kinds=[TALKS.code], created_by=county_sysadmin
    )
    helpers = [factories.user(unit=region.lengqi_school, role=Role.HELPER) for _ in range(2)]
    for account in helpers:
        item(account, TALKS, "w49", count=2, names=["张小明"], unit=region.lengqi)
    item(helpers[0], REPORT, "r1", unit=region.lengqi)  # a kind the robot does not hear
    item(helpers[0], TALKS, "other-unit", unit=region.xinglong)

    with time_machine.travel(shanghai(2026, 12, 7, 7, 0), tick=False):
        Notification.objects.update(created_at=shanghai(2026, 12, 7, 7, 0))
    assert at(shanghai(2026, 12, 7, 7, 29))["webhook"] == 0
    assert at(shanghai(2026, 12, 7, 7, 30))["webhook"] == 1
    assert at(shanghai(2026, 12, 7, 7, 31))["webhook"] == 0
    assert at(shanghai(2026, 12, 8, 7, 30))["webhook"] == 0

    (text,) = robot.texts()
    assert text.startswith("Guanai · 冷碛镇") or text.startswith("关爱 · 冷碛镇")
    assert text.count("talks due") == 1
    assert "ZXM" in text and "张小明" not in text
    assert "was returned" not in text


def test_force_ignores_the_digest_time_and_the_quiet_hours(
    helper: User, tencent: TencentFake, mailbox: Mailbox
) -> None:
    Preference.objects.create(user=helper, kind=TALKS.code, enabled=True, email=True, sms=True)
    verified(helper, Channel.SMS, "13800138000")
    item(helper, TALKS, "w49")
    assert at(shanghai(2026, 12, 7, 3, 0), force=True) == {
        **NOTHING,
        "inapp": 1,
        "email": 1,
        "sms": 1,
    }
    assert at(shanghai(2026, 12, 7, 3, 1), force=True) == NOTHING


def test_a_failing_channel_counts_as_failed_and_keeps_the_in_app_digest(
    helper: User, mailbox: Mailbox
) -> None:
    mailbox.refuse = True
    notification = item(helper, TALKS, "w49")
    assert at(shanghai(2026, 12, 7, 7, 30)) == {**NOTHING, "inapp": 1, "failed": 1}
    assert Notification.objects.filter(recipient=helper, kind="digest").exists()
    notification.refresh_from_db()
    assert notification.archived_at is None
    failed = Delivery.objects.get()
    assert failed.status == DeliveryStatus.RETRYING
    assert "550" in failed.response


def test_the_command_prints_one_json_line(
    helper: User, mailbox: Mailbox, capsys: pytest.CaptureFixture[str]
) -> None:
    item(helper, TALKS, "w49")
    with time_machine.travel(shanghai(2026, 12, 7, 5, 0), tick=False):
        call_command("send_digests", "--now")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == {"inapp": 1, "email": 1, "sms": 0, "webhook": 0, "failed": 0}


def test_the_queries_of_a_run_do_not_grow_with_the_persons(region: Region) -> None:
    def persons(n: int) -> None:
        for _ in range(n):
            account = factories.user(unit=region.lengqi_school, role=Role.HELPER)
            item(account, TALKS, "w49")

    persons(1)
    with time_machine.travel(shanghai(2026, 12, 7, 7, 30), tick=False), count_queries() as one:
        send_due()
    persons(20)
    with time_machine.travel(shanghai(2026, 12, 8, 7, 30), tick=False), count_queries() as many:
        send_due()
    assert Notification.objects.filter(kind="digest").count() == 21
    assert_same_query_count(one, many)
