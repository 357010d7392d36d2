"""Service hours of a shift: the time between check-in and check-out, to the half hour.

Hours are counted to the nearest half hour, a quarter hour rounding up: 2 h 14 min is
2.0 hours, 2 h 15 min is 2.5. Both times are timezone-aware instants, so a visit that goes
past midnight (a night at a care home, a late drive back) counts the time it really took,
whatever the dates. A shift is at most ``MAX_SHIFT`` long: a longer one is a forgotten
check-out, and the coordinator corrects it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

HALF_HOUR_SECONDS = 30 * 60
MAX_SHIFT = timedelta(hours=24)


def shift_hours(in_at: datetime, out_at: datetime) -> Decimal:
    """Return the hours from ``in_at`` to ``out_at`` to the nearest half hour."""
    if in_at.tzinfo is None or out_at.tzinfo is None:
        raise TypeError("shift times must be timezone-aware")
    if out_at < in_at:
        raise ValueError("a shift cannot end before it starts")
    seconds = int((out_at - in_at).total_seconds())
    halves = (seconds + HALF_HOUR_SECONDS // 2) // HALF_HOUR_SECONDS
    return (Decimal(halves) / 2).quantize(Decimal("0.1"))
