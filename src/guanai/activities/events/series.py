"""Events that repeat (篇三: 家园联系册 每月一次, 每班): the date rule, make a series, cancel
what is left of it.

The rule is what a kindergarten teacher writes in a calendar. Weekly: the same weekday,
every seven days. Monthly: the same day of the month ("每月5日"), not the same weekday of
the month ("每月第一个周二"), which a teacher would have to count out; a day the month does
not have falls on the month's last day (the 31st on the 30th, in February on the 28th or
29th), and the next month goes back to the day asked for. A series ends on ``until``, at
most twelve months after its first day, and holds at most 52 occurrences (a weekly series
of a whole year has 53: it is refused, not cut).

A series' occurrences are ordinary events, made together in one transaction when the
series is made; with ``per_class`` each occurrence is one event per class named, so that
every class keeps its own list and attendance. Each event is edited on its own afterwards;
``event_series_cancel`` cancels the occurrences from a day on, in one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor, AnyUser
from guanai.activities.events.access import events_visible, require_manage
from guanai.activities.events.services import EventData, check_plan_item, event_data_clean
from guanai.activities.models.events import Event, EventSeries, EventStatus, Repeat
from guanai.activities.models.plans import PlanItem
from guanai.core.actors import account_of
from guanai.core.changelog import log_updates
from guanai.core.errors import ValidationFailed
from guanai.core.months import add_months, last_day, month_start
from guanai.orgs.models import OrgUnit

MAX_OCCURRENCES = 52
MAX_MONTHS = 12
# Occurrences times classes: a year of weekly events for ten classes. More is not a
# calendar a unit keeps by hand; it is refused with the count, not cut.
MAX_EVENTS = 520


def _month_day(month: date, day: int) -> date:
    """Return day ``day`` of ``month``, or the month's last day when it is shorter."""
    return min(month.replace(day=1) + timedelta(days=day - 1), last_day(month))


def occurrence_days(first: date, repeat: str, until: date) -> list[date]:
    """Return the days of a series from ``first`` to ``until`` (both included).

    Weekly: every seventh day. Monthly: day ``first.day`` of each month, or the month's
    last day when the month is shorter. At most ``MAX_OCCURRENCES + 1`` days are returned,
    enough for the caller to see that a series is too long.
    """
    days: list[date] = []
    step = 0
    while len(days) <= MAX_OCCURRENCES:
        if repeat == Repeat.WEEKLY:
            day = first + timedelta(weeks=step)
        else:
            day = _month_day(add_months(month_start(first), step), first.day)
        if day > until:
            break
        days.append(day)
        step += 1
    return days


def latest_until(first: date) -> date:
    """Return the last day a series starting on ``first`` may run to: twelve months on."""
    return _month_day(add_months(month_start(first), MAX_MONTHS), first.day)


@dataclass(frozen=True)
class Recurrence:
    repeat: str
    until: date
    per_class: bool = False


def recurrence_days(first: date, recurrence: Recurrence) -> list[date]:
    """Return the days of a series, or refuse a rule that does not make one."""
    if recurrence.repeat not in Repeat.values:
        raise ValidationFailed(_("Choose how the event repeats from the list."), field="repeat")
    if recurrence.until <= first:
        raise ValidationFailed(
            _("Repeat until a day after the first one (%(day)s).")
            % {"day": date_format(first, "DATE_FORMAT")},
            field="until",
        )
    if recurrence.until > latest_until(first):
        raise ValidationFailed(
            _("A series runs at most %(months)s months: repeat until %(day)s at the latest.")
            % {"months": MAX_MONTHS, "day": date_format(latest_until(first), "DATE_FORMAT")},
            field="until",
        )
    days = occurrence_days(first, recurrence.repeat, recurrence.until)
    if len(days) > MAX_OCCURRENCES:
        raise ValidationFailed(
            _(
                "A series holds at most %(count)s occurrences; this one would hold more. "
                "Choose an earlier end."
            )
            % {"count": MAX_OCCURRENCES},
            field="until",
        )
    return days


def _at(day: date, start: datetime, length: timedelta) -> tuple[datetime, datetime]:
    """Return the start and end of the occurrence on ``day``, at the first one's hours."""
    begins = timezone.make_aware(datetime.combine(day, timezone.localtime(start).time()))
    return begins, begins + length


