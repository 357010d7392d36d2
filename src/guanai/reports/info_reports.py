"""Information reports and exemplary stories (信息报送, 先进典型, 篇六).

Plan 六: "信息报送……提高信息质量，努力增强信息报送的时效性". Any unit's leaders and workers
send up a short report of an event, or the story of an exemplary person or group, with
up to three photos. A unit above (its leaders and workers) reviews it: publishes it, and
everyone in the publishing unit's subtree reads it from then on, or returns it with a
comment, and the unit corrects it and sends it again.

* **Timeliness.** A report is timely when its *first* submission came within three days
  of the event (event on the 1st, submitted by the 4th). A parent sees, per sub-unit and
  month of first submission, how many were submitted, published and timely.
* **Photos.** JPEG or PNG only, recognised by their first bytes rather than by their
  name, at most 5 MB each and three per report. They are stored under MEDIA_ROOT with a
  random name and served only by a view that checks the reader may read the report.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.text import column_limit, fits, within
from guanai.orgs.models import PATH_STEP, OrgUnit
from guanai.reports.models import InfoKind, InfoPhoto, InfoReport, InfoStatus

TIMELY_DAYS = 3
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_TEXT = 5000
# The first bytes of the image formats accepted, and the type they are served as.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


class Upload(Protocol):
    """An uploaded file as Django's request.FILES hands it over."""

    name: str | None
    size: int | None

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


# --- Reading and permissions ----------------------------------------------------------


def _reader_units(user: User) -> list[OrgUnit]:
    """Units whose subtree the user reads published items of (not the admin roles)."""
    return scoping.units_for(user, DATA_ROLES)


def published_q(user: User) -> Q:
    """Return the filter for items published by a unit containing one of the user's."""
    return Q(status=InfoStatus.PUBLISHED) & scoping.sent_down_q(
        user, field="published_unit__path", roles=DATA_ROLES
    )


def reports_visible(user: User) -> QuerySet[InfoReport]:
    """Return the items of the user's roster subtrees (any status) and those published
    to them."""
    return InfoReport.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path") | published_q(user)
    ).select_related("org_unit")


def published_visible(user: User) -> QuerySet[InfoReport]:
    """Return the published items the user reads, newest first."""
    return (
        InfoReport.objects.filter(published_q(user))
        .select_related("org_unit", "published_unit")
        .annotate(photo_count=Count("photos"))
        .order_by("-published_at", "-pk")
    )


def unit_reports(user: User) -> QuerySet[InfoReport]:
    """Return the items of the user's roster subtrees: their own and those to review."""
    return (
        InfoReport.objects.filter(scoping.roster_subtree_q(user, field="org_unit__path"))
        .select_related("org_unit")
        .annotate(photo_count=Count("photos"))
        .order_by("-first_submitted_at", "-pk")
    )


def reads_published(user: User) -> bool:
    return bool(_reader_units(user))


def timeliness_units_for(user: User) -> list[OrgUnit]:
    """Return the user's own units (leaders, workers, viewers): each has a timeliness
    page of the units below it."""
    return scoping.units_for(user, scoping.ROSTER_ROLES)


