"""When an event is held, as its pages show it: a day without times shows no 00:00."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from guanai.accounts.models import User
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import Event, EventKind
from tests.conftest import Region, logged_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _event(worker: User, region: Region, start: datetime, end: datetime) -> Event:
    return event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="元旦文艺汇演",
            kind=EventKind.FESTIVAL,
            starts_at=timezone.make_aware(start),
            ends_at=timezone.make_aware(end),
        ),
    )


def _facts(worker: User, event: Event) -> str:
    page = logged_in(worker).get(reverse("activities:event_detail", args=[event.pk]), **EN)
    html = page.content.decode()
    facts = html[html.index('data-testid="event-facts"') :]
    return " ".join(facts[: facts.index("</dl>")].split())


def test_a_whole_day_event_shows_its_day_alone(region: Region, township_worker: User) -> None:
    day = timezone.localdate()
    event = _event(
        township_worker,
        region,
        datetime.combine(day, time.min),
        datetime.combine(day, time(23, 59, 59)),
    )
    facts = _facts(township_worker, event)
    assert "00:00" not in facts and "23:59" not in facts
    client = logged_in(township_worker)
    for name in ("activities:event_attendance",):
        page = client.get(reverse(name, args=[event.pk]), **EN).content.decode()
        assert "00:00" not in page, name
    assert "00:00" not in client.get(reverse("activities:events"), **EN).content.decode()


def test_an_event_over_days_shows_both_days_and_one_with_times_its_hours(
    region: Region, township_worker: User
) -> None:
    day = timezone.localdate()
    last = day + timedelta(days=2)
    days = _event(
        township_worker,
        region,
        datetime.combine(day, time.min),
        datetime.combine(last, time(23, 59, 59)),
    )
    timed = _event(
        township_worker,
        region,
        datetime.combine(day, time(14, 30)),
        datetime.combine(day, time(16, 0)),
    )
    facts = _facts(township_worker, days)
    assert "00:00" not in facts
    with translation.override("en"):
        assert f"{date_format(day)} – {date_format(last)}" in facts
    facts = _facts(township_worker, timed)
    assert "14:30" in facts and "16:00" in facts
