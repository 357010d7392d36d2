"""Register, edit and archive persons; the values a form or an import sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.crypto import lookup_hash
from guanai.core.dates import check_plausible_day
from guanai.core.errors import DomainError, ValidationFailed
from guanai.core.idnumber import IdNumber, check_consistency, parse_id
from guanai.core.locking import bump, refuse_stale
from guanai.core.names import check_name_characters
from guanai.core.phone import parse_phone
from guanai.core.pinyin import full_pinyin, initials, sort_key
from guanai.orgs.models import OrgUnit
from guanai.registry.models import (
    ArchiveReason,
    Gender,
    HouseCondition,
    Person,
)
from guanai.registry.services.access import require_roster_editor
from guanai.registry.services.categories import category_start

# The fields of a person a form or an import may set; the rest are derived or internal.
PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "id_number",
    "phone",
    "hukou_place",
    "address",
    "village",
    "school",
    "grade",
    "class_name",
    "boarding",
    "schooling_status",
    "schooling_since",
    "health",
    "house_condition",
    "note",
)


class DuplicatePerson(DomainError):
    """The ID number is registered already; ``existing`` is that person's file."""

    def __init__(self, existing: Person) -> None:
        # The message names nobody: the caller adds the name only for a file the user
        # may open (an ID number must not tell whose file it is outside one's scope).
        super().__init__(_("This ID number is registered already."), field="id_number")
        self.existing = existing


# A person's note: longer than a care summary needs, far shorter than what would fill the
# pages and exports (a note of a million characters is refused, not stored).
PERSON_NOTE_MAX = 4000
# A schooling status may be recorded ahead of the next term, not years ahead.
SCHOOLING_DAYS_AHEAD = 366


@dataclass
class PersonData:
    """Cleaned values for a person, as a form or an import row provides them."""

    name: str
    gender: str = ""
    birth_date: date | None = None
    ethnicity: str = ""
    id_number: str = ""
    phone: str = ""
    hukou_place: str = ""
    address: str = ""
    village: OrgUnit | None = None
    school: OrgUnit | None = None
    grade: str = ""
    class_name: str = ""
    boarding: bool = False
    schooling_status: str = ""
    schooling_since: date | None = None
    health: str = "healthy"
    house_condition: str = ""
    note: str = ""
    warnings: list[str] = field(default_factory=list)


def person_clean(data: PersonData) -> PersonData:
    """Check and normalise a person's values; derive birth date and gender from the ID.

    A given birth date or gender that contradicts the ID number is an error, and so is an
    ID number of an unknown region, a name with invisible or direction-changing
    characters, a birth date before 1900 or in the future, a schooling date before the
    birth or more than a year ahead, and a note longer than ``PERSON_NOTE_MAX`` (refused,
    never cut).
    """
    data.name = "".join(data.name.split())
    if not data.name:
        raise ValidationFailed(_("Enter the person's name."), field="name")
    check_name_characters(data.name)
    if len(data.note) > PERSON_NOTE_MAX:
        raise ValidationFailed(
            _("The note is at most %(count)s characters; this one has %(length)s.")
            % {"count": PERSON_NOTE_MAX, "length": len(data.note)},
            field="note",
        )
    if data.id_number:
        parsed: IdNumber = parse_id(data.id_number)
        check_consistency(parsed, birth_date=data.birth_date, gender=data.gender or None)
        data.id_number = parsed.number
        data.birth_date = parsed.birth_date
        data.gender = parsed.gender
        data.warnings.extend(parsed.warnings)
    if data.phone:
        data.phone = parse_phone(data.phone)
    if data.gender and data.gender not in Gender.values:
        raise ValidationFailed(_("Unknown gender."), field="gender")
    if data.house_condition and data.house_condition not in HouseCondition.values:
        raise ValidationFailed(
            _("The house condition is safe, dangerous grade C or dangerous grade D."),
            field="house_condition",
        )
    if data.birth_date and data.birth_date > timezone.localdate():
        raise ValidationFailed(_("The birth date is in the future."), field="birth_date")
    if data.birth_date:
        check_plausible_day(data.birth_date, field="birth_date")
    if data.schooling_since:
        check_plausible_day(
            data.schooling_since, field="schooling_since", days_ahead=SCHOOLING_DAYS_AHEAD
        )
        if data.birth_date and data.schooling_since < data.birth_date:
            raise ValidationFailed(
                _("Schooling cannot start before the birth date (%(born)s).")
                % {"born": f"{data.birth_date:%Y-%m-%d}"},
                field="schooling_since",
            )
    return data