def access_report(user: User, pk: int) -> InfoReport:
    report = reports_visible(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def access_photo(user: User, pk: int) -> InfoPhoto:
    """Return a photo of an item the user may read, else raise Http404."""
    photo = (
        InfoPhoto.objects.filter(
            pk=pk,
            report__in=reports_visible(user).values("pk"),
        )
        .select_related("report")
        .first()
    )
    if photo is None:
        raise Http404
    return photo


def can_submit(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above it) send its reports."""
    return scoping.holds_role_over(user, unit, scoping.ROSTER_EDITORS)


def reviewing_unit(user: User, report: InfoReport) -> OrgUnit | None:
    """Return the user's nearest unit strictly above the report's unit (leader or worker),
    which reviews and publishes it; None if the user reviews nothing here."""
    above = [
        u
        for u in scoping.units_for(user, scoping.ROSTER_EDITORS)
        if report.org_unit.path.startswith(u.path) and report.org_unit.path != u.path
    ]
    return max(above, key=lambda u: len(u.path)) if above else None


def may_review(user: User, report: InfoReport) -> bool:
    """Return whether ``user`` may publish or return ``report`` now: someone of a unit
    above it who did not send it."""
    return (
        report.status == InfoStatus.SUBMITTED
        and report.submitted_by_id != user.pk
        and reviewing_unit(user, report) is not None
    )


def submit_units_for(user: User) -> QuerySet[OrgUnit]:
    """Return the units the user may send reports for: their units and below, all of them
    (a unit left out could not be chosen at all)."""
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        scoping.subtree_q(units), is_active=True, parent__isnull=False
    ).order_by("path")


# --- Checking input -------------------------------------------------------------------


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


def sniff(head: bytes) -> tuple[str, str] | None:
    """Return the content type and extension of a JPEG or PNG, by its first bytes."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def _checked_photos(photos: Sequence[Upload], already: int) -> list[tuple[Upload, bytes, str, str]]:
    """Read and check the photos before anything is stored: all or none are kept."""
    if already + len(photos) > MAX_PHOTOS:
        raise ValidationFailed(
            _("At most %(n)s photos per report.") % {"n": MAX_PHOTOS}, field="photos"
        )
    checked = []
    for photo in photos:
        name = photo.name or ""
        too_large = _("%(name)s is larger than 5 MB; send a smaller photo.") % {"name": name}
        if (photo.size or 0) > MAX_PHOTO_BYTES:
            raise ValidationFailed(too_large, field="photos")
        photo.seek(0)
        # One byte more than allowed tells a file whose declared size was wrong.
        data = photo.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationFailed(too_large, field="photos")
        found = sniff(data)
        if found is None:
            raise ValidationFailed(
                _("%(name)s is not a JPEG or PNG photo.") % {"name": name}, field="photos"
            )
        if len(name) > column_limit(InfoPhoto, "original_name"):
            raise ValidationFailed(
                _("The name of the file %(name)s is longer than %(count)s characters; rename it.")
                % {"name": name, "count": column_limit(InfoPhoto, "original_name")},
                field="photos",
            )
        checked.append((photo, data, *found))
    return checked


def _store_photos(report: InfoReport, checked: Iterable[tuple[Upload, bytes, str, str]]) -> None:
    """Store the checked photos; called last in the transaction, so that a failure here
    removes the files already written before the transaction is rolled back."""
    stored: list[InfoPhoto] = []
    try:
        for photo, data, content_type, extension in checked:
            entry = InfoPhoto(
                report=report,
                content_type=content_type,
                size=len(data),
                original_name=photo.name or "",
            )
            # A random name: the original name may hold a child's name.
            entry.file.save(
                f"info/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}",
                ContentFile(data),
                save=False,
            )
            stored.append(entry)
            entry.save()
    except Exception:
        for entry in stored:
            entry.file.storage.delete(entry.file.name)
        raise


def _timely(first_submitted_at: dt.datetime, event_date: dt.date) -> bool:
    return (timezone.localdate(first_submitted_at) - event_date).days <= TIMELY_DAYS


# --- Writing ----------------------------------------------------------------------------


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
) -> InfoReport:
    """Send a report or story of ``unit`` to the units above for review."""
    if not can_submit(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit send its reports."))
    if unit.parent_id is None:
        raise ValidationFailed(_("This unit has no unit above it to review its reports."))
    fields = _clean(kind=kind, title=title, event_date=event_date, text=text)
    checked = _checked_photos(photos, 0)
    now = timezone.now()
    report = InfoReport.objects.create(
        org_unit=unit,
        first_submitted_at=now,
        submitted_at=now,
        submitted_by=acting_user,
        timely=_timely(now, fields["event_date"]),  # type: ignore[arg-type]
        **fields,
    )
    _store_photos(report, checked)
    return report


def _locked(report: InfoReport, version: int) -> InfoReport:
    current = InfoReport.objects.select_for_update().select_related("org_unit").get(pk=report.pk)
    if current.version != version:
        raise StaleEdit(
            _("Someone else changed this item after you opened it. Reload it and try again.")
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
    checked = _checked_photos(photos, kept)
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
    current.version += 1
    current.save()
    _store_photos(current, checked)
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
    current.version += 1
    return current, unit


@transaction.atomic
def info_publish(*, acting_user: User, report: InfoReport, version: int) -> InfoReport:
    """Publish the report to everyone in the reviewing unit's subtree."""
    current, unit = _review(acting_user, report, version)
    current.status = InfoStatus.PUBLISHED
    current.published_unit = unit
    current.published_at = current.reviewed_at
    current.review_comment = ""
    current.save()
    return current


@transaction.atomic
def info_return(*, acting_user: User, report: InfoReport, version: int, comment: str) -> InfoReport:
    """Send the report back with a comment saying what to correct."""
    comment = " ".join((comment or "").split())
    if not comment:
        raise ValidationFailed(_("Say what needs correcting."), field="comment")
    fits(comment, InfoReport, "review_comment", field="comment")
    current, _unit = _review(acting_user, report, version)
    current.status = InfoStatus.RETURNED
    current.review_comment = comment
    current.save()
    return current


# --- Timeliness per sub-unit and month ---------------------------------------------------


@dataclass(frozen=True)
class TimelinessRow:
    unit: OrgUnit
    submitted: int
    published: int
    timely: int

    @property
    def timely_percent(self) -> int | None:
        return round(100 * self.timely / self.submitted) if self.submitted else None


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    following = (month + dt.timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(month, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(following, dt.time()))
    return start, end


def timeliness_of(parent: OrgUnit, month: dt.date) -> list[TimelinessRow]:
    """Count, per sub-unit of ``parent`` (its whole subtree), the items first submitted in
    the month: submitted, published, timely (2 queries)."""
    children = list(OrgUnit.objects.filter(parent=parent, is_active=True).order_by("path"))
    start, end = _month_bounds(month)
    low, high = parent.subtree_bounds()
    width = len(parent.path) + PATH_STEP
    counts = (
        InfoReport.objects.filter(
            org_unit__path__gte=low,
            org_unit__path__lt=high,
            org_unit__depth__gt=parent.depth,
            first_submitted_at__gte=start,
            first_submitted_at__lt=end,
        )
        .annotate(branch=Substr("org_unit__path", 1, width))
        .values("branch")
        .annotate(
            submitted=Count("pk"),
            published=Count("pk", filter=Q(status=InfoStatus.PUBLISHED)),
            timely=Count("pk", filter=Q(timely=True)),
        )
        .order_by()
    )
    by_branch = {row["branch"]: row for row in counts}
    rows = []
    for child in children:
        row = by_branch.get(child.path, {})
        rows.append(
            TimelinessRow(
                unit=child,
                submitted=row.get("submitted", 0),
                published=row.get("published", 0),
                timely=row.get("timely", 0),
            )
        )
    return rows
