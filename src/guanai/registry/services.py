"""Writes of the roster: register, edit, archive persons; categories and contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.audit import access_log
from guanai.core.crypto import lookup_hash
from guanai.core.dates import check_plausible_day
from guanai.core.errors import DomainError, PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.idnumber import IdNumber, check_consistency, parse_id
from guanai.core.models import AuditAction
from guanai.core.names import check_name_characters
from guanai.core.phone import parse_phone
from guanai.core.pinyin import full_pinyin, initials, sort_key
from guanai.core.text import fits
from guanai.orgs.models import OrgUnit
from guanai.registry import details as category_details
from guanai.registry.models import (
    CONSENT_AGE,
    ArchiveReason,
    Category,
    Consent,
    Contact,
    ContactKind,
    Gender,
    Person,
    PersonCategory,
    Transfer,
    TransferStatus,
)

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
    note: str = ""
    warnings: list[str] = field(default_factory=list)


def require_roster_editor(acting_user: User | None, unit: OrgUnit) -> None:
    if (
        acting_user is not None
        and not scoping.roster_edit_units(acting_user).filter(pk=unit.pk).exists()
    ):
        raise PermissionRefused(_("You may not register or edit persons of this unit."))


def require_open_file(person: Person) -> None:
    """Refuse a change to an archived file: it stays readable, and read-only."""
    if person.archived_at is not None:
        raise ValidationFailed(_("This file is archived and can no longer be changed."))


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
    acting_user: User | None,
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


def _differences(stored: Person, data: PersonData) -> list[str]:
    """Name the fields where the stored file differs from what the user submitted."""
    changed = []
    for name in PERSON_FIELDS:
        if getattr(stored, name) != getattr(data, name):
            changed.append(str(getattr(Person._meta.get_field(name), "verbose_name", name)))
    return changed


@transaction.atomic
def person_update(
    *, acting_user: User | None, person: Person, version: int, data: PersonData
) -> Person:
    """Save a person's edited values; a stale ``version`` is refused with what changed."""
    require_roster_editor(acting_user, person.org_unit)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        changed = "、".join(_differences(current, person_clean(data))) or _("the file")
        raise StaleEdit(
            _(
                "Someone else saved this file after you opened it (changed: %(fields)s). "
                "Reload it and make your change again."
            )
            % {"fields": changed}
        )
    data = person_clean(data)
    if data.id_number:
        other = Person.objects.filter(id_hash=lookup_hash(data.id_number)).exclude(pk=person.pk)
        if other.exists():
            raise DuplicatePerson(other.get())
    apply_person_data(current, data)
    current.version += 1
    current.save()
    return current


@transaction.atomic
def person_archive(
    *, acting_user: User | None, person: Person, reason: str, note: str = ""
) -> Person:
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
    person.version += 1
    person.save()
    return person


@transaction.atomic
def category_start(
    *,
    acting_user: User | None,
    person: Person,
    category: str,
    on: date,
    details: dict[str, Any] | None = None,
    note: str = "",
) -> PersonCategory:
    """Put a person in a category from a date; one open span per category at a time.

    The details are checked against the category (``registry.details``).
    """
    require_roster_editor(acting_user, person.org_unit)
    require_open_file(person)
    if category not in Category.values:
        raise ValidationFailed(
            _("Unknown category “%(category)s”.") % {"category": category}, field="category"
        )
    if on > timezone.localdate():
        raise ValidationFailed(_("The start date is in the future."), field="started_on")
    if person.categories.filter(category=category, ended_on__isnull=True).exists():
        raise ValidationFailed(_("The person is in this category already."), field="category")
    cleaned = category_details.details_clean(category, details, id_number=person.id_number)
    return PersonCategory.objects.create(
        person=person,
        category=category,
        started_on=on,
        details=cleaned,
        note=_category_note(note),
    )


@transaction.atomic
def category_end(*, acting_user: User | None, entry: PersonCategory, on: date) -> PersonCategory:
    """End a category on a date (a parent came home); the span stays in the history."""
    require_roster_editor(acting_user, entry.person.org_unit)
    require_open_file(entry.person)
    if entry.ended_on is not None:
        raise ValidationFailed(_("This category has ended already."), field="ended_on")
    if on < entry.started_on:
        raise ValidationFailed(
            _("The end date is before the category began (%(start)s).")
            % {"start": entry.started_on.isoformat()},
            field="ended_on",
        )
    entry.ended_on = on
    entry.save(update_fields=["ended_on"])
    return entry


@transaction.atomic
def contact_add(
    *,
    acting_user: User | None,
    person: Person,
    kind: str,
    name: str,
    relation: str = "",
    phone: str = "",
    is_guardian: bool = False,
    works_away_at: str = "",
    address: str = "",
    id_number: str = "",
) -> Contact:
    """Add a guardian, parent or other contact to a person's file."""
    require_roster_editor(acting_user, person.org_unit)
    require_open_file(person)
    contact = Contact(person=person)
    _contact_set(
        contact,
        kind=kind,
        name=name,
        relation=relation,
        phone=phone,
        id_number=id_number,
        is_guardian=is_guardian,
        works_away_at=works_away_at,
        address=address,
    )
    contact.save()
    return contact