_PERSON_FIELD_VALUES = attrgetter(*PERSON_FIELDS)


def person_values(data: PersonData, *, id_hash: str | None = None) -> dict[str, Any]:
    """Return what is stored for a person with ``data``: its fields and what derives from them.

    ``id_hash``, if given, is the look-up hash of ``data.id_number`` that the caller has
    computed already (an import hashes every ID number to find duplicates first).
    """
    values: dict[str, Any] = dict(zip(PERSON_FIELDS, _PERSON_FIELD_VALUES(data), strict=True))
    values["name_pinyin"] = full_pinyin(data.name)
    values["name_initials"] = initials(data.name)
    values["name_sort"] = sort_key(data.name)
    if not data.id_number:
        id_hash = None
    elif id_hash is None:
        id_hash = lookup_hash(data.id_number)
    values["id_hash"] = id_hash
    return values


def apply_person_data(person: Person, data: PersonData) -> None:
    for name, value in person_values(data).items():
        setattr(person, name, value)


@transaction.atomic
def person_register(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    data: PersonData,
    categories: list[tuple[str, date]] | None = None,
) -> Person:
    """Register a person in ``org_unit``; an ID number already on file is refused."""
    require_roster_editor(acting_user, org_unit)
    data = person_clean(data)
    if data.id_number:
        existing = Person.objects.filter(id_hash=lookup_hash(data.id_number)).first()
        if existing is not None:
            raise DuplicatePerson(existing)
    person = Person(org_unit=org_unit, province_code=org_unit.province_code)
    apply_person_data(person, data)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # the same ID registered at the same moment
        existing = Person.objects.get(id_hash=person.id_hash)
        raise DuplicatePerson(existing) from exc
    for category, since in categories or []:
        category_start(acting_user=acting_user, person=person, category=category, on=since)
    return person


@transaction.atomic
def person_update(*, acting_user: Actor, person: Person, version: int, data: PersonData) -> Person:
    """Save a person's edited values; a stale ``version`` is refused with what changed."""
    require_roster_editor(acting_user, person.org_unit)
    current = Person.objects.select_for_update().get(pk=person.pk)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone else saved this file after you opened it (changed: %(fields)s). "
            "Reload it and make your change again."
        ),
        fields=PERSON_FIELDS,
        nothing_named=_("the file"),
    )
    data = person_clean(data)
    if data.id_number:
        other = Person.objects.filter(id_hash=lookup_hash(data.id_number)).exclude(pk=person.pk)
        if other.exists():
            raise DuplicatePerson(other.get())
    apply_person_data(current, data)
    bump(current)
    current.save()
    return current


@transaction.atomic
def house_condition_set(*, acting_user: Actor, person: Person, condition: str) -> Person:
    """Record the house's condition (a renovation accepted makes it safe), as an edit would."""
    require_roster_editor(acting_user, person.org_unit)
    if condition not in HouseCondition.values:
        raise ValidationFailed(
            _("The house condition is safe, dangerous grade C or dangerous grade D."),
            field="house_condition",
        )
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.house_condition != condition:
        current.house_condition = condition
        bump(current)
        current.save(update_fields=["house_condition", "version", "updated_at"])
    return current


@transaction.atomic
def person_archive(*, acting_user: Actor, person: Person, reason: str, note: str = "") -> Person:
    """Archive a person with a reason; nothing is deleted and the file stays readable."""
    require_roster_editor(acting_user, person.org_unit)
    if reason not in ArchiveReason.values:
        raise ValidationFailed(_("Choose why the file is archived."), field="archive_reason")
    if person.archived_at is not None:
        raise ValidationFailed(_("This file is archived already."))
    person.archived_at = timezone.now()
    person.archive_reason = reason
    if note:
        person.note = f"{person.note}\n{note}".strip()
    bump(person)
    person.save()
    return person
