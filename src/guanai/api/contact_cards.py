"""Contact cards (联系卡, 篇九): the data of the printed cards for the chosen children.

The cards carry phone numbers — that is what they are for — so, as on the printed page,
they are an export of personal data asked for with a purpose: the numbers are full only
for the units where the caller's role may reveal them, masked for other readers and absent
for volunteers (``scoping.numbers_shown``), and every request is written to the access log
with the persons it covered and its purpose. A card also names the class teacher and the
helpers paired with the child.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from dataclasses import asdict
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.schemas import UnitRefOut
from guanai.registry import contact_cards as cards_module
from guanai.registry.extensions import CardPerson
from guanai.registry.purpose import PURPOSE_MAX

router = Router(tags=["persons"])

# Ids the database can hold; a larger one is refused (422) instead of failing the query.
PersonId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class CardsIn(Schema):
    ids: list[PersonId] = Field(
        min_length=1,
        max_length=cards_module.CARDS_LIMIT,
        description="The persons whose cards are wanted (as many as a clerk prints at once).",
    )
    purpose: str = Field(
        description=f"Why the cards are printed (1–{PURPOSE_MAX} characters); audited."
    )


class CardContactOut(Schema):
    name: str
    relation: str
    phone: str
    works_away_at: str


class CardPersonOut(Schema):
    role: str = Field(description="The helper's role as the card shows it (科任教师, 代家长 …).")
    name: str


class ContactCardOut(Schema):
    person_id: int
    name: str
    school: UnitRefOut | None
    grade: str
    class_name: str
    class_teachers: list[CardPersonOut]
    helpers: list[CardPersonOut]
    guardians: list[CardContactOut]
    parents: list[CardContactOut]
    hotline: str = Field(description="The school's phone, else the managing unit's (亲情电话).")
    full_numbers: bool = Field(description="Whether the phone numbers are shown in full.")


class ContactCardsOut(Schema):
    count: int
    items: list[ContactCardOut]


def _people_out(people: list[CardPerson]) -> list[CardPersonOut]:
    return [CardPersonOut(role=p.role, name=p.name) for p in people]


def _card_out(card: cards_module.ContactCard) -> ContactCardOut:
    person, school = card.person, card.person.school
    return ContactCardOut(
        person_id=person.pk,
        name=person.name,
        school=UnitRefOut(id=school.pk, name=school.name) if school else None,
        grade=person.grade,
        class_name=person.class_name,
        class_teachers=_people_out(card.class_teachers),
        helpers=_people_out(card.helpers),
        guardians=[CardContactOut(**asdict(c)) for c in card.guardians],
        parents=[CardContactOut(**asdict(c)) for c in card.parents],
        hotline=card.hotline,
        full_numbers=card.full_numbers,
    )


# Listed before the persons' router in ``urls``: ``/persons/{person_id}`` would take
# this path otherwise.
@router.post(
    "/persons/contact-cards",
    response={200: ContactCardsOut, **AUTH_ERRORS, 400: ErrorOut, 404: ErrorOut},
)
def contact_cards(request: HttpRequest, payload: CardsIn) -> ContactCardsOut:
    """Return the contact cards of the given persons, in roster order; the export is audited.

    Every id must be a person on the caller's rosters (else 404, and nothing is exported);
    the purpose is required (else 400, and nothing is exported).
    """
    user = acting_user(request)
    ids = list(dict.fromkeys(payload.ids))
    persons = cards_module.persons_for_cards(user, ids)
    if len(persons) != len(ids):
        raise Http404
    cards = cards_module.contact_cards_print(
        acting_user=user, persons=persons, purpose=payload.purpose, request=request
    )
    items = [_card_out(card) for card in cards]
    return ContactCardsOut(count=len(items), items=items)
