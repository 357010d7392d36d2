"""The care log through the API: records, the work list, risk levels and frequency rules.

The same services and scoping as the pages: records of a person the caller may not read
are not found (404), nor is a person the caller may not care for when logging; a stale
``version`` is refused (409).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import MAX_PAGE, Pages
from guanai.api.registry import WRITE_ERRORS, UnitRefOut
from guanai.api.text import PlainText
from guanai.api.types import Bool, Date
from guanai.care import care_log, risk, worklist
from guanai.care import rules as care_rules
from guanai.care.models import (
    AREAS,
    CareKind,
    CareRecord,
    FrequencyRule,
    HelperRole,
    Parent,
    Period,
    RiskAssessment,
    RiskLevel,
    RuleTarget,
)
from guanai.care.periods import Status as WorkStatus
from guanai.core.errors import ValidationFailed
from guanai.registry import selectors
from guanai.registry.models import Category

router = Router(tags=["care"])

# Ids the database can hold; a larger one is refused (422) instead of failing the query.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# Small numbers as their columns hold them; the services say what is allowed.
Small = Annotated[int, Field(ge=-32768, le=32767)]
Text40 = Annotated[PlainText, Field(max_length=40)]
Text100 = Annotated[PlainText, Field(max_length=100)]
Text300 = Annotated[PlainText, Field(max_length=300)]
EDIT_ERRORS: dict[int, type[Schema]] = {**WRITE_ERRORS, 409: ErrorOut}


# --- Care records ---------------------------------------------------------------------


class PersonRefOut(Schema):
    id: int
    name: str


class AuthorOut(Schema):
    id: int
    full_name: str


class CareRecordOut(Schema):
    id: int
    kind: CareKind
    occurred_on: date
    author: AuthorOut
    persons: list[PersonRefOut] = Field(description="The persons met whom the caller may read.")
    summary: str
    study: int | None
    life: int | None
    mood: int | None
    friends: int | None
    health: int | None
    needs: str
    follow_up_on: date | None
    parent: Parent | Literal[""]
    minutes: int | None
    version: int

    @staticmethod
    def resolve_persons(obj: CareRecord) -> list[PersonRefOut]:
        return [
            PersonRefOut(id=m.person.pk, name=m.person.name)
            for m in obj.visible_met  # type: ignore[attr-defined]
        ]


class RecordQuery(Schema):
    person_id: Id | None = Field(None, description="Only the records of this person.")


class CareRecordIn(Schema):
    person_ids: list[Id] = Field(min_length=1, max_length=50, description="The persons met.")
    kind: CareKind
    occurred_on: Date = Field(description="Not in the future.")
    summary: PlainText
    study: Small | None = Field(None, description="1 (worrying) to 5 (good), or none.")
    life: Small | None = None
    mood: Small | None = None
    friends: Small | None = None
    health: Small | None = None
    needs: PlainText = ""
    follow_up_on: Date | None = Field(None, description="Not before the record's date.")
    parent: Parent | None = Field(None, description="Which parent; for a family call.")
    minutes: Small | None = Field(None, description="How long; for a family call.")


class CareRecordPatchIn(Schema):
    """Only the fields sent change; ``null`` empties an optional field."""

    version: int
    kind: CareKind | None = None
    occurred_on: Date | None = None
    summary: PlainText | None = None
    study: Small | None = None
    life: Small | None = None
    mood: Small | None = None
    friends: Small | None = None
    health: Small | None = None
    needs: PlainText | None = None
    follow_up_on: Date | None = None
    parent: Parent | None = None
    minutes: Small | None = None


def _record(user: User, pk: int) -> CareRecord:
    return care_log.access_record(user, pk)


@router.get("/care/records", response={200: list[CareRecordOut], **AUTH_ERRORS, 404: ErrorOut})
@paginate(Pages)
def record_list(request: HttpRequest, filters: Query[RecordQuery]) -> QuerySet[CareRecord]:
    """List the care records of the persons the caller may read, the latest first."""
    user = acting_user(request)
    if filters.person_id is None:
        return care_log.records_visible(user)
    person = selectors.access_person(user, filters.person_id)
    return care_log.records_of_person(user, person)


@router.post("/care/records", response={201: CareRecordOut, **WRITE_ERRORS, **AUTH_ERRORS})
def record_create(request: HttpRequest, payload: CareRecordIn) -> Status:
    """Log a talk, visit or call with persons the caller may care for (others: 404)."""
    user = acting_user(request)
    ids = set(payload.person_ids)
    found = {p.pk: p for p in care_log.careable_persons(user).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise Http404
    # In the order sent, a person sent twice included twice: the service refuses that.
    persons = [found[pk] for pk in payload.person_ids]
    data = care_log.RecordData(
        kind=payload.kind.value,
        occurred_on=payload.occurred_on,
        summary=payload.summary,
        ratings={area: getattr(payload, area) for area in AREAS},
        needs=payload.needs,
        follow_up_on=payload.follow_up_on,
        parent=payload.parent.value if payload.parent else "",
        minutes=payload.minutes,
    )
    try:
        record = care_log.care_record_add(acting_user=user, persons=persons, data=data)
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.message, field="person_ids" if exc.field == "persons" else exc.field
        ) from None
    return Status(201, _record(user, record.pk))


@router.patch(
    "/care/records/{record_id}", response={200: CareRecordOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def record_update(request: HttpRequest, record_id: Id, payload: CareRecordPatchIn) -> CareRecord:
    """Change the fields sent of a record the caller wrote; a stale ``version`` is refused."""
    user = acting_user(request)
    record = _record(user, record_id)
    data = care_log.record_data_of(record)
    for key, value in payload.model_dump(exclude_unset=True, exclude={"version"}).items():
        if key in AREAS:
            data.ratings[key] = value
        elif key in ("summary", "needs", "parent"):
            setattr(data, key, value or "")
        elif key in ("kind", "occurred_on") and value is None:
            continue
        else:
            setattr(data, key, value)
    care_log.care_record_update(acting_user=user, record=record, version=payload.version, data=data)
    # Read anew with what the record shows (a fetch of its own: zeal takes a second
    # ``access_record`` in the same request for an N+1).
    return care_log.records_visible(user).get(pk=record.pk)


# --- The work list --------------------------------------------------------------------


class WorkItemOut(Schema):
    rule_id: int
    code: str
    name: str
    status: WorkStatus
    done: int
    needed: int
    deadline: date | None
    inherited: bool


class WorkRowOut(Schema):
    person: PersonRefOut
    risk_level: RiskLevel | Literal[""]
    last_contact: date | None
    items: list[WorkItemOut]


class QuotaOut(Schema):
    rule_id: int
    name: str
    period: Period
    status: WorkStatus
    done: int
    at_least: int
    at_most: int | None


class WorkListOut(Schema):
    today: date
    week_start: date
    week_end: date
    all_units: bool
    count: int = Field(description="Persons on the list, over all pages.")
    page: int
    pages: int
    quotas: list[QuotaOut]
    persons: list[WorkRowOut]


class WorkListQuery(Schema):
    all: Bool = Field(False, description="Leaders and workers: every person of their units.")
    page: int = Field(1, ge=1, le=MAX_PAGE)


def _item(item: worklist.WorkItem) -> WorkItemOut:
    outcome = item.outcome
    return WorkItemOut(
        rule_id=item.rule.pk,
        code=item.rule.code,
        name=item.rule.name,
        status=outcome.status,
        done=outcome.done,
        needed=outcome.needed,
        deadline=outcome.deadline,
        inherited=item.inherited,
    )


@router.get("/care/worklist", response={200: WorkListOut, **AUTH_ERRORS})
def worklist_get(request: HttpRequest, filters: Query[WorkListQuery]) -> WorkListOut:
    """Return a page of the caller's work list this week: each person's rules and their
    state (due, overdue, done), and the caller's own quotas."""
    user = acting_user(request)
    work = worklist.worklist(user, all_units=filters.all, page_number=filters.page)
    return WorkListOut(
        today=work.today,
        week_start=work.week[0],
        week_end=work.week[1],
        all_units=work.all_units,
        count=work.page.paginator.count,
        page=work.page.number,
        pages=work.page.paginator.num_pages,
        quotas=[
            QuotaOut(
                rule_id=q.rule.pk,
                name=q.rule.name,
                period=Period(q.rule.period),
                status=q.outcome.status,
                done=q.outcome.done,
                at_least=q.rule.times,
                at_most=q.rule.times_max,
            )
            for q in work.quotas
        ],
        persons=[
            WorkRowOut(
                person=PersonRefOut(id=row.person.pk, name=row.person.name),
                risk_level=row.risk_level,  # type: ignore[arg-type]
                last_contact=row.last_contact,
                items=[_item(i) for i in row.items],
            )
            for row in work.rows
        ],
    )