def _contact_set(
    contact: Contact,
    *,
    kind: str,
    name: str,
    relation: str,
    phone: str | None,
    id_number: str | None,
    is_guardian: bool,
    works_away_at: str,
    address: str,
) -> None:
    """Check a contact's values and set them; ``None`` for a number keeps the stored one."""
    if kind not in ContactKind.values:
        raise ValidationFailed(_("Unknown kind of contact."), field="kind")
    texts = {
        "name": "".join(name.split()),
        "relation": relation.strip(),
        "address": address.strip(),
        "works_away_at": works_away_at.strip(),
    }
    if not texts["name"]:
        raise ValidationFailed(_("Enter the contact's name."), field="name")
    check_name_characters(texts["name"])
    for key, text in texts.items():
        fits(text, Contact, key)  # PostgreSQL would refuse a longer value
    if phone is not None:
        contact.phone = parse_phone(phone) if phone.strip() else ""
    if id_number is not None:
        contact.id_number = parse_id(id_number).number if id_number.strip() else ""
    contact.kind = kind
    contact.name = texts["name"]
    contact.relation = texts["relation"]
    contact.address = texts["address"]
    contact.works_away_at = texts["works_away_at"]
    # A contact of the kind "guardian" is a guardian; a parent or other may be one too.
    contact.is_guardian = is_guardian or kind == ContactKind.GUARDIAN


@transaction.atomic
def contact_update(
    *,
    acting_user: User | None,
    contact: Contact,
    kind: str,
    name: str,
    relation: str = "",
    phone: str | None = None,
    id_number: str | None = None,
    is_guardian: bool = False,
    works_away_at: str = "",
    address: str = "",
) -> Contact:
    """Correct a contact of a person's file.

    The phone and ID numbers are not shown in full on the form, so ``None`` keeps the
    stored number; an empty text erases it.
    """
    require_roster_editor(acting_user, contact.person.org_unit)
    require_open_file(contact.person)
    _contact_set(
        contact,
        kind=kind,
        name=name,
        relation=relation,
        phone=phone,
        id_number=id_number,
        is_guardian=is_guardian,
        works_away_at=works_away_at,
        address=address,
    )
    contact.save()
    return contact


@transaction.atomic
def contact_remove(*, acting_user: User | None, contact: Contact) -> None:
    """Remove a contact entered by mistake; the change log keeps what it said."""
    require_roster_editor(acting_user, contact.person.org_unit)
    require_open_file(contact.person)
    contact.delete()


def _category_note(note: str) -> str:
    return fits(" ".join(note.split()), PersonCategory, "note")


@transaction.atomic
def category_update_details(
    *,
    acting_user: User | None,
    entry: PersonCategory,
    details: dict[str, Any],
    note: str,
) -> PersonCategory:
    """Replace the details and the note of a category span with checked ones."""
    person = entry.person
    require_roster_editor(acting_user, person.org_unit)
    require_open_file(person)
    entry.details = category_details.details_clean(
        entry.category, details, id_number=person.id_number
    )
    entry.note = _category_note(note)
    entry.save(update_fields=["details", "note"])
    return entry


@transaction.atomic
def guardianship_assess(
    *, acting_user: User | None, person: Person, result: str, on: date
) -> PersonCategory:
    """Record how well a left-behind child is looked after (good, fair or poor) and when.

    The assessment is kept on the child's open left-behind category; the change log keeps
    the earlier ones.
    """
    require_roster_editor(acting_user, person.org_unit)
    require_open_file(person)
    entry = (
        PersonCategory.objects.select_for_update()
        .filter(person=person, category=Category.LEFT_BEHIND, ended_on__isnull=True)
        .first()
    )
    if entry is None:
        raise ValidationFailed(
            _("Guardianship is assessed for left-behind children; this person is not one now.")
        )
    assessed = category_details.clean_value(Category.LEFT_BEHIND, "guardianship", result)
    day = category_details.clean_value(Category.LEFT_BEHIND, "guardianship_assessed_on", on)
    entry.details = {**entry.details, "guardianship": assessed, "guardianship_assessed_on": day}
    entry.save(update_fields=["details"])
    return entry


@transaction.atomic
def consent_record(
    *,
    acting_user: User | None,
    person: Person,
    given_by: str,
    relation: str,
    given_on: date,
    scope: str,
    purpose: str,
) -> Consent:
    """Record a guardian's consent for a child's file (PIPL art. 31)."""
    require_roster_editor(acting_user, person.org_unit)
    given_by = "".join(given_by.split())
    if not given_by or not relation.strip():
        raise ValidationFailed(_("Enter who consented and their relation to the child."))
    if given_on > timezone.localdate():
        raise ValidationFailed(_("The date of consent is in the future."), field="given_on")
    if not scope.strip() or not purpose.strip():
        raise ValidationFailed(_("Enter the scope and the purpose of the consent."))
    return Consent.objects.create(
        person=person,
        given_by=given_by,
        relation=relation.strip(),
        given_on=given_on,
        scope=scope.strip(),
        purpose=purpose.strip(),
        recorded_by=acting_user,
    )