@transaction.atomic
def event_series_create(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    data: EventData,
    recurrence: Recurrence,
    plan_item: PlanItem | None = None,
) -> list[Event]:
    """Make a series and all its events at once; return the events, the first one first.

    ``data`` is the first occurrence. With ``recurrence.per_class`` each occurrence is one
    event for each class in ``data.target_classes``, that class alone. The series is
    audited as one entry (its own creation, which holds the rule); the events are written
    in bulk and name it.
    """
    require_manage(acting_user, org_unit)
    data = event_data_clean(data)
    check_plan_item(plan_item)
    first = timezone.localtime(data.starts_at).date()
    days = recurrence_days(first, recurrence)
    classes: list[list[str]] = [list(data.target_classes)]
    if recurrence.per_class:
        if not data.target_classes:
            raise ValidationFailed(
                _("Name the classes to hold one event for each class."), field="per_class"
            )
        classes = [[name] for name in data.target_classes]
    if len(days) * len(classes) > MAX_EVENTS:
        raise ValidationFailed(
            _(
                "This would make %(count)s events, more than %(max)s: name fewer classes or "
                "choose an earlier end."
            )
            % {"count": len(days) * len(classes), "max": MAX_EVENTS},
            field="until",
        )
    organiser = account_of(acting_user)
    series = EventSeries.objects.create(
        org_unit=org_unit,
        repeat=recurrence.repeat,
        first_day=first,
        until=recurrence.until,
        occurrences=len(days),
        per_class=recurrence.per_class,
        created_by=organiser,
    )
    length = data.ends_at - data.starts_at
    events = []
    for day in days:
        starts_at, ends_at = _at(day, data.starts_at, length)
        for target in classes:
            events.append(
                Event(
                    org_unit=org_unit,
                    organiser=organiser,
                    plan_item=plan_item,
                    series=series,
                    title=data.title,
                    kind=data.kind,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    place=data.place,
                    target_categories=list(data.target_categories),
                    target_classes=target,
                    capacity=data.capacity,
                    status=data.status,
                    notes=data.notes,
                )
            )
    events = Event.objects.bulk_create(events)
    Helper = Event.helpers.through
    Helper.objects.bulk_create(
        Helper(event_id=event.pk, user_id=helper.pk) for event in events for helper in data.helpers
    )
    return events


def _cancel(event: Event) -> None:
    event.status = EventStatus.CANCELLED
    event.version += 1


@transaction.atomic
def event_series_cancel(*, acting_user: Actor, series: EventSeries, since: date) -> list[Event]:
    """Cancel the occurrences of ``series`` on ``since`` and after that are not cancelled
    yet, every class's; return them. The earlier ones, held already, stay as they are."""
    require_manage(acting_user, series.org_unit)
    EventSeries.objects.select_for_update().get(pk=series.pk)
    events = series_remaining(series, since)
    if not events:
        raise ValidationFailed(
            _("No occurrence of this series is left to cancel from %(day)s on.")
            % {"day": date_format(since, "DATE_FORMAT")},
            field="since",
        )
    log_updates(events, _cancel, actor=account_of(acting_user), detail={"series": series.pk})
    Event.objects.filter(pk__in=[e.pk for e in events]).update(
        status=EventStatus.CANCELLED, version=F("version") + 1
    )
    return events


def series_remaining(series: EventSeries, since: date) -> list[Event]:
    """Return the occurrences ``event_series_cancel`` would cancel from ``since`` on."""
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    return list(
        Event.objects.filter(series=series, starts_at__gte=start)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )


def series_visible(user: AnyUser) -> QuerySet[EventSeries]:
    """Return the series with an event the user sees (the roster roles of its unit and
    above, the helpers who serve one of its events)."""
    return EventSeries.objects.filter(
        pk__in=events_visible(user).filter(series__isnull=False).values("series_id")
    ).select_related("org_unit")


@dataclass(frozen=True)
class SeriesPlace:
    """Where an event stands in its series, for the event's page."""

    series: EventSeries
    # The occurrences of the event's own class (or of the whole series), in date order.
    line: list[Event]
    number: int
    # The events of the other classes on the same day (a series made per class).
    same_day: list[Event]
    # The occurrences from this event's day on that are not cancelled, every class's.
    remaining: int


def series_place(user: AnyUser, event: Event) -> SeriesPlace | None:
    """Return the event's place in its series, among the events the user sees; one query."""
    if event.series_id is None:
        return None
    siblings = list(
        events_visible(user)
        .filter(series_id=event.series_id)
        .select_related("series")
        .order_by("starts_at", "pk")
    )
    if not siblings:  # pragma: no cover - the event itself is visible
        return None
    day = timezone.localtime(event.starts_at).date()
    line = [e for e in siblings if e.target_classes == event.target_classes]
    return SeriesPlace(
        series=siblings[0].series,  # type: ignore[arg-type]
        line=line,
        number=next(i for i, e in enumerate(line, start=1) if e.pk == event.pk),
        same_day=[
            e
            for e in siblings
            if e.pk != event.pk and timezone.localtime(e.starts_at).date() == day
        ],
        remaining=sum(
            1
            for e in siblings
            if e.status != EventStatus.CANCELLED and timezone.localtime(e.starts_at).date() >= day
        ),
    )
