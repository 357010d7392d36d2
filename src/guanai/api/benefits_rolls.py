"""Monthly payment rolls (发放花名册) through the API, with the pages' services and rules.

A worker generates a unit's roll for a month (set-based, from the registry's categories
and the granted entitlements), submits it, and a leader of a unit containing it returns it
with a note or approves it. An approved roll is locked: generating, submitting, returning,
approving or adding a line is refused (400), and a correction is an adjusting line in a
later roll that names the line it corrects.

Lines show ID numbers and bank accounts masked. Amounts are text ("1234.50") both ways.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.benefits import (
    MoneyOut,
    MonthlyCode,
    access_roster_unit,
    money,
    reader,
    user_name,
)
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    WRITE_ERRORS,
    Id,
    RefOut,
    Text200,
    Text300,
)
from guanai.api.types import Bool
from guanai.benefits import catalogue, rolls
from guanai.benefits.models import LineKind, PaymentRoll, RollLine, RollStatus
from guanai.benefits.roll_export import roll_workbook
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.masking import mask_account, mask_id
from guanai.core.money import SignedMoneyIn
from guanai.registry.purpose import PURPOSE_MAX
from guanai.registry.selectors import access_person_on_roster

router = Router(tags=["benefits"])

MonthText = Annotated[
    str,
    Field(
        pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="A month: 2026-03.", examples=["2026-03"]
    ),
]


class RollOut(Schema):
    id: int
    org_unit: RefOut
    month: str = Field(description="2026-03")
    status: RollStatus
    locked: bool = Field(description="Approved: nothing on it changes any more.")
    lines_count: int
    persons_count: int
    total: MoneyOut
    generated_at: datetime | None
    generated_by: str
    submitted_at: datetime | None
    submitted_by: str
    approved_at: datetime | None
    approved_by: str
    review_note: str = Field(description="Why a leader sent it back, until submitted again.")
    version: int

    @staticmethod
    def resolve_org_unit(obj: PaymentRoll) -> dict[str, Any]:
        return {"id": obj.org_unit_id, "name": obj.org_unit.name}

    @staticmethod
    def resolve_month(obj: PaymentRoll) -> str:
        return f"{obj.month:%Y-%m}"

    @staticmethod
    def resolve_generated_by(obj: PaymentRoll) -> str:
        return user_name(obj.generated_by)

    @staticmethod
    def resolve_submitted_by(obj: PaymentRoll) -> str:
        return user_name(obj.submitted_by)

    @staticmethod
    def resolve_approved_by(obj: PaymentRoll) -> str:
        return user_name(obj.approved_by)


class SummaryOut(Schema):
    item: str
    label: str
    lines: int
    amount: str


class GapOut(Schema):
    person: RefOut
    org_unit: RefOut
    reason: str


class RollDetailOut(RollOut):
    summary: list[SummaryOut] = Field(description="Lines and amount by item.")
    accounts_missing: int = Field(description="Persons on the roll without a payment account.")
    gaps: list[GapOut] = Field(
        description="Persons of the unit left off for a detail the rules need (e.g. an "
        "orphan's support mode not recorded): nobody is left out silently."
    )


class LineOut(Schema):
    id: int
    person: RefOut
    id_number_masked: str
    org_unit: RefOut
    item: str
    label: str
    kind: LineKind
    quantity: int
    rate: MoneyOut
    amount: MoneyOut
    source: str = Field(description="The standard applied: national, or the unit's version.")
    note: str
    adjusts_id: int | None = Field(description="The line of an approved roll it corrects.")
    bank: str
    account_masked: str
    holder: str

    @staticmethod
    def resolve_person(obj: RollLine) -> dict[str, Any]:
        return {"id": obj.person_id, "name": obj.person.name}

    @staticmethod
    def resolve_id_number_masked(obj: RollLine) -> str:
        return mask_id(obj.person.id_number)

    @staticmethod
    def resolve_org_unit(obj: RollLine) -> dict[str, Any]:
        return {"id": obj.org_unit_id, "name": obj.org_unit.name}

    @staticmethod
    def resolve_label(obj: RollLine) -> str:
        return str(catalogue.item(obj.item).label)

    @staticmethod
    def resolve_source(obj: RollLine) -> str:
        version = obj.policy_rate
        if version is None:
            return _("national standard")
        return _("standard of %(unit)s from %(day)s") % {
            "unit": version.org_unit.name,
            "day": f"{version.effective_from:%Y-%m-%d}",
        }

    @staticmethod
    def resolve_bank(obj: RollLine) -> str:
        account = getattr(obj.person, "payment_account", None)
        return "" if account is None else account.bank

    @staticmethod
    def resolve_account_masked(obj: RollLine) -> str:
        account = getattr(obj.person, "payment_account", None)
        return "" if account is None else mask_account(account.account_number)

    @staticmethod
    def resolve_holder(obj: RollLine) -> str:
        account = getattr(obj.person, "payment_account", None)
        return "" if account is None else account.holder


class RollQuery(Schema):
    org_unit: Id | None = Field(None, description="Rolls of this unit.")
    month: MonthText | None = None
    status: RollStatus | None = None


class RollIn(Schema):
    org_unit_id: Id
    month: MonthText


class VersionIn(Schema):
    version: int = Field(description="The roll's version as read; another one answers 409.")


class ReturnIn(Schema):
    note: Text300 = Field(description="What to correct, shown on the roll.")


class AdjustmentIn(Schema):
    person_id: Id
    item: MonthlyCode
    amount: SignedMoneyIn = Field(
        description='Positive to pay more, negative to take back: "-600.00".'
    )
    note: Text200
    adjusts_id: Id | None = Field(None, description="The line of an approved roll it corrects.")


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _roll(user: User, pk: int) -> PaymentRoll:
    """Return a roll the user may read (404 otherwise), with the names it shows."""
    return rolls.access_roll(user, pk)


def _read_again(user: User, roll: PaymentRoll) -> PaymentRoll:
    """Return the roll as a service left it, with the names of who did what."""
    return rolls.rolls_visible(user).get(pk=roll.pk)


@contextmanager
def _fields_named(names: dict[str, str]) -> Iterator[None]:
    """Name a refused field as the API's input names it (the service says "person")."""
    try:
        yield
    except ValidationFailed as exc:
        if exc.field in names:
            raise ValidationFailed(exc.message, field=names[exc.field]) from exc
        raise


