"""The preferences page: every kind by group, its channels, the digest; one form, one save."""

from __future__ import annotations

import datetime
import re
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.notify import kinds
from guanai.notify.models import Address, Channel, Preference, UserSettings
from tests import factories
from tests.conftest import Region, logged_in
from tests.notify.prefs.conftest import make_kind
from tests.support.queries import count_queries

URL = reverse("notify:preferences")


def _form(user: User, **changes: Any) -> dict[str, Any]:
    """What the page posts when nothing is changed, with ``changes`` on top."""
    client = logged_in(user)
    form = client.get(URL).context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.time):
            data[name] = value.strftime("%H:%M")
        else:
            data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return data


def _verified(user: User, channel: str, value: str) -> None:
    Address.objects.create(user=user, channel=channel, value=value, verified_at=timezone.now())


def _ticked(html: str, name: str) -> bool:
    """Whether the page's checkbox ``name`` is ticked, as the person sees it."""
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert found, name
    return "checked" in found.group(0)


def test_a_teacher_sees_the_kinds_of_her_role_first_and_the_others_folded(
    school_helper: User, test_kinds: object
) -> None:
    page = logged_in(school_helper).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    folded = html.index("<details")
    # Hers: the talks due (care) and the bulletin (announcements), switched on by default.
    assert html.index("Label of t_talks_due") < folded
    assert html.index("Label of t_bulletin") < folded
    # The leaders' and clerks' kinds are there, folded, switched off.
    assert html.index("Label of t_warnings") > folded
    assert html.index("Label of t_report_due") > folded
    form = page.context["form"]
    assert form["on:t_talks_due"].value() is True
    assert form["on:t_warnings"].value() is False
    # The channels as the digests send them until she chooses: e-mail for every kind, SMS
    # for the urgent ones only.
    assert _ticked(html, "email:t_talks_due") and _ticked(html, "email:t_warnings")
    assert not _ticked(html, "sms:t_talks_due") and not _ticked(html, "sms:t_bulletin")
    assert _ticked(html, "sms:t_report_due")
    assert "关爱工作" in html or "Care work" in html
    assert form["digest_time"].value() == datetime.time(7, 30)
    assert form["daily_limit"].value() == 5


def test_saving_keeps_only_the_choices_that_differ_from_the_default(
    school_helper: User, test_kinds: object
) -> None:
    _verified(school_helper, Channel.EMAIL, "teacher@example.org")
    _verified(school_helper, Channel.SMS, "13812345678")
    data = _form(
        school_helper,
        **{
            "on:t_bulletin": False,
            "on:t_warnings": True,
            "email:t_talks_due": False,
            "sms:t_report_due": False,
        },
        digest_time="18:00",
        email_digest=True,
        daily_limit="9",
    )
    answer = logged_in(school_helper).post(URL, data)
    assert answer.status_code == 302
    stored = {
        p.kind: (p.enabled, p.email, p.sms) for p in Preference.objects.filter(user=school_helper)
    }
    assert stored == {
        "t_bulletin": (False, True, False),
        "t_warnings": (True, True, False),
        "t_talks_due": (True, False, False),
        "t_report_due": (False, True, False),
    }
    mine = UserSettings.objects.get(user=school_helper)
    assert (mine.digest_time, mine.email_digest, mine.daily_limit) == (
        datetime.time(18, 0),
        True,
        9,
    )
    events = [
        (entry.content_type.model, (entry.additional_data or {}).get("event"))
        for entry in LogEntry.objects.filter(actor=school_helper)
    ]
    assert events.count(("preference", "notify.preferences_saved")) == 4
    assert ("usersettings", "notify.digest_settings_saved") in events
    # The page shows what she chose.
    html = logged_in(school_helper).get(URL).content.decode()
    assert not _ticked(html, "email:t_talks_due") and not _ticked(html, "sms:t_report_due")
    # Back to the defaults: the rows go, so the kinds follow the roles again.
    data = _form(
        school_helper,
        **{
            "on:t_bulletin": True,
            "on:t_warnings": False,
            "email:t_talks_due": True,
            "sms:t_report_due": True,
        },
    )
    assert logged_in(school_helper).post(URL, data).status_code == 302
    assert not Preference.objects.filter(user=school_helper).exists()


def test_saving_the_page_untouched_stores_nothing_and_refuses_nothing(
    region: Region, school_helper: User, test_kinds: object
) -> None:
    # Neither has a verified address, though e-mail (and SMS for the urgent report) is
    # ticked by default.
    leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    Address.objects.create(user=leader, channel=Channel.SMS, value="13812345678")
    for person in (school_helper, leader):
        answer = logged_in(person).post(URL, _form(person))
        assert answer.status_code == 302, answer.content.decode()
    assert not Preference.objects.exists()


