"""When a rectification is overdue and when it was rectified on time (pure; no queries).

Days are Asia/Shanghai days (``timezone.localdate()``, the project's time zone). A
rectification is due on its deadline day: it is *overdue* from the next day while nothing
awaits the office's decision (still to rectify, or sent back). A report sent by the deadline
and waiting for the office is not overdue — the office is late, not the unit. It was
rectified *on time* when the report the office accepted was sent on or before the deadline
(``rectified_on``, the day that report was sent).
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q

from guanai.governance.models import RectificationStatus

WAITING_FOR_UNIT = (RectificationStatus.OPEN, RectificationStatus.RETURNED)


def is_overdue(status: str, deadline: date, today: date) -> bool:
    return status in WAITING_FOR_UNIT and today > deadline


def overdue_q(today: date, prefix: str = "") -> Q:
    """Return the filter for rectifications overdue on ``today``."""
    return Q(**{f"{prefix}status__in": WAITING_FOR_UNIT, f"{prefix}deadline__lt": today})


def is_on_time(status: str, deadline: date, rectified_on: date | None) -> bool:
    return (
        status == RectificationStatus.ACCEPTED
        and rectified_on is not None
        and rectified_on <= deadline
    )


def on_time_q(prefix: str = "") -> Q:
    """Return the filter for rectifications accepted and rectified by their deadline."""
    return Q(
        **{
            f"{prefix}status": RectificationStatus.ACCEPTED,
            f"{prefix}rectified_on__lte": F(f"{prefix}deadline"),
        }
    )