# --- Risk levels ----------------------------------------------------------------------


class RiskOut(Schema):
    id: int
    person_id: int
    level: RiskLevel
    reason: str
    source: str
    state: risk.AssessmentState
    set_by: AuthorOut | None
    set_at: datetime
    decided_by: AuthorOut | None
    confirmed_at: datetime | None

    @staticmethod
    def resolve_state(obj: RiskAssessment) -> str:
        return risk.assessment_state(obj).value

    @staticmethod
    def resolve_decided_by(obj: RiskAssessment) -> object:
        return obj.confirmed_by


class RiskIn(Schema):
    level: RiskLevel
    reason: Text300


@router.get(
    "/care/persons/{person_id}/risk",
    response={200: list[RiskOut], **AUTH_ERRORS, 404: ErrorOut},
)
def risk_list(request: HttpRequest, person_id: Id) -> list[RiskAssessment]:
    """List a person's risk levels, the latest first: proposed, in force, replaced, refused."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    return list(risk.risk_history(person))


@router.post(
    "/care/persons/{person_id}/risk", response={201: RiskOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def risk_propose(request: HttpRequest, person_id: Id, payload: RiskIn) -> Status:
    """Propose a risk level with a reason; a leader of the person's unit confirms it."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    assessment = risk.risk_propose(
        acting_user=user, person=person, level=payload.level.value, reason=payload.reason
    )
    return Status(201, risk.risk_history(person).get(pk=assessment.pk))


