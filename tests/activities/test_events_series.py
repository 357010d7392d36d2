"""Events that repeat: the date rule (hypothesis), a series made at once (per class), bad
input refused with a message and nothing made, the rest of a series cancelled in one step."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.activities.events import series as rule
from guanai.activities.events.series import (
    MAX_OCCURRENCES,
    Recurrence,
    event_series_cancel,
    event_series_create,
    latest_until,
    occurrence_days,
)
from guanai.activities.events.services import EventData
from guanai.activities.models.events import Event, EventSeries, EventStatus
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.months import add_months, last_day
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.conftest import Region


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
        hour=hour, minute=minute
    )


def contact_book(first: date, **values: object) -> EventData:
    """家园联系册: 14:00–15:00 on ``first``."""
    return EventData(
        title="家园联系册",
        kind="contact_book",
        starts_at=at(first, 14),
        ends_at=at(first, 15),
        status=EventStatus.PUBLISHED,
        **values,
    )


# --- the rule ----------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1))


@given(first=days, repeat=st.sampled_from(["weekly", "monthly"]), span=st.integers(1, 400))
def test_every_occurrence_lies_in_the_range_and_none_is_missed(
    first: date, repeat: str, span: int
) -> None:
    until = first + timedelta(days=span)
    found = occurrence_days(first, repeat, until)

    assert found[0] == first
    assert all(first <= d <= until for d in found)
    assert found == sorted(set(found))
    assert len(found) <= MAX_OCCURRENCES + 1
    if repeat == "weekly":
        assert all(b - a == timedelta(days=7) for a, b in pairwise(found))
        if len(found) <= MAX_OCCURRENCES:  # the next one would lie after the end
            assert found[-1] + timedelta(days=7) > until
    else:
        for n, d in enumerate(found):
            # Each month once, in order, on the day asked for or the month's last day.
            month = (first.year * 12 + first.month - 1 + n) % 12 + 1
            assert d.month == month
            assert d.day == min(first.day, last_day(d.replace(day=1)).day)
        if len(found) <= MAX_OCCURRENCES:  # the next month's day would lie after the end
            following = add_months(found[-1].replace(day=1), 1)
            assert following.replace(day=min(first.day, last_day(following).day)) > until


@given(first=days, repeat=st.sampled_from(["weekly", "monthly"]), span=st.integers(1, 400))
def test_a_rule_within_a_year_makes_at_most_52_occurrences_or_is_refused(
    first: date, repeat: str, span: int
) -> None:
    until = first + timedelta(days=span)
    try:
        found = rule.recurrence_days(first, Recurrence(repeat=repeat, until=until))
    except ValidationFailed as exc:
        assert exc.field == "until"
        assert until > latest_until(first) or len(occurrence_days(first, repeat, until)) > 52
    else:
        assert 1 <= len(found) <= MAX_OCCURRENCES
        assert until <= latest_until(first)


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        # The 31st falls on the last day of a shorter month, then comes back.
        (
            date(2026, 10, 31),
            ["2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31"],
        ),
        # February of a leap year has a 29th.
        (date(2027, 12, 30), ["2027-12-30", "2028-01-30", "2028-02-29", "2028-03-30"]),
        (date(2026, 9, 5), ["2026-09-05", "2026-10-05", "2026-11-05", "2026-12-05"]),
    ],
)
def test_monthly_keeps_the_day_and_clamps_to_the_months_last_day(
    first: date, expected: list[str]
) -> None:
    until = date.fromisoformat(expected[-1])
    assert [d.isoformat() for d in occurrence_days(first, "monthly", until)] == expected


# --- making a series ---------------------------------------------------------------------


@pytest.fixture
def kindergarten(region: Region) -> OrgUnit:
    return factories.org_unit(
        parent=region.lengqi, kind=OrgKind.KINDERGARTEN, name="冷碛镇中心幼儿园"
    )


def test_a_monthly_contact_book_per_class_makes_one_event_per_class_and_month(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    made = event_series_create(
        acting_user=township_worker,
        org_unit=kindergarten,
        data=contact_book(date(2026, 9, 30), target_classes=["小一班", "小二班"]),
        recurrence=Recurrence(repeat="monthly", until=date(2027, 6, 30), per_class=True),
    )

    series = EventSeries.objects.get()
    assert (series.repeat, series.occurrences, series.per_class) == ("monthly", 10, True)
    assert len(made) == 20 == Event.objects.filter(series=series).count()
    assert {tuple(e.target_classes) for e in made} == {("小一班",), ("小二班",)}
    small_one = Event.objects.filter(series=series, target_classes=["小一班"]).order_by("starts_at")
    assert [timezone.localtime(e.starts_at).date().isoformat() for e in small_one][:6] == [
        "2026-09-30",
        "2026-10-30",
        "2026-11-30",
        "2026-12-30",
        "2027-01-30",
        "2027-02-28",
    ]
    # Every occurrence keeps the first one's hours, organiser and words.
    assert {timezone.localtime(e.starts_at).strftime("%H:%M") for e in made} == {"14:00"}
    assert {timezone.localtime(e.ends_at).strftime("%H:%M") for e in made} == {"15:00"}
    assert {e.organiser_id for e in Event.objects.all()} == {township_worker.pk}
    # The series is audited as one entry; the events made with it add none each.
    assert LogEntry.objects.get_for_model(EventSeries).count() == 1
    assert LogEntry.objects.get_for_model(Event).count() == 0


def test_a_weekly_series_without_classes_is_one_event_a_week_with_its_helpers(
    region: Region, township_worker: User
) -> None:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    made = event_series_create(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        data=contact_book(date(2026, 12, 7), target_classes=["三年级2班"], helpers=[volunteer]),
        recurrence=Recurrence(repeat="weekly", until=date(2026, 12, 28)),
    )

    assert [timezone.localtime(e.starts_at).day for e in made] == [7, 14, 21, 28]
    assert all(e.target_classes == ["三年级2班"] for e in made)
    assert all(list(e.helpers.all()) == [volunteer] for e in made)


@pytest.mark.parametrize(
    ("recurrence", "field", "message"),
    [
        (Recurrence("monthly", date(2026, 9, 1)), "until", "Repeat until a day after"),
        (Recurrence("monthly", date(2026, 9, 30)), "until", "Repeat until a day after"),
        (Recurrence("monthly", date(2027, 10, 1)), "until", "at most 12 months"),
        # A whole year of weeks is 53 occurrences: refused, not cut to 52.
        (Recurrence("weekly", date(2027, 9, 30)), "until", "at most 52 occurrences"),
        (Recurrence("daily", date(2026, 10, 30)), "repeat", "how the event repeats"),
        (Recurrence("monthly", date(2027, 6, 30), per_class=True), "per_class", "Name the classes"),
    ],
)
def test_a_rule_that_makes_no_series_is_refused_and_nothing_is_made(
    region: Region, township_worker: User, recurrence: Recurrence, field: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        event_series_create(
            acting_user=township_worker,
            org_unit=region.lengqi_school,
            data=contact_book(date(2026, 9, 30)),
            recurrence=recurrence,
        )

    assert refused.value.field == field
    assert message in str(refused.value.message)
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_too_many_events_for_the_classes_are_refused_with_the_count(
    region: Region, township_worker: User
) -> None:
    classes = [f"{n}班" for n in range(1, 12)]
    with pytest.raises(ValidationFailed) as refused:
        event_series_create(
            acting_user=township_worker,
            org_unit=region.lengqi_school,
            data=contact_book(date(2026, 9, 7), target_classes=classes),
            recurrence=Recurrence("weekly", date(2027, 8, 30), per_class=True),
        )

    assert "This would make 572 events" in str(refused.value.message)
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_bad_event_data_refuses_the_whole_series(region: Region, township_worker: User) -> None:
    data = contact_book(date(2026, 9, 30))
    data.title = "  "
    with pytest.raises(ValidationFailed):
        event_series_create(
            acting_user=township_worker,
            org_unit=region.lengqi_school,
            data=data,
            recurrence=Recurrence("monthly", date(2027, 6, 30)),
        )
    assert not EventSeries.objects.exists()


def test_another_township_may_not_make_a_series_here(
    region: Region, other_township_worker: User
) -> None:
    with pytest.raises(PermissionRefused):
        event_series_create(
            acting_user=other_township_worker,
            org_unit=region.lengqi_school,
            data=contact_book(date(2026, 9, 30)),
            recurrence=Recurrence("monthly", date(2027, 6, 30)),
        )
    assert not EventSeries.objects.exists()


# --- cancelling the rest -----------------------------------------------------------------


def _series(worker: User, region: Region) -> EventSeries:
    made = event_series_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=contact_book(date(2026, 9, 30), target_classes=["1班", "2班"]),
        recurrence=Recurrence("monthly", date(2027, 6, 30), per_class=True),
    )
    return EventSeries.objects.get(pk=made[0].series_id)


def test_cancelling_from_a_day_cancels_every_class_from_then_on_and_keeps_the_earlier(
    region: Region, township_worker: User
) -> None:
    series = _series(township_worker, region)
    made = list(series.events.all())

    cancelled = event_series_cancel(
        acting_user=township_worker, series=series, since=date(2027, 3, 1)
    )

    assert len(cancelled) == 8  # March to June, two classes
    stored = {e.pk: e for e in Event.objects.all()}
    for event in made:
        later = timezone.localtime(event.starts_at).date() >= date(2027, 3, 1)
        assert stored[event.pk].status == ("cancelled" if later else "published")
        assert stored[event.pk].version == (2 if later else 1)
    # Each cancelled event has its own audit entry, as a save would have written.
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Event))
    assert sorted(int(e.object_pk) for e in entries) == sorted(e.pk for e in cancelled)
    assert all(e.changes["status"] == ["published", "cancelled"] for e in entries)


def test_cancelling_when_nothing_is_left_is_refused(region: Region, township_worker: User) -> None:
    series = _series(township_worker, region)
    event_series_cancel(acting_user=township_worker, series=series, since=date(2027, 1, 1))

    with pytest.raises(ValidationFailed) as refused:
        event_series_cancel(acting_user=township_worker, series=series, since=date(2027, 2, 1))
    assert "No occurrence of this series is left to cancel" in str(refused.value.message)


def test_a_helper_may_not_cancel_a_series(region: Region, township_worker: User) -> None:
    series = _series(township_worker, region)
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER)

    with pytest.raises(PermissionRefused):
        event_series_cancel(acting_user=helper, series=series, since=date(2026, 9, 1))
    assert not Event.objects.filter(status="cancelled").exists()