def _detail(roll: PaymentRoll) -> PaymentRoll:
    """Put on the roll what its detail shows besides its fields: summary and gaps."""
    roll.summary = [  # type: ignore[attr-defined]
        SummaryOut(
            item=code, label=str(catalogue.item(code).label), lines=count, amount=money(amount)
        )
        for code, count, amount in rolls.roll_summary(roll)
    ]
    roll.accounts_missing = rolls.roll_accounts_missing(roll)  # type: ignore[attr-defined]
    roll.gaps = [  # type: ignore[attr-defined]
        GapOut(
            person=RefOut(id=gap.person.pk, name=gap.person.name),
            org_unit=RefOut(id=gap.person.org_unit_id, name=gap.person.org_unit.name),
            reason=str(gap.reason),
        )
        for gap in rolls.roll_gaps(roll)
    ]
    return roll


@router.get("/benefits/rolls", response={200: list[RollOut], **AUTH_ERRORS})
@paginate(Pages)
def roll_list(request: HttpRequest, filters: Query[RollQuery]) -> QuerySet[PaymentRoll]:
    """List the rolls of the caller's units, latest month first."""
    found = rolls.rolls_visible(reader(request))
    if filters.org_unit is not None:
        found = found.filter(org_unit_id=filters.org_unit)
    if filters.month is not None:
        found = found.filter(month=_month(filters.month))
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return found.order_by("-month", "org_unit__path", "pk")


@router.post("/benefits/rolls", response={201: RollDetailOut, **WRITE_ERRORS, **AUTH_ERRORS})
def roll_generate(request: HttpRequest, payload: RollIn) -> Status:
    """Generate a unit's roll for a month, or generate a draft anew (leaders and workers).

    Refused when the month's roll is submitted or approved, or when a unit above or below
    has a roll for that month (a person is on one roll a month).
    """
    user = reader(request)
    unit = access_roster_unit(user, payload.org_unit_id)
    roll = rolls.roll_generate(acting_user=user, org_unit=unit, month=_month(payload.month))
    return Status(201, _detail(_read_again(user, roll)))


@router.get(
    "/benefits/rolls/{roll_id}", response={200: RollDetailOut, **AUTH_ERRORS, 404: ErrorOut}
)
def roll_detail(request: HttpRequest, roll_id: int) -> PaymentRoll:
    """Return a roll with its lines and amounts by item and the persons left off."""
    return _detail(_roll(reader(request), roll_id))