@router.post(
    "/care/risk/{assessment_id}/{decision}", response={200: RiskOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def risk_decide(
    request: HttpRequest, assessment_id: Id, decision: Literal["confirm", "reject"]
) -> RiskAssessment:
    """Confirm a proposed risk level (it replaces the one in force) or refuse it."""
    user = acting_user(request)
    assessment = risk.access_assessment(user, assessment_id)
    risk.risk_decide(acting_user=user, assessment=assessment, confirm=decision == "confirm")
    return risk.risk_history(assessment.person).get(pk=assessment.pk)


# --- Frequency rules ------------------------------------------------------------------


class RuleOut(Schema):
    id: int
    org_unit: UnitRefOut
    code: str
    name: str
    target: RuleTarget
    category: Category | Literal[""]
    risk_level: RiskLevel | Literal[""]
    helper_role: HelperRole | Literal[""]
    kinds: list[CareKind] = Field(description="Kinds that count; empty: any kind.")
    period: Period
    days: int | None
    times: int
    times_max: int | None
    source: str
    active: bool
    version: int

    @staticmethod
    def resolve_kinds(obj: FrequencyRule) -> list[str]:
        return obj.kind_list


class RuleInForceOut(Schema):
    inherited: bool = Field(description="Set in a unit above the one asked about.")
    rule: RuleOut


class RuleQuery(Schema):
    unit_id: Id


class RuleFieldsIn(Schema):
    name: Text100
    target: RuleTarget = RuleTarget.PERSON
    category: Category | None = None
    risk_level: RiskLevel | None = None
    helper_role: HelperRole | None = None
    kinds: list[CareKind] = Field(default_factory=list, description="Empty: any kind counts.")
    period: Period
    days: Small | None = Field(None, description="For a period of so many days.")
    times: Small = Field(1, description="At least this many per period.")
    times_max: Small | None = Field(None, description="At most; for a helper's quota.")
    source: Text100 = ""
    active: Bool = Field(True, description="False switches an inherited rule off here.")


class RuleIn(RuleFieldsIn):
    unit_id: Id
    code: Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]{1,40}$")]


class RulePatchIn(RuleFieldsIn):
    version: int


def _rule_data(payload: RuleFieldsIn, code: str) -> care_rules.RuleData:
    return care_rules.RuleData(
        code=code,
        name=payload.name,
        target=payload.target.value,
        category=payload.category.value if payload.category else "",
        risk_level=payload.risk_level.value if payload.risk_level else "",
        helper_role=payload.helper_role.value if payload.helper_role else "",
        kinds=[k.value for k in payload.kinds],
        period=payload.period.value,
        days=payload.days,
        times=payload.times,
        times_max=payload.times_max,
        source=payload.source,
        active=payload.active,
    )


@router.get("/care/rules", response={200: list[RuleInForceOut], **AUTH_ERRORS, 404: ErrorOut})
def rule_list(request: HttpRequest, filters: Query[RuleQuery]) -> list[care_rules.RuleInForce]:
    """List the rules holding in a unit, with those set above it and those switched off."""
    user = acting_user(request)
    unit = get_object_or_404(scoping.org_units_with_data(user), pk=filters.unit_id)
    return care_rules.rules_in_force(unit, keep_off=True)


@router.post("/care/rules", response={201: RuleOut, **WRITE_ERRORS, **AUTH_ERRORS})
def rule_create(request: HttpRequest, payload: RuleIn) -> Status:
    """Set a rule in a unit the caller leads; an ancestor's code overrides that rule here."""
    user = acting_user(request)
    unit = get_object_or_404(scoping.org_units_with_data(user), pk=payload.unit_id)
    rule = care_rules.rule_create(
        acting_user=user, unit=unit, data=_rule_data(payload, payload.code)
    )
    return Status(201, rule)


@router.put("/care/rules/{rule_id}", response={200: RuleOut, **EDIT_ERRORS, **AUTH_ERRORS})
def rule_update(request: HttpRequest, rule_id: Id, payload: RulePatchIn) -> FrequencyRule:
    """Replace a rule's values (the code stays); a stale ``version`` is refused."""
    user = acting_user(request)
    rule = get_object_or_404(
        care_rules.rules_visible(scoping.org_units_with_data(user)), pk=rule_id
    )
    return care_rules.rule_update(
        acting_user=user, rule=rule, version=payload.version, data=_rule_data(payload, rule.code)
    )