def test_email_or_sms_is_refused_while_the_address_is_not_verified(
    school_helper: User, test_kinds: object
) -> None:
    Address.objects.create(user=school_helper, channel=Channel.EMAIL, value="t@example.org")
    # E-mail switched off for the talks earlier: ticking it again asks for the address.
    Preference.objects.create(user=school_helper, kind="t_talks_due", enabled=True, email=False)
    for changes in ({"email:t_talks_due": True}, {"sms:t_bulletin": True}, {"sms_digest": True}):
        answer = logged_in(school_helper).post(URL, _form(school_helper, **changes))
        assert answer.status_code == 400
        html = answer.content.decode()
        assert "Verify your" in html or "请先验证" in html
    stored = Preference.objects.get(user=school_helper)
    assert (stored.kind, stored.enabled, stored.email, stored.sms) == (
        "t_talks_due",
        True,
        False,
        False,
    )
    assert not UserSettings.objects.filter(user=school_helper).exists()


def test_a_choice_kept_from_before_an_address_change_does_not_block_saving(
    school_helper: User, test_kinds: object
) -> None:
    Address.objects.create(user=school_helper, channel=Channel.SMS, value="13812345678")
    Preference.objects.create(user=school_helper, kind="t_talks_due", enabled=True, sms=True)
    answer = logged_in(school_helper).post(URL, _form(school_helper, daily_limit="3"))
    assert answer.status_code == 302
    assert Preference.objects.get(user=school_helper, kind="t_talks_due").sms is True
    assert UserSettings.objects.get(user=school_helper).daily_limit == 3


def test_bad_input_is_refused_and_nothing_changes(school_helper: User, test_kinds: object) -> None:
    for changes in (
        {"daily_limit": "0"},
        {"daily_limit": "21"},
        {"daily_limit": "many"},
        {"digest_time": "25:00"},
        {"digest_time": ""},
    ):
        answer = logged_in(school_helper).post(
            URL, _form(school_helper, **{"on:t_warnings": True}, **changes)
        )
        assert answer.status_code == 400, changes
        assert "alert-danger" in answer.content.decode()
    assert not Preference.objects.filter(user=school_helper).exists()
    assert not UserSettings.objects.filter(user=school_helper).exists()


def test_a_post_without_the_csrf_token_is_refused(school_helper: User, test_kinds: object) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(school_helper)
    answer = client.post(URL, _form(school_helper, **{"on:t_warnings": True}))
    assert answer.status_code == 403
    assert not Preference.objects.exists()


def _page_and_save(leader: User) -> tuple[int, int]:
    """The queries of the page, and of saving every kind switched off (all rows new)."""
    client = logged_in(leader)
    client.get(URL)  # the session and the content types warmed up
    ContentType.objects.get_for_models(Preference, UserSettings)
    data = _form(leader, **{f"on:{k.code}": False for k in kinds.all_kinds()})
    with count_queries() as page:
        client.get(URL)
    with count_queries() as save:
        assert client.post(URL, data).status_code == 302
    return len(page.captured_queries), len(save.captured_queries)


def test_the_page_and_its_save_run_a_fixed_number_of_queries(
    region: Region, test_kinds: object
) -> None:
    few = _page_and_save(factories.user(unit=region.lengqi, role=Role.LEADER))
    extra = [make_kind(f"t_more_{n}", "office", Role.LEADER) for n in range(10)]
    leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    try:
        for kind in extra:
            kinds.register(kind)
        many = _page_and_save(leader)
        assert many == few
        # Every kind on for his role switched off: one row each (those off by default, such
        # as the teachers' talks, need none).
        on_for_leaders = [k for k in kinds.choosable() if kinds.default_on(k, {Role.LEADER})]
        assert len(on_for_leaders) >= 3 + 10
        assert Preference.objects.filter(user=leader, enabled=False).count() == len(on_for_leaders)
    finally:
        for kind in extra:
            kinds._KINDS.pop(kind.code, None)


def test_a_leader_finds_the_robots_of_his_units(region: Region, test_kinds: object) -> None:
    leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    html = logged_in(leader).get(URL).content.decode()
    assert reverse("notify:webhook", args=[region.lengqi.pk]) in html


def test_the_addresses_are_shown_masked(school_helper: User) -> None:
    _verified(school_helper, Channel.EMAIL, "teacher@example.org")
    Address.objects.create(user=school_helper, channel=Channel.SMS, value="13812345678")
    html = logged_in(school_helper).get(URL).content.decode()
    assert "t***@example.org" in html
    assert "138****5678" in html
    assert "teacher@example.org" not in html
    assert "13812345678" not in html
