"""Pairing (结对帮扶) through the API: list, pair one or a group, proposals, end, coverage.

The same services and scoping as the pages: the pairings of a person the caller may not
read are not found (404); only the roster keepers of the person's unit pair and end.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    Text50,
    Text200,
    UnitRefOut,
)
from guanai.api.types import Bool, Date
from guanai.care import pairing
from guanai.care.models import HelperRole, Pairing
from guanai.care.pairing import coverage as pairing_coverage
from guanai.core.errors import ValidationFailed
from guanai.registry.models import Category, Person

router = Router(tags=["care"])


class HelperOut(Schema):
    id: int
    full_name: str


class PairingOut(Schema):
    id: int
    person: PersonRefOut
    helper: HelperOut | None = Field(description="The account; none for a study buddy by name.")
    buddy_name: str
    role: HelperRole
    started_on: date
    ended_on: date | None
    end_reason: str
    note: str


class PairingQuery(Schema):
    person_id: Id | None = None
    helper_id: Id | None = None
    open: Bool | None = Field(None, description="Only the open pairings (true) or the ended.")


class PairingIn(Schema):
    person_id: Id
    role: HelperRole
    helper_id: Id | None = Field(None, description="The helper's account.")
    buddy_name: Text50 = Field("", description="A study buddy without an account, by name.")
    started_on: Date | None = Field(None, description="Today if not given.")
    note: Text200 = ""


class BulkPairingIn(Schema):
    person_ids: list[Id] = Field(min_length=1, max_length=pairing.BULK_LIMIT)
    helper_id: Id
    role: HelperRole
    started_on: Date | None = Field(None, description="Today if not given.")
    note: Text200 = ""


class PairingEndIn(Schema):
    ended_on: Date | None = Field(None, description="Today if not given.")
    reason: Text200


class ProposalOut(Schema):
    person: PersonRefOut
    helper: HelperOut
    role: HelperRole
    by_class: bool = Field(description="The helper is the class teacher paired in the class.")
    load_after: int = Field(description="The helper's open pairings once this one starts.")


class ProposalIn(Schema):
    person_id: Id
    helper_id: Id
    role: HelperRole


class AcceptIn(Schema):
    proposals: list[ProposalIn] = Field(min_length=1, max_length=pairing.BULK_LIMIT)
    started_on: Date | None = Field(None, description="Today if not given.")


class CoverageQuery(Schema):
    unit_id: Id | None = Field(None, description="A unit of the caller's rosters; all if none.")
    category: Category | None = None


class CoverageOut(Schema):
    unit: UnitRefOut | None
    persons: int
    paired: int
    unpaired: int
    percent: float | None = Field(description="Persons with an open pairing, in per cent.")
    open_pairings: int


def _persons(user: User, pks: list[int]) -> dict[int, Person]:
    """Return the persons the caller may read by key; one the caller may not is a 404."""
    return {p.pk: p for p in pairing.persons_chosen(user, pks)}


def _helper(pk: int) -> User:
    """Return the account named as helper; an unknown one is refused like an ineligible one."""
    helper = User.objects.filter(pk=pk).first()
    if helper is None:
        raise ValidationFailed(
            _("This account cannot be paired: choose a helper of the person's county."),
            field="helper",
        )
    return helper


@router.get("/care/pairings", response={200: list[PairingOut], **AUTH_ERRORS})
@paginate(Pages)
def pairing_list(request: HttpRequest, filters: Query[PairingQuery]) -> QuerySet[Pairing]:
    """List the pairings of the persons the caller may read, the latest first."""
    return pairing.pairings_search(
        acting_user(request),
        person_id=filters.person_id,
        helper_id=filters.helper_id,
        is_open=filters.open,
    )


@router.post("/care/pairings", response={201: PairingOut, **WRITE_ERRORS, **AUTH_ERRORS})
def pairing_create(request: HttpRequest, payload: PairingIn) -> Status:
    """Pair a helper (an account of the person's county) or a study buddy by name."""
    user = acting_user(request)
    person = _persons(user, [payload.person_id])[payload.person_id]
    made = pairing.pairing_start(
        acting_user=user,
        person=person,
        helper=None if payload.helper_id is None else _helper(payload.helper_id),
        buddy_name=payload.buddy_name,
        role=payload.role.value,
        started_on=payload.started_on or timezone.localdate(),
        note=payload.note,
    )
    return Status(201, made)


@router.post("/care/pairings/bulk", response={201: list[PairingOut], **WRITE_ERRORS, **AUTH_ERRORS})
def pairing_create_bulk(request: HttpRequest, payload: BulkPairingIn) -> Status:
    """Pair one helper in one role with a group of persons; all of them or none."""
    user = acting_user(request)
    persons = _persons(user, payload.person_ids)
    made = pairing.pairings_start_bulk(
        acting_user=user,
        persons=[persons[pk] for pk in dict.fromkeys(payload.person_ids)],
        helper=_helper(payload.helper_id),
        role=payload.role.value,
        started_on=payload.started_on or timezone.localdate(),
        note=payload.note,
    )
    return Status(201, made)


@router.post(
    "/care/pairings/{pairing_id}/end", response={200: PairingOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def pairing_end(request: HttpRequest, pairing_id: Id, payload: PairingEndIn) -> Pairing:
    """End a pairing on a date with a reason; it stays in the person's history."""
    user = acting_user(request)
    return pairing.pairing_end(
        acting_user=user,
        pairing=pairing.access_pairing(user, pairing_id),
        ended_on=payload.ended_on or timezone.localdate(),
        reason=payload.reason,
    )


@router.get(
    "/care/pairing-suggestions",
    response={200: list[ProposalOut], **AUTH_ERRORS, 403: ErrorOut, 404: ErrorOut},
)
def pairing_suggestions(
    request: HttpRequest, unit_id: Id, role: HelperRole = HelperRole.SUBJECT_TEACHER
) -> list[pairing_coverage.Proposal]:
    """Propose a helper for each unpaired special-group pupil of a unit.

    The class teacher already paired in the pupil's class first, otherwise the unit's
    helper or worker with the fewest open pairings; ``role`` is the role of the latter.
    """
    user = acting_user(request)
    unit = scoping.access_org_unit(user, unit_id)
    return pairing_coverage.pairing_suggestions(user, unit, role=role.value)


@router.post(
    "/care/pairing-suggestions/accept",
    response={201: list[PairingOut], **WRITE_ERRORS, **AUTH_ERRORS},
)
def pairing_suggestions_accept(request: HttpRequest, payload: AcceptIn) -> Status:
    """Start the proposed pairings the caller accepts (all of them or none)."""
    user = acting_user(request)
    persons = _persons(user, [item.person_id for item in payload.proposals])
    helpers = {pk: _helper(pk) for pk in {item.helper_id for item in payload.proposals}}
    proposals = [
        (persons[item.person_id], helpers[item.helper_id], item.role.value)
        for item in payload.proposals
    ]
    made = pairing.pairings_accept(
        acting_user=user,
        proposals=proposals,
        started_on=payload.started_on or timezone.localdate(),
    )
    return Status(201, made)


@router.get("/care/coverage", response={200: CoverageOut, **READ_ERRORS})
def coverage(request: HttpRequest, filters: Query[CoverageQuery]) -> CoverageOut:
    """Count the persons of a unit of the caller's rosters, those paired, and the pairings."""
    user = acting_user(request)
    unit = None
    if filters.unit_id is not None:
        unit = pairing_coverage.access_roster_unit(user, filters.unit_id)
    totals = pairing_coverage.coverage_totals(
        user,
        pairing_coverage.CoverageFilter(
            unit=unit, category=filters.category.value if filters.category else ""
        ),
    )
    return CoverageOut(
        unit=UnitRefOut(id=unit.pk, name=unit.name) if unit else None,
        persons=totals.persons,
        paired=totals.paired,
        unpaired=totals.unpaired,
        percent=totals.percent,
        open_pairings=totals.open_pairings,
    )
