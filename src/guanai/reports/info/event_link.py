"""The information report on an event's page (``activities.events.extensions``): the
report written from the event, once sent, or the button that writes it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanai.accounts.models import User
from guanai.activities.events.extensions import EventFollowUp, event_follow_up_register
from guanai.activities.models.events import Event
from guanai.reports.info.from_event import may_report, report_of_event

CODE = "info-report"


def info_follow_up(user: User, event: Event) -> EventFollowUp | None:
    """Return the report sent from ``event`` (one query), or the step to write it."""
    report = report_of_event(user, event)
    if report is not None:
        return EventFollowUp(
            code=CODE,
            label=_("Information report sent: "),
            url=reverse("reports:info", args=[report.pk]),
            done=True,
            title=report.title,
        )
    if may_report(user, event):
        return EventFollowUp(
            code=CODE,
            label=_("Write as an information report"),
            url=reverse("reports:info_from_event", args=[event.pk]),
        )
    return None


def register() -> None:
    """Offer the report on every event's page (from ``ReportsConfig.ready``)."""
    event_follow_up_register(CODE, info_follow_up)
