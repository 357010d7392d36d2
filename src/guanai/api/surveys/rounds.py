"""Survey rounds through the API: list, read, create, close and reopen rounds; list and
read their cases (filtered), assign them, record a person not reached, add a person found
and register one, read the progress per unit.

Scoped as the pages (``surveys.rounds``): a round or case the caller may not see is 404, a
role that opens no round 403; the same services refuse bad input with 400 and change
nothing. A duplicate ID number at registration is 409, naming the file only when the
caller may open it.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    RefOut,
    Text30,
    Text50,
    Text100,
    Text200,
    UnitRefOut,
)
from guanai.api.types import Bool, Date
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.models import Category, Gender
from guanai.registry.selectors import persons_visible
from guanai.registry.services import DuplicatePerson, PersonData
from guanai.surveys import rounds
from guanai.surveys.models import Case, CaseStatus, FormVersion, Round, RoundStatus

router = Router(tags=["surveys"])


class SurveyRoundOut(Schema):
    id: int
    version: int
    title: str
    unit: UnitRefOut
    form_id: int
    questionnaire: str
    starts_on: date
    ends_on: date
    status: RoundStatus


class SurveyRoundIn(Schema):
    unit_id: Id
    title: Text100
    form_id: Id
    starts_on: Date
    ends_on: Date


class SurveyRoundStatusIn(Schema):
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="The version read.")


class SurveyCaseOut(Schema):
    id: int
    version: int
    round_id: int
    person_id: int | None
    unit: UnitRefOut
    name: str
    category: Category
    gender: str
    birth_date: date | None
    where: str
    found: bool
    status: CaseStatus
    unreachable_reason: str
    assigned_to: RefOut | None


class SurveyCasePage(Schema):
    items: list[SurveyCaseOut]
    count: int


class SurveyCaseQuery(Pages.Input):
    unit_id: Id | None = None
    status: CaseStatus | None = None
    assignee_id: Id | None = None
    unassigned: Bool = False
    found: Bool | None = None


class SurveyAssignIn(Schema):
    case_ids: list[Id] = Field(min_length=1, max_length=rounds.services.ASSIGN_MAX)
    assignee_id: Id | None = Field(None, description="Empty: take the cases back.")


class SurveyAssignOut(Schema):
    changed: int


class SurveyUnreachableIn(Schema):
    reason: Text200 = Field(description="Empty: back to pending.")
    version: int | None = Field(None, ge=1, le=2**31 - 1)


class SurveyFoundIn(Schema):
    unit_id: Id
    name: Text50
    category: Category
    gender: Gender | None = None
    birth_date: Date | None = None
    where: Text100 = ""


class SurveyRegisterIn(Schema):
    name: Text50
    gender: Gender | None = None
    birth_date: Date | None = None
    id_number: Text30 = ""
    phone: Text30 = ""
    hukou_place: Text200 = ""
    address: Text200 = ""


class SurveyRegisterOut(Schema):
    case: SurveyCaseOut
    person_id: int


class SurveyProgressRowOut(Schema):
    unit: UnitRefOut
    own: bool = Field(description="The cases of the unit itself, not of a unit below it.")
    total: int
    done: int
    pending: int
    unreachable: int
    found: int
    percent_done: Decimal | None
    reasons: dict[str, int]


class SurveyProgressOut(Schema):
    rows: list[SurveyProgressRowOut]
    total: SurveyProgressRowOut


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    if not rounds.can_open_rounds(user):
        raise PermissionRefused(_("Survey rounds are for the roster roles and helpers."))
    return user


def _round_out(r: Round) -> SurveyRoundOut:
    return SurveyRoundOut(
        id=r.pk,
        version=r.version,
        title=r.title,
        unit=UnitRefOut(id=r.org_unit.pk, name=r.org_unit.name),
        form_id=r.form_id,
        questionnaire=r.form.questionnaire.title,
        starts_on=r.starts_on,
        ends_on=r.ends_on,
        status=RoundStatus(r.status),
    )


def _case_out(c: Case) -> SurveyCaseOut:
    who = c.assigned_to
    return SurveyCaseOut(
        id=c.pk,
        version=c.version,
        round_id=c.round_id,
        person_id=c.person_id,
        unit=UnitRefOut(id=c.org_unit.pk, name=c.org_unit.name),
        name=c.name,
        category=Category(c.category),
        gender=c.gender,
        birth_date=c.birth_date,
        where=c.where,
        found=c.found,
        status=CaseStatus(c.status),
        unreachable_reason=c.unreachable_reason,
        assigned_to=None if who is None else RefOut(id=who.pk, name=who.full_name),
    )


def _case(user: User, pk: int) -> SurveyCaseOut:
    case = rounds.cases_visible(user).select_related("org_unit", "assigned_to").get(pk=pk)
    return _case_out(case)


@router.get("/survey-rounds", response={200: list[SurveyRoundOut], **AUTH_ERRORS, 403: ErrorOut})
@paginate(Pages)
def round_list(request: HttpRequest) -> list[SurveyRoundOut]:
    """List the rounds the caller sees, the latest first."""
    user = _reader(request)
    found = rounds.rounds_visible(user).select_related("org_unit", "form__questionnaire")
    return [_round_out(r) for r in found]


@router.post("/survey-rounds", response={201: SurveyRoundOut, **WRITE_ERRORS, **AUTH_ERRORS})
def round_create(request: HttpRequest, payload: SurveyRoundIn) -> Status:
    """Create an open round of a unit the caller runs, with a case for each person in scope."""
    user = _reader(request)
    unit = scoping.access_org_unit(user, payload.unit_id)
    form = rounds.usable_forms(scoping.units_for(user, rounds.RUNNERS)).filter(pk=payload.form_id)
    chosen: FormVersion | None = form.first()
    if chosen is None:
        raise ValidationFailed(_("Choose a published questionnaire you may use."), field="form_id")
    created = rounds.round_create(
        acting_user=user,
        unit=unit,
        title=payload.title,
        form=chosen,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, _round_out(created))


@router.get(
    "/survey-rounds/{round_id}", response={200: SurveyRoundOut, **READ_ERRORS, 403: ErrorOut}
)
def round_detail(request: HttpRequest, round_id: Id) -> SurveyRoundOut:
    user = _reader(request)
    return _round_out(rounds.access_round(user, round_id))


@router.post(
    "/survey-rounds/{round_id}/close", response={200: SurveyRoundOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def round_close(request: HttpRequest, round_id: Id, payload: SurveyRoundStatusIn) -> SurveyRoundOut:
    """Close the round: its cases can no longer be answered."""
    user = _reader(request)
    round_ = rounds.access_round(user, round_id)
    saved = rounds.round_close(acting_user=user, round_=round_, version=payload.version)
    round_.status, round_.version = saved.status, saved.version
    return _round_out(round_)


@router.post(
    "/survey-rounds/{round_id}/reopen", response={200: SurveyRoundOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def round_reopen(
    request: HttpRequest, round_id: Id, payload: SurveyRoundStatusIn
) -> SurveyRoundOut:
    user = _reader(request)
    round_ = rounds.access_round(user, round_id)
    saved = rounds.round_reopen(acting_user=user, round_=round_, version=payload.version)
    round_.status, round_.version = saved.status, saved.version
    return _round_out(round_)


@router.get(
    "/survey-rounds/{round_id}/progress",
    response={200: SurveyProgressOut, **READ_ERRORS, 403: ErrorOut},
)
def round_progress(
    request: HttpRequest, round_id: Id, unit_id: Id | None = None
) -> SurveyProgressOut:
    """The progress per unit directly below ``unit_id`` (default: the round's unit), over
    the cases the caller sees."""
    user = _reader(request)
    round_ = rounds.access_round(user, round_id)
    unit = None if unit_id is None else scoping.access_org_unit(user, unit_id)
    rows, total = rounds.round_progress(user, round_, unit)

    def out(row: rounds.ProgressRow) -> SurveyProgressRowOut:
        return SurveyProgressRowOut(
            unit=UnitRefOut(id=row.unit.pk, name=row.unit.name),
            own=row.own,
            total=row.total,
            done=row.done,
            pending=row.pending,
            unreachable=row.unreachable,
            found=row.found,
            percent_done=row.percent_done,
            reasons=dict(row.reasons_counted),
        )

    return SurveyProgressOut(rows=[out(r) for r in rows], total=out(total))


@router.get(
    "/survey-rounds/{round_id}/cases",
    response={200: SurveyCasePage, **READ_ERRORS, 403: ErrorOut},
)
def case_list(
    request: HttpRequest, round_id: Id, filters: Query[SurveyCaseQuery]
) -> SurveyCasePage:
    """The round's cases the caller sees, filtered by unit, status, assignee, found."""
    user = _reader(request)
    round_ = rounds.access_round(user, round_id)
    unit = None if filters.unit_id is None else scoping.access_org_unit(user, filters.unit_id)
    assignee = None
    if filters.assignee_id is not None:
        assignee = User.objects.filter(pk=filters.assignee_id).first()
        if assignee is None:
            return SurveyCasePage(items=[], count=0)
    chosen = rounds.CaseFilter(
        unit=unit,
        status=filters.status.value if filters.status else "",
        assignee=assignee,
        unassigned=filters.unassigned,
        found=filters.found,
    )
    found = rounds.cases_of_round(user, round_, chosen)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    return SurveyCasePage(
        items=[_case_out(c) for c in found[start : start + size]], count=found.count()
    )


@router.post(
    "/survey-rounds/{round_id}/assign",
    response={200: SurveyAssignOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def cases_assign(request: HttpRequest, round_id: Id, payload: SurveyAssignIn) -> SurveyAssignOut:
    """Give the round's cases to a leader, worker or helper over their units (or take them
    back with no ``assignee_id``)."""
    user = _reader(request)
    round_ = rounds.access_round(user, round_id)
    if payload.assignee_id is None:
        changed = rounds.cases_unassign(acting_user=user, round_=round_, case_ids=payload.case_ids)
        return SurveyAssignOut(changed=changed)
    assignee = rounds.assignable_users(user, round_).filter(pk=payload.assignee_id).first()
    if assignee is None:
        raise ValidationFailed(
            _("Choose a helper of the units you run in this round."), field="assignee_id"
        )
    changed = rounds.cases_assign(
        acting_user=user, round_=round_, case_ids=payload.case_ids, assignee=assignee
    )
    return SurveyAssignOut(changed=changed)


@router.post(
    "/survey-rounds/{round_id}/found",
    response={201: SurveyCaseOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def case_found_add(request: HttpRequest, round_id: Id, payload: SurveyFoundIn) -> Status:
    """Add a person the survey found who is not on file."""
    user = _reader(request)
    round_ = rounds.access_round(user, round_id)
    unit = scoping.access_org_unit(user, payload.unit_id)
    case = rounds.case_found_add(
        acting_user=user,
        round_=round_,
        unit=unit,
        name=payload.name,
        category=payload.category.value,
        gender=payload.gender.value if payload.gender else "",
        birth_date=payload.birth_date,
        where=payload.where,
    )
    return Status(201, _case(user, case.pk))


@router.get("/survey-cases/{case_id}", response={200: SurveyCaseOut, **READ_ERRORS, 403: ErrorOut})
def case_detail(request: HttpRequest, case_id: Id) -> SurveyCaseOut:
    user = _reader(request)
    return _case(user, rounds.access_case(user, case_id).pk)


@router.post(
    "/survey-cases/{case_id}/unreachable",
    response={200: SurveyCaseOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def case_unreachable(
    request: HttpRequest, case_id: Id, payload: SurveyUnreachableIn
) -> SurveyCaseOut:
    """Record why the person could not be reached; an empty reason puts the case back to
    pending."""
    user = _reader(request)
    case = rounds.access_case(user, case_id)
    if payload.reason.strip():
        rounds.case_unreachable(
            acting_user=user, case=case, reason=payload.reason, version=payload.version
        )
    else:
        rounds.case_pending(acting_user=user, case=case, version=payload.version)
    return _case(user, case_id)


@router.post(
    "/survey-cases/{case_id}/register",
    response={201: SurveyRegisterOut, **WRITE_ERRORS, **AUTH_ERRORS, 409: ErrorOut},
)
def case_register(request: HttpRequest, case_id: Id, payload: SurveyRegisterIn) -> Status:
    """Register a found person in the case's unit and category; the case joins the file."""
    user = _reader(request)
    case = rounds.access_case(user, case_id)
    values = payload.model_dump()
    values["gender"] = values["gender"] or ""
    try:
        person = rounds.case_register(acting_user=user, case=case, data=PersonData(**values))
    except DuplicatePerson as exc:
        if persons_visible(user).filter(pk=exc.existing.pk).exists():
            detail = _("This ID number is registered already (file of %(name)s).") % {
                "name": exc.existing.name
            }
        else:
            detail = _("This ID number is registered already, in a file you may not open.")
        return Status(409, ErrorOut(detail=detail, field=exc.field))
    return Status(201, SurveyRegisterOut(case=_case(user, case_id), person_id=person.pk))
