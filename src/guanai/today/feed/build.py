"""The calendar feed's content: a user's events, birthdays and due care, as iCalendar.

What goes in (few and relevant: it fills a phone's calendar):
- **Events** from 60 days ago to a year ahead that the user organises or serves, and those
  held by the very units where they are a leader or worker (not every school below a
  township's worker). Drafts only for their organiser; a cancelled event stays, marked
  cancelled, so that a phone that had it removes it.
- **Birthdays** (names only: no ID or phone number, DESIGN §1): of the persons paired with
  the user (a helper's, a class teacher's pupils) for the next eight weeks; and, for a
  leader or worker of a unit below the county, of the persons of their units for the next
  two weeks, at most ``UNIT_BIRTHDAYS`` (a township has a few dozen; a county's thousands
  of names would bury the rest, so units at county level and above bring none).
- **Due care**: the talks and visits of the work list (``care.worklist``) not done, each on
  its deadline; an overdue one on today, so that it stays in sight until recorded.

Times are in UTC, whole days ``VALUE=DATE``; each entry's UID names its object, so that a
calendar app updates an entry rather than adding a copy. A fixed number of queries
whatever the number of entries.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.activities import birthdays
from guanai.activities.events import events_visible
from guanai.activities.models.events import Event, EventStatus
from guanai.care import worklist
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person
from guanai.today.sources.common import day

PAIRED_AHEAD = timedelta(weeks=8)
UNIT_AHEAD = timedelta(weeks=2)
UNIT_BIRTHDAYS = 100
EVENTS_BEHIND = timedelta(days=60)
EVENTS_AHEAD = timedelta(days=366)
EVENTS_MAX = 200
UID_DOMAIN = "guanai"


def feed_calendar(user: User, *, link: str = "", today: date | None = None) -> Calendar:
    """Return the user's calendar; ``link`` is the site's address (for each entry's URL)."""
    today = today or timezone.localdate()
    stamp = timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//Guanai//Calendar feed//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Guanai: %(name)s") % {"name": user.get_full_name()})
    cal.add("x-wr-timezone", "Asia/Shanghai")
    # Apple and others ask again at this interval (Google at its own pace).
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    if not scoping.can_see_beneficiary_data(user):
        return cal
    for entry in (
        *_events(user, today, stamp, link),
        *_birthdays(user, today, stamp),
        *_care(user, today, stamp),
    ):
        cal.add_component(entry)
    return cal


def _entry(uid: str, summary: str, stamp: datetime, description: str = "") -> VEvent:
    entry = VEvent()
    entry.add("uid", f"{uid}@{UID_DOMAIN}")
    entry.add("dtstamp", stamp.astimezone(UTC))
    entry.add("summary", summary)
    if description:
        entry.add("description", description)
    return entry


def _whole_day(entry: VEvent, first: date, last: date) -> None:
    # DTEND of a whole-day entry is the day after the last (RFC 5545 §3.6.1).
    entry.add("dtstart", first)
    entry.add("dtend", last + timedelta(days=1))
    entry.add("transp", "TRANSPARENT")


def _is_whole_day(start: datetime, end: datetime) -> bool:
    """The event form saves a day without times as 00:00 to 23:59:59 local time."""
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    return local_start.time() == time.min and local_end.time() >= time(23, 59, 59)


def _events(user: User, today: date, stamp: datetime, link: str) -> list[VEvent]:
    own_units = [u.pk for u in scoping.units_for(user, scoping.ROSTER_EDITORS)]
    served = Event.helpers.through.objects.filter(user_id=user.pk).values("event_id")
    mine = Q(organiser=user) | Q(pk__in=served) | Q(org_unit_id__in=own_units)
    start = datetime.combine(today, time.min, tzinfo=timezone.get_current_timezone())
    found = (
        events_visible(user)
        .filter(mine, ends_at__gte=start - EVENTS_BEHIND, starts_at__lte=start + EVENTS_AHEAD)
        .exclude(Q(status=EventStatus.DRAFT) & ~Q(organiser=user))
        .order_by("starts_at", "pk")[:EVENTS_MAX]
    )
    entries = []
    for event in found:
        described = [str(event.get_kind_display()), event.org_unit.name]
        entry = _entry(f"event-{event.pk}", event.title, stamp, " · ".join(described))
        if _is_whole_day(event.starts_at, event.ends_at):
            first = timezone.localdate(event.starts_at)
            _whole_day(entry, first, max(first, timezone.localdate(event.ends_at)))
        else:
            entry.add("dtstart", event.starts_at.astimezone(UTC))
            entry.add("dtend", event.ends_at.astimezone(UTC))
        if event.place:
            entry.add("location", event.place)
        entry.add("status", _STATUS[event.status])
        entry.add("sequence", event.version)
        if link:
            entry.add("url", link + reverse("activities:event_detail", args=[event.pk]))
        entries.append(entry)
    return entries


_STATUS: dict[str, str] = {
    EventStatus.DRAFT: "TENTATIVE",
    EventStatus.PUBLISHED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def _windows(start: date, end: date) -> list[tuple[date, date]]:
    """Split a span into pieces of four weeks: ``birthdays_between`` spans two months."""
    pieces = []
    while start <= end:
        last = min(end, start + timedelta(days=27))
        pieces.append((start, last))
        start = last + timedelta(days=1)
    return pieces


def _birthdays(user: User, today: date, stamp: datetime) -> list[VEvent]:
    paired = Person.objects.filter(scoping.paired_persons_q(user))
    found = {
        (b.person.pk, b.year): b
        for first, last in _windows(today, today + PAIRED_AHEAD)
        for b in birthdays.birthdays_between(paired, first, last)
    }
    units = [
        unit
        for unit in scoping.units_for(user, scoping.ROSTER_EDITORS)
        if unit.kind not in scoping.COUNTY_OR_ABOVE
    ]
    if units:
        theirs = Person.objects.filter(subtree_q(units, field="org_unit__path"))
        near = birthdays.birthdays_between(theirs, today, today + UNIT_AHEAD)
        for b in near[:UNIT_BIRTHDAYS]:
            found.setdefault((b.person.pk, b.year), b)
    entries = []
    for (person_pk, year), b in sorted(found.items(), key=lambda kv: (kv[1].on, kv[0])):
        person = b.person
        where = (
            f"{person.school.name} {person.grade}{person.class_name}"
            if person.school_id and person.school
            else person.org_unit.name
        )
        described = [where]
        if b.lunar_date:
            described.append(
                _("Lunar birthday: month %(month)s, day %(day)s")
                % {"month": b.lunar_date.month, "day": b.lunar_date.day}
            )
        summary = _("Birthday: %(name)s") % {"name": person.name}
        entry = _entry(f"birthday-{person_pk}-{year}", summary, stamp, "\n".join(described))
        _whole_day(entry, b.on, b.on)
        entries.append(entry)
    return entries


def _care(user: User, today: date, stamp: datetime) -> list[VEvent]:
    work = worklist.worklist(user, today=today, page_size=worklist.URGENCY_SORT_LIMIT)
    entries = []
    for row in work.rows:
        person = row.person
        for item in row.todo:
            deadline = item.outcome.deadline
            on = deadline if deadline is not None and deadline > today else today
            if deadline is None:
                why = _("Overdue: no record yet")
            elif deadline < today:
                why = _("Overdue since %(date)s") % {"date": day(deadline)}
            else:
                why = _("Due by %(date)s") % {"date": day(deadline)}
            summary = _("%(kind)s: %(name)s") % {"kind": item.kind_label, "name": person.name}
            entry = _entry(
                f"care-{person.pk}-{item.rule.pk}", summary, stamp, f"{item.rule.name}\n{why}"
            )
            _whole_day(entry, on, on)
            entries.append(entry)
    return entries
