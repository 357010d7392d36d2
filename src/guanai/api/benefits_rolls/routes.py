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
from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.benefits import (
    access_roster_unit,
    money,
    reader,
)
from guanai.api.benefits_rolls.schemas import (
    AdjustmentIn,
    ExportIn,
    GapOut,
    LineOut,
    ReturnIn,
    RollDetailOut,
    RollIn,
    RollOut,
    RollQuery,
    SummaryOut,
    VersionIn,
)
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.exports import ExportJobOut, export_job_out
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    WRITE_ERRORS,
    RefOut,
)
from guanai.benefits import catalogue, rolls
from guanai.benefits.models import PaymentRoll, RollLine
from guanai.benefits.roll_export import (
    roll_export_start,
    roll_file_name,
    roll_line_count,
    roll_workbook,
)
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.selectors import access_person_on_roster
from guanai.sheets import export_jobs
from guanai.sheets.writing import XLSX

router = Router(tags=["benefits"])


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


@router.post(
    "/benefits/rolls/{roll_id}/export",
    response={202: ExportJobOut, **AUTH_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The roll as an xlsx in the bank-upload layout.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def roll_export(request: HttpRequest, roll_id: int, payload: ExportIn) -> HttpResponse | Status:
    """Download the roll in the bank-upload layout with totals and signature footer.

    A POST with the purpose (400 when empty or too long), so that no link can cause an
    export; every export is written to the audit log with it and whether the numbers
    were full. A roll of more lines than ``GUANAI_EXPORT_BACKGROUND_ROWS`` (5,000) is
    written by the background worker, as on the roll's page: the answer is then 202 with
    the job, whose ``status_url`` tells how far it got and whose ``download_url`` gives
    the file once written (``/api/exports/{id}``).
    """
    user = reader(request)
    # Not ``access_roll``: ``roll_workbook`` reads the roll through it itself.
    roll = get_object_or_404(rolls.rolls_visible(user), pk=roll_id)
    if payload.full_numbers and not scoping.can_reveal_numbers(user, roll.org_unit):
        raise PermissionRefused(_("Your role may not see full ID and account numbers."))
    total = roll_line_count(roll)
    if total > export_jobs.background_rows():
        job = roll_export_start(
            acting_user=user,
            roll=roll,
            full_numbers=payload.full_numbers,
            purpose=payload.purpose,
            total=total,
        )
        return Status(202, export_job_out(job))
    content = roll_workbook(
        acting_user=user,
        roll=roll,
        full_numbers=payload.full_numbers,
        purpose=payload.purpose,
        request=request,
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{roll_file_name(roll)}"'
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
