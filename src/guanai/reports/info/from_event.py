"""An information report written from an event in one step (issue 15, point 2; 篇六
信息报送).

A published event that has begun is written up for the unit above: the title is the
event's, the text tells when and where it was held, by whom, how many took part — in all
and from the special groups, by category; for a volunteer visit, the volunteer group that
went, how many of its volunteers served and their hours (``community.volunteers``) — and
the event's notes; up to three of the
event's photos go with it, copied (the event keeps its own). The report is then sent for
review like any other (``services.info_submit``), remembers its event, and the event's
page names it instead of offering the step again: one report per event.

Who may: the leaders and workers who send the reports of the event's unit (``can_submit``);
the event must be one they see. The text is composed in the user's language (Chinese on
the pages) and can be edited before it is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files import File
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from guanai.accounts.models import User
from guanai.activities.models.events import (
    Attendance,
    Enrolment,
    EnrolmentState,
    Event,
    EventKind,
    EventStatus,
)
from guanai.activities.models.media import EventPhoto
from guanai.community.volunteers import visit_of_event
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.models import Category, PersonCategory
from guanai.reports.info.access import can_submit, reports_visible
from guanai.reports.info.photos import MAX_PHOTOS
from guanai.reports.info.services import info_submit
from guanai.reports.models import InfoKind, InfoReport


@dataclass(frozen=True)
class Turnout:
    """Who took part: those marked present, or, before attendance, those enrolled."""

    present: bool
    total: int
    special: int
    by_category: list[tuple[str, int]]


@dataclass(frozen=True)
class Draft:
    """What the report form opens with."""

    title: str
    event_date: dt.date
    text: str
    photos: list[EventPhoto]


def report_of_event(user: User, event: Event) -> InfoReport | None:
    """Return the report written from ``event``, if the user may read it."""
    return reports_visible(user).filter(source_event=event).first()


def may_report(user: User, event: Event) -> bool:
    """Return whether the user may write ``event`` up now (no query beyond the user's
    memberships): a published event that has begun, of a unit whose reports they send."""
    return (
        event.status == EventStatus.PUBLISHED
        and event.starts_at <= timezone.now()
        and event.org_unit.parent_id is not None
        and can_submit(user, event.org_unit)
    )


def turnout(event: Event) -> Turnout:
    """Count who took part in ``event`` and, of them, the special-group persons by the
    categories they held on the day (three queries)."""
    marked = Attendance.objects.filter(event=event, present=True).values("person_id")
    present = marked.exists()
    persons = (
        marked
        if present
        else Enrolment.objects.filter(event=event, state=EnrolmentState.ENROLLED).values(
            "person_id"
        )
    )
    day = timezone.localdate(event.starts_at)
    held = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        person__in=persons,
        started_on__lte=day,
    )
    rows = dict(
        held.order_by()
        .values("category")
        .annotate(n=Count("person", distinct=True))
        .values_list("category", "n")
    )
    return Turnout(
        present=present,
        total=persons.count(),
        special=held.values("person").distinct().count(),
        by_category=[(str(label), rows[code]) for code, label in Category.choices if code in rows],
    )


def _turnout_text(counted: Turnout) -> str:
    if not counted.total:
        return ""
    if counted.present:
        text = ngettext(
            "%(total)s person took part", "%(total)s persons took part", counted.total
        ) % {"total": counted.total}
    else:
        text = _("Attendance was not taken; %(total)s enrolled") % {"total": counted.total}
    if counted.special:
        categories = pgettext("list of counts", ", ").join(
            pgettext("count of a category", "%(category)s %(count)s")
            % {"category": label, "count": n}
            for label, n in counted.by_category
        )
        text += _(", of whom %(special)s from the special groups (%(categories)s)") % {
            "special": counted.special,
            "categories": categories,
        }
    return text + pgettext("end of a sentence", ".")


def _volunteers_text(event: Event) -> str:
    """Say which volunteer group went on a volunteer visit, how many served and how long
    (nothing for another kind of event, or a visit not opened to a group)."""
    if event.kind != EventKind.VOLUNTEER_VISIT:
        return ""
    summary = visit_of_event(event)
    if summary is None:
        return ""
    if summary.served:
        return ngettext(
            "%(count)s volunteer of %(group)s served, %(hours)s hours in all.",
            "%(count)s volunteers of %(group)s served, %(hours)s hours in all.",
            summary.served,
        ) % {"count": summary.served, "group": summary.group, "hours": summary.hours}
    if summary.signed:
        return ngettext(
            "%(count)s volunteer of %(group)s signed up.",
            "%(count)s volunteers of %(group)s signed up.",
            summary.signed,
        ) % {"count": summary.signed, "group": summary.group}
    return _("The visit was open to %(group)s.") % {"group": summary.group}


def _sentences(lines: list[str]) -> str:
    """Join sentences as their language writes them: Chinese ones run on after "。",
    others take a space."""
    text = ""
    for line in lines:
        text += line if not text or text.endswith(("。", "！", "？")) else " " + line
    return text


def compose(event: Event) -> Draft:
    """Return the report ``event`` makes: title, date and text, and its first photos."""
    day = timezone.localdate(event.starts_at)
    facts = {
        "date": date_format(day),
        "unit": event.org_unit.name,
        "title": event.title,
        "kind": event.get_kind_display(),
        "place": event.place,
    }
    if event.place:
        held = _("On %(date)s, %(unit)s held “%(title)s” (%(kind)s) at %(place)s.") % facts
    else:
        held = _("On %(date)s, %(unit)s held “%(title)s” (%(kind)s).") % facts
    lines = [held]
    if event.organiser is not None:
        lines.append(
            _("It was organised by %(organiser)s.") % {"organiser": event.organiser.get_full_name()}
        )
    counted = _turnout_text(turnout(event))
    if counted:
        lines.append(counted)
    volunteers = _volunteers_text(event)
    if volunteers:
        lines.append(volunteers)
    text = _sentences(lines)
    if event.notes:
        text += "\n\n" + event.notes
    photos = list(EventPhoto.objects.filter(event=event).order_by("pk")[:MAX_PHOTOS])
    return Draft(title=event.title, event_date=day, text=text, photos=photos)


def require_reportable(user: User, event: Event) -> None:
    """Refuse, with the reason, to write up ``event``: a user who does not send its unit's
    reports, an event not published or not begun, one already written up."""
    if not can_submit(user, event.org_unit):
        raise PermissionRefused(_("Only leaders and workers of this unit send its reports."))
    if event.status != EventStatus.PUBLISHED:
        raise ValidationFailed(_("Only a published event is written up as a report."))
    if event.starts_at > timezone.now():
        raise ValidationFailed(_("The event has not begun yet: write it up once it is held."))
    if InfoReport.objects.filter(source_event=event).exists():
        raise ValidationFailed(_("An information report was already sent from this event."))


@transaction.atomic
def info_from_event(
    *,
    acting_user: User,
    event: Event,
    kind: str = InfoKind.REPORT,
    title: str,
    event_date: dt.date | None,
    text: str,
    photos: Sequence[EventPhoto] = (),
) -> InfoReport:
    """Send the report written from ``event`` with copies of the photos chosen (three at
    most, all of the event)."""
    # The event's row is locked so that two clicks cannot send two reports.
    event = Event.objects.select_for_update().select_related("org_unit").get(pk=event.pk)
    require_reportable(acting_user, event)
    if any(photo.event_id != event.pk for photo in photos):
        raise ValidationFailed(_("Choose photos of this event."), field="photos")
    with ExitStack() as stack:
        uploads = []
        for photo in photos:
            try:
                handle = stack.enter_context(photo.file.open("rb"))
            except FileNotFoundError:
                raise ValidationFailed(
                    _("A photo of the event could not be read; choose the others."),
                    field="photos",
                ) from None
            name = photo.original_name or PurePosixPath(photo.file.name).name
            uploads.append(File(handle, name=name))
        return info_submit(
            acting_user=acting_user,
            unit=event.org_unit,
            kind=kind,
            title=title,
            event_date=event_date,
            text=text,
            photos=uploads,
            source_event=event,
        )
