"""What the request pages say about where a request stands: the next step, the steps the
user may take, and the timeline.

``next_step`` names what is to be done next (assess, decide, deliver, the next stage of a
project, follow up), read from the status alone and, for a project, its stages (prefetched
by the list); ``actions_offered`` the forms the detail page shows the user; ``timeline``
lists what happened, in order: asked, assessed, decided, each stage with its photos,
delivered or cancelled, and every follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.inkind import access
from guanai.inkind.applications.projects import next_stage
from guanai.inkind.models import Application, ApplicationStatus, Stage, StagePhoto, UseStatus


def next_step(application: Application) -> str:
    """Return what is to be done next with ``application`` ("" once nothing is)."""
    status = application.status
    if status == ApplicationStatus.REQUESTED:
        return _("Assess, or approve or refuse")
    if status == ApplicationStatus.ASSESSED:
        return _("A leader approves or refuses")
    if status == ApplicationStatus.APPROVED:
        stage = next_stage(application)
        if stage is not None:
            return _("Record the stage: %(stage)s") % {"stage": Stage(stage).label}
        return _("Record the delivery")
    if status == ApplicationStatus.DELIVERED:
        return _("Follow up: is it in use?")
    return ""


def actions_offered(user: User, application: Application) -> list[str]:
    """Return the steps the page offers ``user`` on ``application``, by role and status.

    The services check the same again; this only keeps a form off the page that would be
    refused (assessing a delivered request, a worker approving).
    """
    status = application.status
    works = access.can_work(user, application)
    offered = []
    if status in (ApplicationStatus.REQUESTED, ApplicationStatus.ASSESSED):
        if works:
            offered.append("assess")
        if access.can_approve(user, application):
            offered.append("decide")
    if works and status == ApplicationStatus.APPROVED:
        if not application.service.is_project:
            offered.append("deliver")
        elif next_stage(application) is not None:
            offered.append("stage")
    if works and application.is_open:
        offered.append("cancel")
    if works and status == ApplicationStatus.DELIVERED:
        offered.append("follow_up")
    return offered


@dataclass
class Event:
    """One thing that happened to a request, as the timeline shows it."""

    day: date
    title: str
    by: str = ""
    text: str = ""
    amount: Decimal | None = None
    photos: list[StagePhoto] = field(default_factory=list)
    tone: str = "secondary"


def _name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def timeline(application: Application) -> list[Event]:
    """Return what happened to ``application``, oldest first (stages and follow-ups
    prefetched, as ``selectors.application_detail`` gives it)."""
    events = [
        Event(
            application.requested_on,
            _("Requested (%(source)s)") % {"source": application.get_source_display()},
            _name(application.requested_by),
            application.reason,
        )
    ]
    if application.assessed_on is not None:
        events.append(
            Event(
                application.assessed_on,
                str(ApplicationStatus.ASSESSED.label),
                _name(application.assessed_by),
                application.assessment,
                tone="info",
            )
        )
    if application.decided_on is not None:
        refused = application.status == ApplicationStatus.REFUSED
        events.append(
            Event(
                application.decided_on,
                str((ApplicationStatus.REFUSED if refused else ApplicationStatus.APPROVED).label),
                _name(application.decided_by),
                application.decision_note,
                tone="danger" if refused else "primary",
            )
        )
    for record in application.stages.all():
        events.append(
            Event(
                record.done_on,
                str(record.get_stage_display()),
                _name(record.recorded_by),
                record.note,
                amount=record.amount,
                photos=list(record.photos.all()),
                tone="primary",
            )
        )
    if application.delivered_on is not None:
        details = [
            part
            for part in (
                application.supplier,
                _("serial number %(serial)s") % {"serial": application.serial_number}
                if application.serial_number
                else "",
                application.delivery_note,
            )
            if part
        ]
        events.append(
            Event(
                application.delivered_on,
                str(ApplicationStatus.DELIVERED.label),
                _name(application.delivered_by),
                "；".join(details),
                amount=application.cost,
                tone="success",
            )
        )
    if application.status == ApplicationStatus.CANCELLED:
        events.append(
            Event(
                timezone.localdate(application.updated_at),
                str(ApplicationStatus.CANCELLED.label),
                text=application.cancel_reason,
                tone="dark",
            )
        )
    for followup in sorted(application.followups.all(), key=lambda f: (f.visited_on, f.pk)):
        events.append(
            Event(
                followup.visited_on,
                _("Follow-up: %(use)s") % {"use": followup.get_status_display()},
                _name(followup.recorded_by),
                followup.reason,
                tone="success" if followup.status == UseStatus.IN_USE else "warning",
            )
        )
    return events
