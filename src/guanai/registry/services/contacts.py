"""A person's contacts: the guardian, parents and others, with their numbers."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import parse_id
from guanai.core.names import check_name_characters
from guanai.core.phone import parse_phone
from guanai.core.text import fits
from guanai.registry.models import (
    Contact,
    ContactKind,
    Person,
)
from guanai.registry.services.access import require_open_file, require_roster_editor


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
