"""Contact cards (联系卡, 篇九): a printed card per child for reaching the family and the school.

A card names the child's school and class, the class teacher and the helpers paired with
the child (given by the care app through ``extensions``), the guardians and parents with
their phone numbers, and the school's hotline (亲情电话, 篇一). The numbers are what the
card is for, so printing cards is an export of personal data: it is asked for with a
purpose (``purpose``), the numbers are full only where the user's role may reveal them
(``scoping.numbers_shown``) — masked for other readers, absent for volunteers — and every
print is written to the audit log with its persons and purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.audit import export_logged
from guanai.core.masking import Shown, show_phone
from guanai.registry.extensions import CardPerson, card_people
from guanai.registry.models import Contact, ContactKind, Person
from guanai.registry.purpose import purpose_clean
from guanai.registry.selectors import persons_visible

# A page of the printed cards holds 8; 25 pages is as much as a clerk prints at once.
CARDS_LIMIT = 200


def persons_for_cards(user: User, ids: list[int]) -> list[Person]:
    """Return the visible persons among ``ids`` with their contacts, in roster order."""
    return list(
        persons_visible(user)
        .filter(pk__in=ids[:CARDS_LIMIT])
        .prefetch_related("contacts")
        .order_by("school__name", "grade", "class_name", "name_sort")
    )


@dataclass(frozen=True)
class CardContact:
    """A guardian or parent as a contact card shows them; ``phone`` is as it may be shown."""

    name: str
    relation: str
    phone: str
    works_away_at: str


@dataclass(frozen=True)
class ContactCard:
    """One contact card: the child, the school's people, who to call, the hotline."""

    person: Person
    class_teachers: list[CardPerson]
    helpers: list[CardPerson]
    guardians: list[CardContact]
    parents: list[CardContact]
    hotline: str
    full_numbers: bool


def _card_contact(contact: Contact, shown: Shown) -> CardContact:
    return CardContact(
        name=contact.name,
        relation=contact.relation,
        phone=show_phone(contact.phone, shown),
        works_away_at=contact.works_away_at,
    )


def contact_cards_for(user: User, persons: list[Person]) -> list[ContactCard]:
    """Return the contact cards of ``persons`` (from ``persons_for_cards``), in their order.

    The hotline is the school's phone, else the managing unit's. The caller has asked for
    a purpose and writes the print to the audit log (``contact_cards_print`` does both).
    """
    people = card_people(persons)
    cards = []
    for person in persons:
        shown = scoping.numbers_shown(user, person.org_unit, reveal=True)
        contacts = list(person.contacts.all())
        named = people.get(person.pk, [])
        cards.append(
            ContactCard(
                person=person,
                class_teachers=[p for p in named if p.class_teacher],
                helpers=[p for p in named if not p.class_teacher],
                guardians=[_card_contact(c, shown) for c in contacts if c.is_guardian],
                parents=[_card_contact(c, shown) for c in contacts if c.kind == ContactKind.PARENT],
                hotline=person.school.phone if person.school else person.org_unit.phone,
                full_numbers=shown is Shown.FULL,
            )
        )
    return cards


def contact_cards_print(
    *, acting_user: User, persons: list[Person], purpose: str, request: HttpRequest | None = None
) -> list[ContactCard]:
    """Return the cards of ``persons`` for printing, with the purpose written to the audit log.

    An empty or over-long purpose is refused (``ValidationFailed``) and nothing is exported.
    """
    purpose = purpose_clean(purpose)
    cards = contact_cards_for(acting_user, persons)
    export_logged(
        user=acting_user,
        what="contact_cards",
        rows=len(cards),
        request=request,
        filters={
            "persons": [person.pk for person in persons],
            "full_numbers": any(card.full_numbers for card in cards),
        },
        purpose=purpose,
    )
    return cards
