"""Field work offline (issue 23): the phone's sync, and the records it sends from its outbox.

``field_sync`` answers with the cards that changed since the phone's copy (it names each
card's hash), the persons no longer on the list, and the user's quotas; each sync that sends
cards is written in the access log. ``field_record_add`` stores a record written offline
once, however often the outbox sends it: the key the phone made is unique. A record that
can no longer be stored says why, when the user once cared for the person — the pairing
ended, or the person was transferred — so that the phone keeps it with the reason.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.care.field.selectors import HASH_LENGTH, Card, field_cards, field_quotas
from guanai.care.log import RecordData, care_record_add, careable_persons
from guanai.care.models import CareRecord, Pairing
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AuditAction
from guanai.core.photos import Upload, checked_photos
from guanai.core.text import quoted
from guanai.registry.models import Person, Transfer, TransferStatus

# The most persons a phone may name in one sync (a helper's list is tens).
HAVE_MAX = 1000
# The photos a record written offline may carry (the form says so).
FIELD_PHOTOS_MAX = 3
_HASH = re.compile(rf"[0-9a-f]{{{HASH_LENGTH}}}")
_ID = re.compile(r"[1-9][0-9]{0,17}")


@dataclass(frozen=True)
class Sync:
    """What a sync sends: the changed cards, the ids to drop, and the user's quotas."""

    persons: list[Card]
    removed: list[int]
    unchanged: int
    quotas: list[dict[str, Any]]
    synced_at: datetime
    today: date
    keep_days: int


@dataclass(frozen=True)
class Received:
    """A record the outbox sent: ``stored`` False when it had arrived before."""

    record: CareRecord
    stored: bool


def have_read(raw: Mapping[str, str]) -> dict[int, str]:
    """Return the phone's cards (person id → hash); refuse ids or hashes not in form."""
    if len(raw) > HAVE_MAX:
        raise ValidationFailed(
            _("Name at most %(count)s persons in one sync.") % {"count": HAVE_MAX}, field="have"
        )
    have: dict[int, str] = {}
    for key, value in raw.items():
        if not _ID.fullmatch(key):
            raise ValidationFailed(
                _("“%(value)s” is not a person's number.") % {"value": quoted(key)}, field="have"
            )
        if not isinstance(value, str) or not _HASH.fullmatch(value):
            raise ValidationFailed(
                _("The card of person %(id)s has a version “%(value)s” not in the expected form.")
                % {"id": key, "value": quoted(value)},
                field="have",
            )
        have[int(key)] = value
    return have


def field_sync(user: User, have: Mapping[int, str], request: HttpRequest | None = None) -> Sync:
    """Return the cards the phone lacks or holds in an older version, and what to drop.

    The read of the cards sent is written in the access log (one row, naming the persons).
    """
    today = timezone.localdate()
    cards = field_cards(user, today=today)
    listed = {card["id"] for card in cards}
    changed = [card for card in cards if have.get(card["id"]) != card["hash"]]
    if changed:
        access_log(
            user=user,
            action=AuditAction.READ,
            object_type="registry.person",
            object_repr=_("Cards for field work"),
            detail={"field_sync": [card["id"] for card in changed]},
            request=request,
        )
    return Sync(
        persons=changed,
        removed=sorted(set(have) - listed),
        unchanged=len(cards) - len(changed),
        quotas=field_quotas(user, today),
        synced_at=timezone.now(),
        today=today,
        keep_days=settings.GUANAI_OFFLINE_KEEP_DAYS,
    )


def _sent_before(acting_user: User, key: uuid.UUID) -> CareRecord | None:
    record = CareRecord.objects.filter(key=key).first()
    if record is not None and record.author_id != acting_user.pk:
        raise ValidationFailed(_("This key belongs to another record."), field="key")
    return record


def _day(day: date) -> str:
    return date_format(day)


def _moved(person: Person, pairing: Pairing) -> tuple[str, date] | None:
    """Return where and when the person moved since the pairing began (an accepted
    transfer in the registry); a pairing merely ended says so instead."""
    transfer = (
        Transfer.objects.filter(
            person=person,
            status=TransferStatus.ACCEPTED,
            decided_at__date__gte=pairing.started_on,
        )
        .select_related("to_unit")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if transfer is not None and transfer.decided_at is not None:
        return transfer.to_unit.name, timezone.localdate(transfer.decided_at)
    return None


def _person(acting_user: User, person_id: int) -> Person:
    """Return the person the record is for; say why not only to a former helper."""
    person = careable_persons(acting_user).filter(pk=person_id).first()
    if person is not None:
        return person
    pairing = (
        Pairing.objects.filter(helper=acting_user, person_id=person_id)
        .select_related("person__org_unit")
        .order_by("-started_on", "-pk")
        .first()
    )
    if pairing is None:
        raise Http404("not a person of the user")
    person = pairing.person
    if person.archived_at is not None:
        raise ValidationFailed(
            _("The file of %(name)s is archived; no care can be recorded for it.")
            % {"name": person.name},
            field="person_id",
        )
    moved = _moved(person, pairing)
    if moved is not None:
        unit, day = moved
        message = _(
            "%(name)s was transferred to %(unit)s on %(day)s; this record can no longer "
            "be saved here. Copy it and give it to the person's new helper."
        )
        raise PermissionRefused(
            message % {"name": person.name, "unit": unit, "day": _day(day)}, field="person_id"
        )
    if pairing.ended_on is not None:
        raise PermissionRefused(
            _(
                "Your pairing with %(name)s ended on %(day)s; this record can no longer be "
                "saved. Copy it and give it to the person's current helper."
            )
            % {"name": person.name, "day": _day(pairing.ended_on)},
            field="person_id",
        )
    raise Http404("not a person of the user")


def field_record_add(
    *,
    acting_user: User,
    key: uuid.UUID,
    person_id: int,
    data: RecordData,
    photos: Sequence[Upload] = (),
) -> Received:
    """Store a record the phone wrote offline, once whatever the number of sends.

    The record is checked as one written online (scoping, the pairing still open, the
    dates); a record refused changes nothing.
    """
    earlier = _sent_before(acting_user, key)
    if earlier is not None:
        # Sent before and its answer lost: nothing changes, even if the pairing ended since.
        return Received(earlier, stored=False)
    person = _person(acting_user, person_id)
    checked = checked_photos(
        photos,
        room=FIELD_PHOTOS_MAX,
        too_many=_("Send at most %(count)s photos with a record.") % {"count": FIELD_PHOTOS_MAX},
    )
    try:
        record = care_record_add(
            acting_user=acting_user, persons=[person], data=data, key=key, photos=checked
        )
    except IntegrityError:
        # The same record sent twice at once: the other send stored it first.
        earlier = _sent_before(acting_user, key)
        if earlier is None:
            raise
        return Received(earlier, stored=False)
    return Received(record, stored=True)
