"""Transfers: a file sent to another unit, which accepts or declines it (issue 3, item 10).

The same rules as the pages: a file is sent by an editor of its unit; the transfers
waiting for a unit are seen and decided by the editors of that unit; the transfers sent
from a unit stay visible to its roster readers as a trace, and are withdrawn by its
editors while nobody has decided them.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import WRITE_ERRORS, PersonRefOut, Text100, Text200, UnitRefOut
from guanai.api.text import PlainText
from guanai.registry import selectors, services
from guanai.registry.models import (
    Category,
    Gender,
    Person,
    PersonCategory,
    Transfer,
    TransferStatus,
)

router = Router(tags=["transfers"])


class TransferOut(Schema):
    """A transfer as its sender traces it: where the file went and what became of it."""

    id: int
    person: PersonRefOut
    from_unit: UnitRefOut
    to_unit: UnitRefOut
    reason: str
    handover_note: str
    status: TransferStatus
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str


class TransferPersonOut(PersonRefOut):
    """The person of a waiting transfer: enough for the receiving unit to decide."""

    gender: Gender | Literal[""]
    categories: list[Category]

    @staticmethod
    def resolve_categories(obj: Person) -> list[str]:
        current: list[PersonCategory] = obj.current_categories  # type: ignore[attr-defined]
        return list(dict.fromkeys(entry.category for entry in current))


class IncomingTransferOut(TransferOut):
    person: TransferPersonOut


class TransferIn(Schema):
    to_unit: Text100 = Field(description="The receiving unit's division code or exact name.")
    reason: Text200
    handover_note: PlainText = Field("", description="What the receiving unit should know.")


class TransferDecisionIn(Schema):
    note: Text200 = Field("", description="Required to decline: why the transfer is declined.")


@router.post(
    "/persons/{person_id}/transfers",
    response={201: TransferOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def transfer_request(request: HttpRequest, person_id: int, payload: TransferIn) -> Status:
    """Send a person's file to another unit, named by its division code or exact name.

    The person stays on the caller's roster until the receiving unit accepts.
    """
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    # Only an editor learns whether the named unit exists.
    services.require_roster_editor(user, person.org_unit)
    target = services.transfer_target(payload.to_unit)
    transfer = services.transfer_request(
        acting_user=user,
        person=person,
        to_unit=target,
        reason=payload.reason,
        handover_note=payload.handover_note,
    )
    return Status(201, transfer)


@router.get(
    "/transfers/incoming",
    response={200: list[IncomingTransferOut], **AUTH_ERRORS},
)
@paginate(Pages)
def transfer_incoming_list(request: HttpRequest) -> QuerySet[Transfer]:
    """List the transfers waiting for a unit where the caller keeps the roster."""
    return selectors.transfers_incoming(acting_user(request))


@router.get(
    "/transfers/outgoing",
    response={200: list[TransferOut], **AUTH_ERRORS},
)
@paginate(Pages)
def transfer_outgoing_list(request: HttpRequest) -> QuerySet[Transfer]:
    """List the transfers sent from the caller's units, decided or not, the latest first."""
    return selectors.transfers_outgoing(acting_user(request))


@router.post(
    "/transfers/{transfer_id}/accept",
    response={200: TransferOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def transfer_accept(
    request: HttpRequest, transfer_id: int, payload: TransferDecisionIn
) -> Transfer:
    """Take the person in: the file, its categories, contacts and history move to the unit."""
    user = acting_user(request)
    transfer = get_object_or_404(selectors.transfers_incoming(user), pk=transfer_id)
    services.transfer_accept(acting_user=user, transfer=transfer, note=payload.note)
    transfer.refresh_from_db()
    return transfer


@router.post(
    "/transfers/{transfer_id}/decline",
    response={200: TransferOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def transfer_decline(
    request: HttpRequest, transfer_id: int, payload: TransferDecisionIn
) -> Transfer:
    """Refuse a waiting transfer, saying why; the person stays where they were."""
    user = acting_user(request)
    transfer = get_object_or_404(selectors.transfers_incoming(user), pk=transfer_id)
    return services.transfer_decline(acting_user=user, transfer=transfer, note=payload.note)


@router.post(
    "/transfers/{transfer_id}/cancel",
    response={200: TransferOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def transfer_cancel(request: HttpRequest, transfer_id: int) -> Transfer:
    """Withdraw a transfer sent from the caller's unit that nobody has decided yet."""
    user = acting_user(request)
    transfer = get_object_or_404(selectors.transfers_outgoing(user), pk=transfer_id)
    return services.transfer_cancel(acting_user=user, transfer=transfer)
