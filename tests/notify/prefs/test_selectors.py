"""What the sending side asks: the channels chosen and verified, a verified address."""

from __future__ import annotations

from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.notify.models import Address, Channel, Preference
from guanai.notify.prefs import selectors
from tests import factories
from tests.conftest import Region
from tests.support.queries import assert_num_queries


def _address(user: User, channel: str, value: str, *, verified: bool = True) -> Address:
    return Address.objects.create(
        user=user, channel=channel, value=value, verified_at=timezone.now() if verified else None
    )


def test_channels_for_gives_the_chosen_and_verified_channels_only(
    region: Region, test_kinds: object
) -> None:
    both = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    unverified_phone = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    off = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    nothing_chosen = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    other_kind = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    for user in (both, unverified_phone, off, nothing_chosen, other_kind):
        _address(user, Channel.EMAIL, f"{user.username}@example.org")
    _address(both, Channel.SMS, "13812345678")
    _address(unverified_phone, Channel.SMS, "13812345679", verified=False)
    Preference.objects.create(user=both, kind="t_talks_due", enabled=True, email=True, sms=True)
    Preference.objects.create(
        user=unverified_phone, kind="t_talks_due", enabled=True, email=False, sms=True
    )
    # Switched off: no channel, whatever was ticked.
    Preference.objects.create(user=off, kind="t_talks_due", enabled=False, email=True)
    Preference.objects.create(user=other_kind, kind="t_bulletin", enabled=True, email=True)
    asked = [u.pk for u in (both, unverified_phone, off, nothing_chosen, other_kind)]

    with assert_num_queries(2):
        found = selectors.channels_for(asked, "t_talks_due")

    assert found == {
        both.pk: {"email", "sms"},
        unverified_phone.pk: set(),
        off.pk: set(),
        nothing_chosen.pk: set(),
        other_kind.pk: set(),
    }


def test_channels_for_runs_two_queries_whatever_the_number_of_persons(region: Region) -> None:
    users = [factories.user(unit=region.lengqi_school, role=Role.HELPER) for _ in range(12)]
    for user in users:
        _address(user, Channel.EMAIL, f"{user.username}@example.org")
        Preference.objects.create(user=user, kind="k", enabled=True, email=True)
    with assert_num_queries(2):
        found = selectors.channels_for([u.pk for u in users], "k")
    assert all(channels == {"email"} for channels in found.values())
    with assert_num_queries(0):
        assert selectors.channels_for([], "k") == {}


def test_verified_address_is_none_until_verified(region: Region) -> None:
    user = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    assert selectors.verified_address(user, Channel.EMAIL) is None
    address = _address(user, Channel.EMAIL, "teacher@example.org", verified=False)
    assert selectors.verified_address(user, Channel.EMAIL) is None
    address.verified_at = timezone.now()
    address.save()
    assert selectors.verified_address(user, Channel.EMAIL) == "teacher@example.org"
    assert selectors.verified_address(user.pk, Channel.EMAIL) == "teacher@example.org"
    assert selectors.verified_address(user, Channel.SMS) is None


def test_masks() -> None:
    assert selectors.masked_email("alice@example.org") == "a***@example.org"
    assert (
        selectors.masked_webhook(
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
        )
        == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa"
    )
    assert selectors.masked_webhook("http://127.0.0.1:8000/robot/secret-path") == (
        "http://127.0.0.1:8000/****path"
    )
