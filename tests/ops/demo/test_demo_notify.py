"""The notifications' demo: addresses verified with the e-mail digest on, a week of messages,
today's digest in the inbox and by e-mail."""

from __future__ import annotations

from django.utils import timezone

from guanai.accounts.models import User
from guanai.notify.models import (
    Address,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    UserSettings,
)
from guanai.orgs.models import OrgUnit


def test_every_demo_account_has_a_verified_address_and_the_email_digest(
    demo: dict[str, OrgUnit],
) -> None:
    teacher = User.objects.get(username="teacher")
    assert teacher.email == "teacher@example.org"
    address = Address.objects.get(user=teacher, channel=Channel.EMAIL)
    assert address.value == "teacher@example.org" and address.verified_at is not None
    assert UserSettings.objects.get(user=teacher).email_digest is True
    assert Address.objects.filter(verified_at__isnull=False).count() >= 11


def test_the_teacher_has_a_week_of_messages_and_todays_digest_leads_to_the_work_list(
    demo: dict[str, OrgUnit],
) -> None:
    inbox = Notification.objects.filter(recipient__username="teacher")
    days = {timezone.localtime(n.created_at).date() for n in inbox}
    assert len(days) >= 2
    assert inbox.filter(kind="care_due").exists()
    digest = inbox.get(kind="digest")
    assert digest.link == "/care/"
    assert digest.read_at is None
    older = inbox.exclude(kind="digest").filter(read_at__isnull=False)
    assert older.exists() and all(n.sent_at for n in older)


def test_the_county_leader_is_told_of_the_warnings_to_confirm(demo: dict[str, OrgUnit]) -> None:
    inbox = Notification.objects.filter(recipient__username="county_leader")
    assert inbox.filter(kind="warnings_new", count__gt=0).exists()
    assert inbox.filter(kind="digest").exists()


def test_the_digests_went_by_email_to_the_demo_addresses(demo: dict[str, OrgUnit]) -> None:
    sent = Delivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.SENT)
    teacher = sent.get(recipient__username="teacher")
    assert "/care/" in teacher.text
    assert sent.filter(recipient__username="county_leader").exists()
