"""Sending, correcting and reviewing information reports.

A report is timely when its *first* submission came within three days of the event
(event on the 1st, submitted by the 4th); a correction keeps that timeliness. A review
(published or returned) is an audit event of its own (``AuditAction.INFO_REPORT_REVIEW``),
written in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.activities.models.events import Event
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit
from guanai.reports.info.access import can_submit, reviewing_unit
from guanai.reports.info.photos import Upload, checked_photos, store_photos
from guanai.reports.models import InfoKind, InfoReport, InfoStatus

TIMELY_DAYS = 3
# The text is a TextField: this limit is the report's, not a column's.
MAX_TEXT = 5000
# The fields a stale save names, read from the audit trail (a review changes the status).
STALE_NAMED = ("kind", "title", "event_date", "text", "status", "review_comment")


def _clean(*, kind: str, title: str, event_date: dt.date | None, text: str) -> dict[str, object]:
    if kind not in InfoKind.values:
        raise ValidationFailed(
            _("Choose an information report or an exemplary story."), field="kind"
        )
    title = " ".join((title or "").split())
    if not title:
        raise ValidationFailed(_("Give the report a title."), field="title")
    fits(title, InfoReport, "title")
    if event_date is None:
        raise ValidationFailed(_("Enter the date of the event."), field="event_date")
    if event_date > timezone.localdate():
        raise ValidationFailed(_("The event cannot be in the future."), field="event_date")
    if event_date < dt.date(2000, 1, 1):
        raise ValidationFailed(_("Enter the date of the event."), field="event_date")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Write what happened."), field="text")
    within(text, MAX_TEXT, field="text")
    return {"kind": kind, "title": title, "event_date": event_date, "text": text}


def _timely(first_submitted_at: dt.datetime, event_date: dt.date) -> bool:
    return (timezone.localdate(first_submitted_at) - event_date).days <= TIMELY_DAYS


@transaction.atomic
def info_submit(
    *,
    acting_user: User,
    unit: OrgUnit,
    kind: str,
    title: str,
    event_date: dt.date | None,
    text: str,
    photos: Sequence[Upload] = (),
    source_event: Event | None = None,
) -> InfoReport:
    """Send a report or story of ``unit`` to the units above for review (written from
    ``source_event``, if given: ``from_event``)."""
    if not can_submit(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit send its reports."))
    if unit.parent_id is None:
        raise ValidationFailed(_("This unit has no unit above it to review its reports."))
    fields = _clean(kind=kind, title=title, event_date=event_date, text=text)
    checked = checked_photos(photos, 0)
    now = timezone.now()
    report = InfoReport.objects.create(
        org_unit=unit,
        first_submitted_at=now,
        submitted_at=now,
        submitted_by=acting_user,
        timely=_timely(now, fields["event_date"]),  # type: ignore[arg-type]
        source_event=source_event,
        **fields,
    )
    store_photos(report, checked)
    return report


def _locked(report: InfoReport, version: int) -> InfoReport:
    current = InfoReport.objects.select_for_update().select_related("org_unit").get(pk=report.pk)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone else saved this item after you opened it (changed: %(fields)s). "
            "Reload it and try again."
        ),
        fields=STALE_NAMED,
    )
    return current


@transaction.atomic
def info_resubmit(
    *,
    acting_user: User,
    report: InfoReport,
    version: int,
    kind: str,
    title: str,
    event_date: dt.date | None,
    text: str,
    photos: Sequence[Upload] = (),
    remove_photos: Iterable[int] = (),
) -> InfoReport:
    """Correct a returned report and send it again; its timeliness stays that of the
    first submission (measured against the corrected event date)."""
    current = _locked(report, version)
    if not can_submit(acting_user, current.org_unit):
        raise PermissionRefused(_("Only leaders and workers of this unit send its reports."))
    if current.status != InfoStatus.RETURNED:
        raise ValidationFailed(_("Only a returned report can be corrected and sent again."))
    fields = _clean(kind=kind, title=title, event_date=event_date, text=text)
    removed = list(current.photos.filter(pk__in=list(remove_photos)))
    kept = current.photos.count() - len(removed)
    checked = checked_photos(photos, kept)
    for photo in removed:
        # The file goes only once the removal is committed.
        transaction.on_commit(partial(photo.file.storage.delete, photo.file.name))
        photo.delete()
    for name_, value in fields.items():
        setattr(current, name_, value)
    current.timely = _timely(current.first_submitted_at, current.event_date)
    current.status = InfoStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = acting_user
    bump(current)
    current.save()
    store_photos(current, checked)
    return current


def _review(acting_user: User, report: InfoReport, version: int) -> tuple[InfoReport, OrgUnit]:
    current = _locked(report, version)
    unit = reviewing_unit(acting_user, current)
    if unit is None:
        raise PermissionRefused(_("Only a unit above reviews this report."))
    # A worker of the county may send a township's report; she may not publish it too.
    if current.submitted_by_id == acting_user.pk:
        raise PermissionRefused(_("You sent this report; someone else reviews it."))
    if current.status != InfoStatus.SUBMITTED:
        raise ValidationFailed(_("Only a report awaiting review can be reviewed."))
    current.reviewed_at = timezone.now()
    current.reviewed_by = acting_user
    bump(current)
    return current, unit


def _audit_review(acting_user: User, report: InfoReport, unit: OrgUnit) -> None:
    """Record the review (published or returned) as its own audit event."""
    access_log(
        user=acting_user,
        action=AuditAction.INFO_REPORT_REVIEW,
        obj=report,
        detail={"decision": report.status, "reviewing_unit": unit.pk},
    )


@transaction.atomic
def info_publish(*, acting_user: User, report: InfoReport, version: int) -> InfoReport:
    """Publish the report to everyone in the reviewing unit's subtree."""
    current, unit = _review(acting_user, report, version)
    current.status = InfoStatus.PUBLISHED
    current.published_unit = unit
    current.published_at = current.reviewed_at
    current.review_comment = ""
    current.save()
    _audit_review(acting_user, current, unit)
    return current


@transaction.atomic
def info_return(*, acting_user: User, report: InfoReport, version: int, comment: str) -> InfoReport:
    """Send the report back with a comment saying what to correct."""
    comment = " ".join((comment or "").split())
    if not comment:
        raise ValidationFailed(_("Say what needs correcting."), field="comment")
    fits(comment, InfoReport, "review_comment", field="comment")
    current, unit = _review(acting_user, report, version)
    current.status = InfoStatus.RETURNED
    current.review_comment = comment
    current.save()
    _audit_review(acting_user, current, unit)
    return current
