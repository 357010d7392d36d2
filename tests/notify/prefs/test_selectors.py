"""What the sending side asks: the channels chosen (or by default) and verified, a verified
address; the one rule of a kind's channels."""

from __future__ import annotations

from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.notify import kinds
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
    email_off = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    for user in (both, unverified_phone, off, nothing_chosen, other_kind, email_off):
        _address(user, Channel.EMAIL, f"{user.username}@example.org")
    _address(both, Channel.SMS, "13812345678")
    _address(nothing_chosen, Channel.SMS, "13812345670")
    _address(unverified_phone, Channel.SMS, "13812345679", verified=False)
    Preference.objects.create(user=both, kind="t_talks_due", enabled=True, email=True, sms=True)
    Preference.objects.create(
        user=unverified_phone, kind="t_talks_due", enabled=True, email=False, sms=True
    )
    # Switched off: no channel, whatever was ticked.
    Preference.objects.create(user=off, kind="t_talks_due", enabled=False, email=True)
    Preference.objects.create(user=other_kind, kind="t_bulletin", enabled=True, email=False)
    Preference.objects.create(user=email_off, kind="t_talks_due", enabled=True, email=False)
    asked = [u.pk for u in (both, unverified_phone, off, nothing_chosen, other_kind, email_off)]

    with assert_num_queries(2):
        found = selectors.channels_for(asked, "t_talks_due")

    assert found == {
        both.pk: {"email", "sms"},
        unverified_phone.pk: set(),
        off.pk: set(),
        # No row for the kind: by e-mail, not by SMS (the talks are not urgent).
        nothing_chosen.pk: {"email"},
        other_kind.pk: {"email"},
        email_off.pk: set(),
    }


def test_without_a_row_a_kind_goes_by_email_and_by_sms_only_if_urgent(
    region: Region, test_kinds: object
) -> None:
    urgent, ordinary = kinds.get("t_report_due"), kinds.get("t_talks_due")
    assert urgent is not None and urgent.urgent and ordinary is not None
    assert selectors.chosen_channels(urgent.code, None) == selectors.Channels(email=True, sms=True)
    assert selectors.chosen_channels(ordinary.code, None) == selectors.Channels(
        email=True, sms=False
    )
    # A kind since removed: e-mail only.
    assert selectors.chosen_channels("gone", None) == selectors.Channels(email=True, sms=False)
    # A row overrides the defaults, either way.
    user = factories.user(unit=region.lengqi, role=Role.WORKER)
    row = Preference(user=user, kind=urgent.code, enabled=True, email=False, sms=False)
    assert selectors.chosen_channels(urgent.code, row) == selectors.Channels(email=False, sms=False)
    _address(user, Channel.EMAIL, "clerk@example.org")
    _address(user, Channel.SMS, "13812345678")
    assert selectors.channels_for([user.pk], urgent.code) == {user.pk: {"email", "sms"}}
    assert selectors.channels_for([user.pk], ordinary.code) == {user.pk: {"email"}}


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
