"""A rectification reported, accepted or sent back (整改: 报告、验收、退回).

* ``rectification_report``: a leader or worker of the unit to rectify (or above) says what
  was done, with evidence — at least one photo (JPEG or PNG, checked by its content, at most
  ``PHOTOS_PER_REPORT`` of 5 MB each) or a linked record (an address inside Guanai that
  opens a page, such as a person's file or an event) — while the rectification is to rectify
  or was sent back. The day it is sent (Asia/Shanghai) is kept: it decides whether the unit
  rectified on time (``timing``).
* ``rectification_accept``: a leader or worker of the supervising unit (or above) accepts
  the report awaiting a decision; the rectification is closed, rectified on the day that
  report was sent. Never without such a report, and the database refuses an accepted
  rectification without its acceptance and its day.
* ``rectification_return``: the same people send the report back with a reason; the unit
  reports again.

Every step raises the rectification's version: a form opened before someone else's step is
refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.photos import Upload, checked_photos, store_photos
from guanai.core.text import fits, quoted
from guanai.governance.models import (
    Rectification,
    RectificationPhoto,
    RectificationReport,
    RectificationStatus,
    ReportDecision,
)
from guanai.governance.supervision import access
from guanai.governance.supervision.timing import WAITING_FOR_UNIT

PHOTOS_PER_REPORT = 3
STALE = gettext_lazy(
    "Someone acted on this rectification after you opened it (%(fields)s); reload and try again."
)
STALE_FIELDS = ("status", "finding", "required", "deadline")


def _locked(rectification: Rectification, version: int) -> Rectification:
    current = (
        Rectification.objects.select_for_update()
        .select_related("visit__org_unit", "org_unit")
        .get(pk=rectification.pk)
    )
    refuse_stale(current, version, message=str(STALE), fields=STALE_FIELDS)
    return current


def linked_record(text: str) -> str:
    """Return ``text`` if it is the address of a page of Guanai ("/persons/12/"), or ""."""
    address = text.strip()
    if not address:
        return ""
    parts = urlsplit(address)
    wrong = _(
        "%(link)s is not a page of Guanai: copy the address of the record's page, starting with /."
    ) % {"link": quoted(address)}
    if (
        parts.scheme
        or parts.netloc
        or not parts.path.startswith("/")
        or address.startswith("//")
        or any(ch.isspace() for ch in address)
        or parts.path.startswith("/api/")
    ):
        raise ValidationFailed(wrong, field="link")
    try:
        resolve(parts.path)
    except Resolver404:
        raise ValidationFailed(wrong, field="link") from None
    return fits(address, RectificationReport, "link")


@transaction.atomic
def rectification_report(
    user: Actor,
    rectification: Rectification,
    *,
    version: int,
    text: str,
    link: str = "",
    photos: Sequence[Upload] = (),
) -> RectificationReport:
    """Report what the unit did, with a photo or a linked record as evidence."""
    current = _locked(rectification, version)
    access.require_report(user, current)
    if current.status not in WAITING_FOR_UNIT:
        raise ValidationFailed(
            _("This rectification is %(status)s: there is nothing to report now.")
            % {"status": current.get_status_display()}
        )
    words = text.strip()
    if not words:
        raise ValidationFailed(_("Write what was done to rectify it."), field="text")
    words = fits(words, RectificationReport, "text")
    address = linked_record(link)
    checked = checked_photos(
        photos,
        room=PHOTOS_PER_REPORT,
        too_many=_("A report keeps at most %(count)s photos.") % {"count": PHOTOS_PER_REPORT},
    )
    if not checked and not address:
        raise ValidationFailed(
            _("Add evidence: at least one photo, or the address of a record in Guanai."),
            field="photos",
        )
    report = RectificationReport.objects.create(
        rectification=current,
        text=words,
        link=address,
        submitted_by=account_of(user),
        submitted_on=timezone.localdate(),
    )
    current.status = RectificationStatus.REPORTED
    bump(current)
    current.save(update_fields=["status", "version"])
    store_photos(checked, folder="governance", make=lambda: RectificationPhoto(report=report))
    return report


def _pending(current: Rectification) -> RectificationReport:
    report = (
        current.reports.filter(decision=ReportDecision.PENDING)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if current.status != RectificationStatus.REPORTED or report is None:
        raise ValidationFailed(
            _(
                "No report awaits a decision: a rectification is accepted or sent back only "
                "on the unit's report with its evidence."
            )
        )
    return report


@transaction.atomic
def rectification_accept(
    user: Actor, rectification: Rectification, *, version: int, note: str = ""
) -> Rectification:
    """Accept the report awaiting a decision and close the rectification."""
    current = _locked(rectification, version)
    access.require_decide(user, current)
    report = _pending(current)
    if not report.link and not report.photos.exists():
        raise ValidationFailed(_("The report has no evidence: send it back asking for it."))
    now = timezone.now()
    report.decision = ReportDecision.ACCEPTED
    report.decision_note = fits(note.strip(), RectificationReport, "decision_note", field="note")
    report.decided_by = account_of(user)
    report.decided_at = now
    report.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    current.status = RectificationStatus.ACCEPTED
    current.accepted_at = now
    current.accepted_by = account_of(user)
    current.rectified_on = report.submitted_on
    bump(current)
    current.save(update_fields=["status", "accepted_at", "accepted_by", "rectified_on", "version"])
    return current


@transaction.atomic
def rectification_return(
    user: Actor, rectification: Rectification, *, version: int, reason: str
) -> Rectification:
    """Send the report awaiting a decision back, saying why; the unit reports again."""
    current = _locked(rectification, version)
    access.require_decide(user, current)
    report = _pending(current)
    words = reason.strip()
    if not words:
        raise ValidationFailed(_("Say why the report is sent back."), field="reason")
    words = fits(words, RectificationReport, "decision_note", field="reason")
    report.decision = ReportDecision.RETURNED
    report.decision_note = words
    report.decided_by = account_of(user)
    report.decided_at = timezone.now()
    report.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    current.status = RectificationStatus.RETURNED
    bump(current)
    current.save(update_fields=["status", "version"])
    return current
