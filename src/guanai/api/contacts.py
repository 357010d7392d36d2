"""A file's guardians, parents and other contacts through the API: add, correct, remove.

The same rules as the file page's family tab (``registry.views.file``): the person must
be on the caller's rosters (else 404), only editors of the person's unit change anything
(else 403, as for the other changes through the API), and an archived file is read-only
(400). Phone and ID numbers are answered masked; ``POST /persons/{id}/reveal`` shows them.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.registry import ContactOut
from guanai.api.schemas import WRITE_ERRORS, Text20, Text30, Text50, Text100, Text200
from guanai.api.types import Bool
from guanai.registry import selectors, services
from guanai.registry.models import Contact, ContactKind

router = Router(tags=["persons"])

# The fields a correction keeps unless they are sent; the numbers are not among them,
# since the service keeps a number it is not given.
KEPT = ("kind", "name", "relation", "is_guardian", "works_away_at", "address")


class ContactIn(Schema):
    kind: ContactKind
    name: Text50
    relation: Text20 = ""
    phone: Text30 = ""
    id_number: Text30 = Field("", description="Optional.")
    is_guardian: Bool = False
    works_away_at: Text100 = ""
    address: Text200 = ""


class ContactPatchIn(Schema):
    """Only the fields sent change; ``null`` empties a field.

    The phone and ID numbers are answered masked, so a correction need not repeat them:
    left out, they are kept; a new number replaces them; ``""`` or ``null`` erases them.
    """

    kind: ContactKind | None = None
    name: Text50 | None = None
    relation: Text20 | None = None
    phone: Text30 | None = None
    id_number: Text30 | None = None
    is_guardian: Bool | None = None
    works_away_at: Text100 | None = None
    address: Text200 | None = None


def _contact(user: User, person_id: int, contact_id: int) -> Contact:
    person = selectors.access_person(user, person_id)
    return get_object_or_404(person.contacts.all(), pk=contact_id)


@router.post(
    "/persons/{person_id}/contacts",
    response={201: ContactOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def contact_add(request: HttpRequest, person_id: int, payload: ContactIn) -> Status:
    """Add a guardian, parent, neighbour or other contact; the answer masks the numbers."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    contact = services.contact_add(
        acting_user=user,
        person=person,
        kind=payload.kind.value,
        name=payload.name,
        relation=payload.relation,
        phone=payload.phone,
        id_number=payload.id_number,
        is_guardian=payload.is_guardian,
        works_away_at=payload.works_away_at,
        address=payload.address,
    )
    return Status(201, contact)


@router.patch(
    "/persons/{person_id}/contacts/{contact_id}",
    response={200: ContactOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def contact_update(
    request: HttpRequest, person_id: int, contact_id: int, payload: ContactPatchIn
) -> Contact:
    """Correct a contact with the fields sent; the answer masks the numbers."""
    user = acting_user(request)
    contact = _contact(user, person_id, contact_id)
    values: dict[str, Any] = {name: getattr(contact, name) for name in KEPT}
    for name, value in payload.model_dump(exclude_unset=True).items():
        if value is None:
            values[name] = False if name == "is_guardian" else ""
        else:
            values[name] = value.value if isinstance(value, ContactKind) else value
    return services.contact_update(acting_user=user, contact=contact, **values)


@router.delete(
    "/persons/{person_id}/contacts/{contact_id}",
    response={204: None, **WRITE_ERRORS, **AUTH_ERRORS},
)
def contact_remove(request: HttpRequest, person_id: int, contact_id: int) -> Status:
    """Remove a contact entered by mistake; the change history keeps what it said."""
    user = acting_user(request)
    services.contact_remove(acting_user=user, contact=_contact(user, person_id, contact_id))
    return Status(204, None)
