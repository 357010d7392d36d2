"""Medical-assistance claims (医疗救助) and the calculator through the API.

The same services as the pages (``benefits.claims``): a claim takes the person's own poor
groups and their unit's standards on the discharge date, and what their claims of that
calendar year paid already; each amount comes with its lines of explanation. A claim is
never edited: a mistake is cancelled with a reason and recorded again.

Amounts are text ("1234.50") both ways; see ``api.benefits``.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.api.benefits import (
    MoneyOut,
    money,
    reader,
    user_name,
)
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    WRITE_ERRORS,
    Id,
    RefOut,
    Text100,
    Text200,
)
from guanai.api.types import Bool, Date
from guanai.benefits import claims
from guanai.benefits.medical import ClaimResult
from guanai.benefits.models import ClaimStatus, MedicalClaim
from guanai.core.money import ZERO, MoneyIn
from guanai.registry.models import Category
from guanai.registry.selectors import access_person_on_roster

router = Router(tags=["benefits"])


class ClaimOut(Schema):
    """A recorded claim: the stay, the inputs and every amount it pays (text, yuan)."""

    id: int
    person: RefOut
    org_unit: RefOut
    hospital: str
    admitted: date
    discharged: date
    disease: str
    leukemia: bool
    surgery: bool
    second_round: bool
    rehabilitation: bool
    total_cost: MoneyOut
    insurance_paid: MoneyOut
    ineligible_cost: MoneyOut
    temporary_request: MoneyOut
    eligible_out_of_pocket: MoneyOut
    rehabilitation_relief: MoneyOut
    medical_assistance: MoneyOut
    second_assistance: MoneyOut
    hospital_allowance: MoneyOut
    lump_sum: MoneyOut
    temporary: MoneyOut
    total: MoneyOut
    status: ClaimStatus
    cancel_reason: str
    created_by: str
    created_at: datetime

    @staticmethod
    def resolve_person(obj: MedicalClaim) -> dict[str, Any]:
        return {"id": obj.person_id, "name": obj.person.name}

    @staticmethod
    def resolve_org_unit(obj: MedicalClaim) -> dict[str, Any]:
        return {"id": obj.person.org_unit_id, "name": obj.person.org_unit.name}

    @staticmethod
    def resolve_created_by(obj: MedicalClaim) -> str:
        return user_name(obj.created_by)


class ClaimDetailOut(ClaimOut):
    explanation: list[str] = Field(description="One line per amount: rule, version, numbers.")


class ClaimQuery(Schema):
    person_id: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="Of the discharge date.")
    status: ClaimStatus | None = None


class ClaimFields(Schema):
    """A hospital stay as the CLI's JSON gives it; amounts are text, missing ones 0."""

    admitted: Date
    discharged: Date
    total_cost: MoneyIn
    insurance_paid: MoneyIn = ZERO
    ineligible_cost: MoneyIn = ZERO
    temporary_request: MoneyIn = Field(ZERO, description="Temporary living assistance asked for.")
    disease: Text100 = Field("", description='"leukemia", "白血病" … sets the leukaemia lump sum.')
    leukemia: Bool = False
    surgery: Bool = Field(False, description="Treated with surgery (leukaemia: ¥20,000).")
    second_round: Bool = Field(
        False, description="Second round (二次救助): the patient is still in great difficulty."
    )
    rehabilitation: Bool = Field(
        False,
        description=(
            "Rehabilitation treatment or a surgery project (明天计划, 重生行动) of an orphan or "
            "disabled person under 18: relieved in full (篇八 (一) 5)."
        ),
    )


class ClaimIn(ClaimFields):
    person_id: Id
    hospital: Text100


class CalculatorIn(ClaimFields):
    """A claim to try: for a person on the caller's rosters, or for the groups given."""

    person_id: Id | None = Field(
        None, description="Use the person's groups, their unit's standards and their year."
    )
    categories: list[Category] = Field(
        default_factory=list, description="Without a person: the patient's groups."
    )
    child: Bool = Field(False, description="Without a person: under 18 on admission.")
    year_assistance_so_far: MoneyIn = ZERO
    year_second_so_far: MoneyIn = ZERO
    year_lump_sum_so_far: MoneyIn = ZERO
    year_temporary_so_far: MoneyIn = ZERO


