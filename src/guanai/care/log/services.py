"""Writing the care log (关爱记录): talks, visits and calls with the persons a user cares for.

A record names its author, the persons met (one or several) and what was found: a summary,
the five areas of 篇一 (学习、生活、情绪、交友、身体) rated 1–5, needs and a follow-up
date. Records are edited with a version number and never deleted.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.care.log.selectors import careable_persons
from guanai.care.models import (
    AREAS,
    RATING_MAX,
    RATING_MIN,
    CareKind,
    CareRecord,
    CareRecordPerson,
    CareRecordPhoto,
    Parent,
)
from guanai.core.dates import check_plausible_day
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.photos import CheckedPhoto, store_photos
from guanai.core.text import within
from guanai.registry.models import Person

# A family call longer than ten hours is a typing mistake.
MAX_MINUTES = 600
SUMMARY_MAX = 4000
# A follow-up is planned within the next two years; a later one is a mistyped year.
FOLLOW_UP_DAYS_AHEAD = 2 * 366


@dataclass
class RecordData:
    """What a care record says; ``ratings`` maps an area of ``AREAS`` to 1–5 or None."""

    kind: str
    occurred_on: date
    summary: str
    ratings: dict[str, int | None] = field(default_factory=dict)
    needs: str = ""
    follow_up_on: date | None = None
    parent: str = ""
    minutes: int | None = None


def record_clean(data: RecordData, *, today: date | None = None) -> RecordData:
    """Check a record's values; return them with what does not apply to the kind cleared."""
    today = today or timezone.localdate()
    if data.kind not in CareKind.values:
        raise ValidationFailed(_("Choose what kind of care this was."), field="kind")
    if data.occurred_on > today:
        raise ValidationFailed(_("The date cannot be in the future."), field="occurred_on")
    check_plausible_day(data.occurred_on, field="occurred_on")
    if data.follow_up_on is not None:
        check_plausible_day(
            data.follow_up_on, field="follow_up_on", days_ahead=FOLLOW_UP_DAYS_AHEAD, today=today
        )
    if data.follow_up_on is not None and data.follow_up_on < data.occurred_on:
        raise ValidationFailed(
            _("The follow-up date cannot be before the date of the talk or visit."),
            field="follow_up_on",
        )
    summary = data.summary.strip()
    if not summary:
        raise ValidationFailed(_("Write a few words about what was said or done."), field="summary")
    within(summary, SUMMARY_MAX, field="summary")
    ratings: dict[str, int | None] = {}
    for area in AREAS:
        value = data.ratings.get(area)
        if value is not None and not RATING_MIN <= value <= RATING_MAX:
            raise ValidationFailed(
                _("Rate each area from %(low)s (worrying) to %(high)s (good).")
                % {"low": RATING_MIN, "high": RATING_MAX},
                field=area,
            )
        ratings[area] = value
    parent, minutes = data.parent, data.minutes
    if data.kind == CareKind.FAMILY_CALL:
        if parent not in Parent.values:
            raise ValidationFailed(
                _("For a family phone call, choose which parent was called."), field="parent"
            )
        if minutes is None or not 1 <= minutes <= MAX_MINUTES:
            raise ValidationFailed(
                _("Enter how many minutes the call lasted (1 to %(max)s).") % {"max": MAX_MINUTES},
                field="minutes",
            )
    else:
        parent, minutes = "", None
    return replace(
        data,
        summary=summary,
        ratings=ratings,
        needs=data.needs.strip(),
        parent=parent,
        minutes=minutes,
    )


def _require_persons(acting_user: User, persons: Sequence[Person]) -> list[Person]:
    unique = list({p.pk: p for p in persons}.values())
    if not unique:
        raise ValidationFailed(_("Choose at least one person met."), field="persons")
    if len(unique) != len(persons):
        # One contact per person and record: a person named twice is a mistake, not two talks.
        counts = Counter(p.pk for p in persons)
        twice = next(p for p in persons if counts[p.pk] > 1)
        raise ValidationFailed(
            _("%(name)s is chosen twice; choose each person met once.") % {"name": twice.name},
            field="persons",
        )
    for person in unique:
        if person.archived_at is not None:
            raise ValidationFailed(
                _("The file of %(name)s is archived; no care can be recorded for it.")
                % {"name": person.name},
                field="persons",
            )
    allowed = set(
        careable_persons(acting_user)
        .filter(pk__in=[p.pk for p in unique])
        .values_list("pk", flat=True)
    )
    for person in unique:
        if person.pk not in allowed:
            raise PermissionRefused(
                _("You may only record care for persons of your units or persons paired with you.")
            )
    return unique


def _apply(record: CareRecord, data: RecordData) -> None:
    record.kind = data.kind
    record.occurred_on = data.occurred_on
    record.summary = data.summary
    for area in AREAS:
        setattr(record, area, data.ratings.get(area))
    record.needs = data.needs
    record.follow_up_on = data.follow_up_on
    record.parent = data.parent
    record.minutes = data.minutes


@transaction.atomic
def care_record_add(
    *,
    acting_user: User,
    persons: Sequence[Person],
    data: RecordData,
    key: uuid.UUID | None = None,
    photos: Sequence[CheckedPhoto] = (),
) -> CareRecord:
    """Log a talk, visit or call with persons the acting user may care for.

    ``key`` is the one a phone made for a record written offline (unique: a second record
    with it is an ``IntegrityError``); ``photos``, checked already, are stored last.
    """
    met = _require_persons(acting_user, persons)
    data = record_clean(data)
    record = CareRecord(author=acting_user, org_unit_id=met[0].org_unit_id, key=key)
    _apply(record, data)
    record.save()
    CareRecordPerson.objects.bulk_create(
        CareRecordPerson(
            record=record, person=person, kind=record.kind, occurred_on=record.occurred_on
        )
        for person in met
    )
    if photos:
        store_photos(photos, folder="care", make=lambda: CareRecordPhoto(record=record))
    return record


@transaction.atomic
def care_record_update(
    *, acting_user: User, record: CareRecord, version: int, data: RecordData
) -> CareRecord:
    """Save the author's changes to a record; a stale ``version`` is refused."""
    current = CareRecord.objects.select_for_update().get(pk=record.pk)
    if current.author_id != acting_user.pk:
        raise PermissionRefused(_("Only the author of a care record may change it."))
    refuse_stale(
        current,
        version,
        message=_(
            "Someone else saved this record after you opened it. "
            "Reload it and make your change again."
        ),
    )
    persons = list(Person.objects.filter(care_contacts__record=current))
    _require_persons(acting_user, persons)
    data = record_clean(data)
    _apply(current, data)
    bump(current)
    current.save()
    current.met.update(kind=current.kind, occurred_on=current.occurred_on)
    return current


def record_data_of(record: CareRecord) -> RecordData:
    """Return a stored record's values, as an edit starts from them."""
    return RecordData(
        kind=record.kind,
        occurred_on=record.occurred_on,
        summary=record.summary,
        ratings={area: getattr(record, area) for area in AREAS},
        needs=record.needs,
        follow_up_on=record.follow_up_on,
        parent=record.parent,
        minutes=record.minutes,
    )
