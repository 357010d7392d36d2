"""The calendar feed through the API (issue 15, point 7): on or off, a new address that
replaces the old one, turned off — with the same rules as the calendar page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from icalendar import Calendar

from guanai.accounts.models import User
from guanai.core.models import AccessLog, AuditAction
from guanai.today.models import CalendarFeedToken
from tests.api.conftest import bearer
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db


def _feed(url: str) -> int:
    """Read the feed at ``url`` as a phone does (no session); return the status."""
    parts = urlsplit(url)
    answer = Client().get(f"{parts.path}?{parts.query}")
    if answer.status_code == 200:
        assert Calendar.from_ical(answer.content).get("VERSION") == "2.0"
    return answer.status_code


def test_a_new_address_works_replaces_the_old_one_and_is_shown_once(
    township_worker: User,
) -> None:
    client, headers = Client(), bearer(township_worker)
    state = client.get("/api/calendar/feed", headers=headers)
    assert state.status_code == 200
    assert state.json() == {"on": False, "prefix": None, "created_at": None, "last_used_at": None}

    first = client.post("/api/calendar/feed", headers=headers)
    assert first.status_code == 201
    url = first.json()["url"]
    assert url.startswith("http://testserver/calendar/feed.ics?key=gc_")
    assert _feed(url) == 200

    second = client.post("/api/calendar/feed", headers=headers).json()
    assert _feed(url) == 404  # the old address stopped working
    assert _feed(second["url"]) == 200

    state = client.get("/api/calendar/feed", headers=headers).json()
    assert state["on"] is True
    assert state["prefix"] == second["prefix"] == second["url"].split("key=")[1][:8]
    assert state["last_used_at"] is not None  # the phone's read was noted
    assert "url" not in state  # the key is never shown again
    events = AccessLog.objects.filter(user=township_worker, action=AuditAction.TOKEN)
    assert [
        e.detail["event"] for e in events.order_by("pk") if "calendar" in e.detail["event"]
    ] == [
        "calendar feed created",
        "calendar feed replaced",
    ]


def test_turned_off_the_address_is_a_404_and_turning_off_twice_changes_nothing(
    township_worker: User,
) -> None:
    client, headers = Client(), bearer(township_worker)
    url = client.post("/api/calendar/feed", headers=headers).json()["url"]
    assert client.delete("/api/calendar/feed", headers=headers).status_code == 204
    assert _feed(url) == 404
    assert not CalendarFeedToken.objects.filter(user=township_worker).exists()
    assert client.delete("/api/calendar/feed", headers=headers).status_code == 204
    assert client.get("/api/calendar/feed", headers=headers).json()["on"] is False


def test_an_account_that_sees_no_persons_has_no_feed(county_sysadmin: User) -> None:
    client = Client()
    headers = {**bearer(county_sysadmin), "Accept-Language": "zh-hans"}
    for answer in (
        client.get("/api/calendar/feed", headers=headers),
        client.post("/api/calendar/feed", headers=headers),
        client.delete("/api/calendar/feed", headers=headers),
    ):
        assert answer.status_code == 403
        assert answer.json()["detail"] == "您的角色不能查看对象信息，因此没有日历订阅。"
    assert not CalendarFeedToken.objects.exists()


def test_without_a_caller_nothing_is_made() -> None:
    assert Client().post("/api/calendar/feed").status_code == 401
    assert not CalendarFeedToken.objects.exists()


def test_reading_the_state_costs_the_same_on_or_off(township_worker: User) -> None:
    client, headers = Client(), bearer(township_worker)
    client.post("/api/calendar/feed", headers=headers)
    with count_queries() as queries:
        assert client.get("/api/calendar/feed", headers=headers).json()["on"] is True
    before = len(queries)
    client.delete("/api/calendar/feed", headers=headers)
    with count_queries() as queries:
        assert client.get("/api/calendar/feed", headers=headers).json()["on"] is False
    assert len(queries) == before