@router.get(
    "/benefits/rolls/{roll_id}/lines",
    response={200: list[LineOut], **AUTH_ERRORS, 404: ErrorOut},
)
@paginate(Pages)
def roll_line_list(request: HttpRequest, roll_id: int) -> QuerySet[RollLine]:
    """List a roll's lines: person (ID masked), item, standard, amount, account (masked)."""
    return rolls.roll_lines(_roll(reader(request), roll_id))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportIn(Schema):
    full_numbers: Bool = Field(
        False,
        description="Full ID and account numbers, as the bank needs them (leaders and workers "
        "of the unit only; 403 for the others). Masked otherwise.",
    )
    purpose: str = Field(
        description=f"Why the roll is exported (1–{PURPOSE_MAX} characters); audited."
    )


@router.post(
    "/benefits/rolls/{roll_id}/export",
    response={**AUTH_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The roll as an xlsx in the bank-upload layout.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def roll_export(request: HttpRequest, roll_id: int, payload: ExportIn) -> HttpResponse:
    """Download the roll in the bank-upload layout with totals and signature footer.

    A POST with the purpose (400 when empty or too long), so that no link can cause an
    export; every export is written to the audit log with it and whether the numbers
    were full.
    """
    user = reader(request)
    # Not ``access_roll``: ``roll_workbook`` reads the roll through it itself.
    roll = get_object_or_404(rolls.rolls_visible(user), pk=roll_id)
    if payload.full_numbers and not scoping.can_reveal_numbers(user, roll.org_unit):
        raise PermissionRefused(_("Your role may not see full ID and account numbers."))
    content = roll_workbook(
        acting_user=user,
        roll=roll,
        full_numbers=payload.full_numbers,
        purpose=payload.purpose,
        request=request,
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"roll-{roll.org_unit.code or roll.org_unit.pk}-{roll.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post(
    "/benefits/rolls/{roll_id}/submit", response={200: RollOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def roll_submit(request: HttpRequest, roll_id: int, payload: VersionIn) -> PaymentRoll:
    """Send a draft roll to the leaders for approval (leaders and workers)."""
    user = reader(request)
    roll = _roll(user, roll_id)
    return _read_again(
        user, rolls.roll_submit(acting_user=user, roll=roll, version=payload.version)
    )


@router.post(
    "/benefits/rolls/{roll_id}/return", response={200: RollOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def roll_return(request: HttpRequest, roll_id: int, payload: ReturnIn) -> PaymentRoll:
    """Send a submitted roll back to draft with a note (leaders)."""
    user = reader(request)
    roll = _roll(user, roll_id)
    return _read_again(user, rolls.roll_return(acting_user=user, roll=roll, note=payload.note))


@router.post(
    "/benefits/rolls/{roll_id}/approve", response={200: RollOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def roll_approve(request: HttpRequest, roll_id: int, payload: VersionIn) -> PaymentRoll:
    """Approve a submitted roll (leaders); from then on it is locked."""
    user = reader(request)
    roll = _roll(user, roll_id)
    approved = rolls.roll_approve(acting_user=user, roll=roll, version=payload.version)
    return _read_again(user, approved)


@router.post(
    "/benefits/rolls/{roll_id}/adjustments",
    response={201: LineOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def roll_adjustment_add(request: HttpRequest, roll_id: int, payload: AdjustmentIn) -> Status:
    """Add an adjusting line to a draft roll, e.g. to pay a month that was missed or take
    back one paid in error; ``adjusts_id`` names the line of an approved roll it corrects."""
    user = reader(request)
    roll = _roll(user, roll_id)
    person = access_person_on_roster(user, payload.person_id)
    adjusts = None
    if payload.adjusts_id is not None:
        adjusts = rolls.roll_line_visible(user, payload.adjusts_id)
        if adjusts is None:
            raise ValidationFailed(
                _("Choose a line of a roll you may read to correct."), field="adjusts_id"
            )
    with _fields_named({"person": "person_id", "adjusts": "adjusts_id"}):
        line = rolls.roll_adjustment_add(
            acting_user=user,
            roll=roll,
            person=person,
            item=payload.item.value,
            amount=payload.amount,
            note=payload.note,
            adjusts=adjusts,
        )
    return Status(201, rolls.roll_lines(roll).get(pk=line.pk))
