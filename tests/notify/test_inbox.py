"""The inbox: a person sees their own notifications only, opens one to its page, archives,
marks all read; the badge counts the unread; publishing keeps an event once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guanai.accounts.models import User
from guanai.notify import kinds, services
from guanai.notify.models import Notification, Preference
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db


def _item(user: User, key: str = "2026-W49", count: int = 3, **fields: object) -> Notification:
    return Notification.objects.create(
        recipient=user, kind="test_talks", key=key, count=count, link="/care/", **fields
    )


def test_publish_keeps_each_event_once_and_only_for_whom_the_kind_is_on(
    region: Region,
    township_worker: User,
    school_helper: User,
    county_leader: User,
    test_kind: kinds.Kind,
) -> None:
    Preference.objects.create(user=school_helper, kind="test_talks", enabled=False)
    events = [
        kinds.Event(user_id=u.pk, key="2026-W49", link="/care/", count=2)
        for u in (township_worker, school_helper, county_leader)
    ]
    # The worker by default (their role), the helper switched it off, the leader's role
    # does not have it on by default.
    assert services.publish(test_kind, events) == 1
    assert services.publish(test_kind, events) == 0
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        township_worker.username
    ]
    Preference.objects.create(user=county_leader, kind="test_talks", enabled=True)
    assert services.publish(test_kind, events) == 1
    assert Notification.objects.count() == 2


def test_inbox_lists_own_unread_with_the_sentence(
    township_worker: User, other_township_worker: User, test_kind: kinds.Kind
) -> None:
    _item(township_worker, count=3)
    _item(other_township_worker, count=7)
    page = logged_in(township_worker).get(reverse("notify:inbox"))
    text = page.content.decode()
    assert "3 talks due this week" in text
    assert "7 talks" not in text
    assert page.context["unread"] == 1
    assert [item.recipient_id for item, _s, _k in page.context["items"]] == [township_worker.pk]


def test_opening_marks_read_and_goes_to_the_work(
    township_worker: User, test_kind: kinds.Kind
) -> None:
    item = _item(township_worker)
    client = logged_in(township_worker)
    answer = client.get(reverse("notify:open", args=[item.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == "/care/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert client.get(reverse("notify:inbox")).context["unread"] == 0


def test_a_link_off_the_site_is_not_followed(township_worker: User, test_kind: kinds.Kind) -> None:
    item = Notification.objects.create(
        recipient=township_worker, kind="test_talks", key="k", link="https://evil.example/"
    )
    answer = logged_in(township_worker).get(reverse("notify:open", args=[item.pk]))
    assert answer["Location"] == reverse("notify:inbox")


def test_another_persons_notification_is_404(
    township_worker: User, other_township_worker: User, test_kind: kinds.Kind
) -> None:
    item = _item(other_township_worker)
    client = logged_in(township_worker)
    assert client.get(reverse("notify:open", args=[item.pk])).status_code == 404
    assert client.post(reverse("notify:archive", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None and item.archived_at is None


def test_archive_and_back(township_worker: User, test_kind: kinds.Kind) -> None:
    item = _item(township_worker)
    client = logged_in(township_worker)
    client.post(reverse("notify:archive", args=[item.pk]), {"show": "unread"})
    assert client.get(reverse("notify:inbox")).context["items"] == []
    archived = client.get(reverse("notify:inbox") + "?show=archived").context["items"]
    assert [i.pk for i, _s, _k in archived] == [item.pk]
    client.post(reverse("notify:archive", args=[item.pk]), {"undo": "1", "show": "archived"})
    item.refresh_from_db()
    assert item.archived_at is None and item.read_at is not None


def test_read_all_and_the_badge(township_worker: User, test_kind: kinds.Kind) -> None:
    for n in range(3):
        _item(township_worker, key=f"k{n}")
    client = logged_in(township_worker)
    badge = client.get(reverse("notify:badge")).content.decode()
    assert ">3<" in badge
    client.post(reverse("notify:read_all"))
    assert client.get(reverse("notify:badge")).content.decode().strip() == ""


def test_the_inbox_page_costs_the_same_at_one_and_forty_rows(
    township_worker: User, test_kind: kinds.Kind
) -> None:
    client = logged_in(township_worker)
    _item(township_worker, key="first")
    client.get(reverse("notify:inbox"))  # the session and roles, warmed
    with count_queries() as small:
        client.get(reverse("notify:inbox"))
    for n in range(40):
        _item(township_worker, key=f"k{n}")
    with count_queries() as large:
        client.get(reverse("notify:inbox"))
    assert_same_query_count(small, large)


def test_an_unknown_filter_shows_the_unread(township_worker: User, test_kind: kinds.Kind) -> None:
    _item(township_worker)
    page = logged_in(township_worker).get(reverse("notify:inbox") + "?show=<script>")
    assert page.context["show"] == "unread"
    assert len(page.context["items"]) == 1


def test_every_role_has_the_inbox_link(region: Region, county_sysadmin: User) -> None:
    page = logged_in(county_sysadmin).get(reverse("home"))
    assert reverse("notify:inbox") in page.content.decode()
    assert reverse("notify:badge") in page.content.decode()
