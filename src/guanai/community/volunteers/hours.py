"""Service hours of a shift, and the hours in which a visit takes check-ins (pure rules).

Hours are counted to the nearest half hour, a quarter hour rounding up: 2 h 14 min is
2.0 hours, 2 h 15 min is 2.5. Both times are timezone-aware instants, so a visit that goes
past midnight (a night at a care home, a late drive back) counts the time it really took,
whatever the dates. A shift is at most ``MAX_SHIFT`` long: a longer one is a forgotten
check-out, and the coordinator corrects it.

Check-in and check-out are taken on the visit's day only (``check_window``): from the local
midnight that begins the day the event starts until the midnight that ends it, or, when
later, until ``CHECK_GRACE`` after the event's end. So a day visit (09:00–15:00) takes them
all day long and not the day before or after; a night visit (20:00–01:30) takes a check-in
just past midnight and a check-out the next morning until 05:30, but none later that day;
a visit of several days takes them from the first morning until four hours after its end.
Four hours cover a late drive back and a volunteer who forgets to tap; anything later is a
coordinator's correction, with its reason.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from decimal import Decimal

HALF_HOUR_SECONDS = 30 * 60
MAX_SHIFT = timedelta(hours=24)
CHECK_GRACE = timedelta(hours=4)


def shift_hours(in_at: datetime, out_at: datetime) -> Decimal:
    """Return the hours from ``in_at`` to ``out_at`` to the nearest half hour."""
    if in_at.tzinfo is None or out_at.tzinfo is None:
        raise TypeError("shift times must be timezone-aware")
    if out_at < in_at:
        raise ValueError("a shift cannot end before it starts")
    seconds = int((out_at - in_at).total_seconds())
    halves = (seconds + HALF_HOUR_SECONDS // 2) // HALF_HOUR_SECONDS
    return (Decimal(halves) / 2).quantize(Decimal("0.1"))


def check_window(starts_at: datetime, ends_at: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """Return when a visit from ``starts_at`` to ``ends_at`` opens and closes to check-in
    and check-out (the close excluded), the day being that of ``zone``."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise TypeError("event times must be timezone-aware")
    first = starts_at.astimezone(zone).date()
    opens = datetime.combine(first, time.min, tzinfo=zone)
    day_end = datetime.combine(first + timedelta(days=1), time.min, tzinfo=zone)
    return opens, max(day_end, ends_at + CHECK_GRACE)