def consent_missing(person: Person, *, today: date | None = None) -> bool:
    """Return whether a child under 14 has no guardian's consent on file."""
    if person.birth_date is None:
        return False
    today = today or timezone.localdate()
    born = person.birth_date
    # A child born on 29 February turns 14 on 1 March in a common year.
    try:
        fourteenth = born.replace(year=born.year + CONSENT_AGE)
    except ValueError:
        fourteenth = date(born.year + CONSENT_AGE, 3, 1)
    return today < fourteenth and not person.consents.exists()


def transfer_target(text: str) -> OrgUnit:
    """Find the receiving unit by its division code or its exact name."""
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Enter the receiving unit's name or code."), field="to_unit")
    units = OrgUnit.objects.filter(is_active=True)
    found = list(units.filter(code=text)[:1]) or list(units.filter(name=text)[:2])
    if not found:
        raise ValidationFailed(
            _("No unit is named or coded “%(text)s”.") % {"text": text}, field="to_unit"
        )
    if len(found) > 1:
        raise ValidationFailed(
            _("Several units are named “%(text)s”; enter the division code or the full name.")
            % {"text": text},
            field="to_unit",
        )
    return found[0]


@transaction.atomic
def transfer_request(
    *,
    acting_user: User | None,
    person: Person,
    to_unit: OrgUnit,
    reason: str,
    handover_note: str = "",
) -> Transfer:
    """Send a person's file to another unit, which must accept it."""
    require_roster_editor(acting_user, person.org_unit)
    if person.is_archived:
        raise ValidationFailed(_("An archived file cannot be transferred."))
    if to_unit.pk == person.org_unit_id:
        raise ValidationFailed(_("The person is in this unit already."), field="to_unit")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Enter the reason for the transfer."), field="reason")
    fits(reason, Transfer, "reason")
    if person.transfers.filter(status=TransferStatus.PENDING).exists():
        raise ValidationFailed(_("A transfer of this person is waiting already."))
    return Transfer.objects.create(
        person=person,
        from_unit=person.org_unit,
        to_unit=to_unit,
        reason=reason,
        handover_note=handover_note.strip(),
        requested_by=acting_user,
    )


def _decision_note(note: str) -> str:
    """The note of a decision, refused (not cut) when longer than its column."""
    return fits(note.strip(), Transfer, "decision_note", field="note")


def _decide(transfer: Transfer, status: str, acting_user: User | None, note: str) -> None:
    transfer.status = status
    transfer.decided_by = acting_user
    transfer.decided_at = timezone.now()
    transfer.decision_note = _decision_note(note)
    transfer.save()
    # The decision is an event of its own in the access log (issue 13, point 5): who moved
    # or kept whose file, between which units, and why.
    access_log(
        user=acting_user,
        action=AuditAction.TRANSFER,
        obj=transfer,
        detail={
            "decision": status,
            "person": transfer.person_id,
            "from_unit": transfer.from_unit_id,
            "to_unit": transfer.to_unit_id,
            "note": transfer.decision_note,
        },
    )


@transaction.atomic
def transfer_accept(*, acting_user: User | None, transfer: Transfer, note: str = "") -> Person:
    """Take the person into the receiving unit: the file and its history move with them."""
    transfer = (
        Transfer.objects.select_for_update().select_related("person", "to_unit").get(pk=transfer.pk)
    )
    require_roster_editor(acting_user, transfer.to_unit)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer was decided already."))
    _decision_note(note)
    person = Person.objects.select_for_update().get(pk=transfer.person_id)
    target = transfer.to_unit
    person.org_unit = target
    person.province_code = target.province_code
    # The old school is kept only if it lies inside the new unit's subtree.
    if target.kind in ("school", "kindergarten"):
        person.school = target
    elif person.school is not None and not person.school.path.startswith(target.path):
        person.school = None
        person.grade = person.class_name = ""
    if person.village is not None and not person.village.path.startswith(target.path):
        person.village = None
    person.version += 1
    person.save()
    _decide(transfer, TransferStatus.ACCEPTED, acting_user, note)
    return person


@transaction.atomic
def transfer_decline(*, acting_user: User | None, transfer: Transfer, note: str) -> Transfer:
    """Refuse a transfer with a reason; the person stays where they were."""
    require_roster_editor(acting_user, transfer.to_unit)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer was decided already."))
    if not note.strip():
        raise ValidationFailed(_("Say why the transfer is declined."), field="note")
    _decision_note(note)
    _decide(transfer, TransferStatus.DECLINED, acting_user, note)
    return transfer


@transaction.atomic
def transfer_cancel(*, acting_user: User | None, transfer: Transfer) -> Transfer:
    """Withdraw a transfer that the receiving unit has not decided yet."""
    require_roster_editor(acting_user, transfer.from_unit)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer was decided already."))
    _decide(transfer, TransferStatus.CANCELLED, acting_user, "")
    return transfer