class ClaimResultOut(Schema):
    days: int
    groups: list[str]
    eligible_out_of_pocket: str
    rehabilitation_relief: str
    medical_assistance: str
    second_assistance: str
    hospital_allowance: str
    lump_sum: str
    temporary: str
    total: str
    explanation: list[str]


class CancelIn(Schema):
    reason: Text200


def _result_out(result: ClaimResult) -> ClaimResultOut:
    return ClaimResultOut(
        days=result.days,
        groups=list(result.groups),
        eligible_out_of_pocket=money(result.eligible_out_of_pocket),
        rehabilitation_relief=money(result.rehabilitation_relief),
        medical_assistance=money(result.medical_assistance),
        second_assistance=money(result.second_assistance),
        hospital_allowance=money(result.hospital_allowance),
        lump_sum=money(result.lump_sum),
        temporary=money(result.temporary),
        total=money(result.total),
        explanation=[str(line) for line in result.explanation],
    )


def _claims(user: Any) -> QuerySet[MedicalClaim]:
    return claims.claims_visible(user).select_related("created_by")


@router.get("/benefits/claims", response={200: list[ClaimOut], **AUTH_ERRORS})
@paginate(Pages)
def claim_list(request: HttpRequest, filters: Query[ClaimQuery]) -> QuerySet[MedicalClaim]:
    """List the claims of the persons on the caller's rosters, latest discharge first."""
    found = _claims(reader(request))
    if filters.person_id is not None:
        found = found.filter(person_id=filters.person_id)
    if filters.year is not None:
        found = found.filter(discharged__year=filters.year)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return found.order_by("-discharged", "-pk")


@router.post("/benefits/claims", response={201: ClaimDetailOut, **WRITE_ERRORS, **AUTH_ERRORS})
def claim_record(request: HttpRequest, payload: ClaimIn) -> Status:
    """Record a hospital stay of a poor-group person with what it pays (leaders, workers).

    Refused (400) when the person was in no poor group on the discharge date, when the
    same stay is on file, or when the amounts or dates do not add up.
    """
    user = reader(request)
    person = access_person_on_roster(user, payload.person_id)
    data = payload.model_dump(exclude={"person_id"})
    claim = claims.claim_record(acting_user=user, person=person, data=data)
    return Status(201, _claims(user).get(pk=claim.pk))


@router.get(
    "/benefits/claims/{claim_id}", response={200: ClaimDetailOut, **AUTH_ERRORS, 404: ErrorOut}
)
def claim_detail(request: HttpRequest, claim_id: int) -> MedicalClaim:
    """Return a claim with its explanation lines."""
    return claims.access_claim(reader(request), claim_id)


@router.post(
    "/benefits/claims/{claim_id}/cancel",
    response={200: ClaimDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def claim_cancel(request: HttpRequest, claim_id: int, payload: CancelIn) -> MedicalClaim:
    """Cancel a claim with a reason; it stays on file and no longer counts toward the caps."""
    user = reader(request)
    claim = claims.access_claim(user, claim_id)
    return claims.claim_cancel(acting_user=user, claim=claim, reason=payload.reason)


@router.post(
    "/benefits/calculator",
    response={200: ClaimResultOut, **AUTH_ERRORS, 400: ErrorOut, 404: ErrorOut},
)
def calculator(request: HttpRequest, payload: CalculatorIn) -> ClaimResultOut:
    """Compute a claim without saving it.

    With ``person_id``: the person's groups and unit's standards on the discharge date and
    what their claims paid this year. Without: ``categories``, the national standards and
    the ``year_…_so_far`` amounts sent.
    """
    user = reader(request)
    person = None if payload.person_id is None else access_person_on_roster(user, payload.person_id)
    data = payload.model_dump(exclude={"person_id"})
    data["categories"] = [c.value for c in payload.categories]
    return _result_out(claims.claim_preview(person=person, data=data))
