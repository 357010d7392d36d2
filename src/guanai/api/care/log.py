"""The care log through the API: records, the work list, risk levels and frequency rules.

The same services and scoping as the pages: records of a person the caller may not read
are not found (404), nor is a person the caller may not care for when logging; a stale
``version`` is refused (409). Reading a person's records is audited, as the page is.
The schemas are in ``log_schemas``.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.care.log_schemas import (
    CareRecordIn,
    CareRecordOut,
    CareRecordPatchIn,
    QuotaOut,
    RecordQuery,
    RiskIn,
    RiskOut,
    RuleFieldsIn,
    RuleIn,
    RuleInForceOut,
    RuleOut,
    RulePatchIn,
    RuleQuery,
    WorkItemOut,
    WorkListOut,
    WorkListQuery,
    WorkRowOut,
)
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, PersonRefOut
from guanai.care import log as care_log
from guanai.care import risk, worklist
from guanai.care import rules as care_rules
from guanai.care.models import AREAS, CareRecord, FrequencyRule, Period, RiskAssessment
from guanai.core.errors import ValidationFailed
from guanai.registry.selectors import access_person

router = Router(tags=["care"])


# --- Care records ---------------------------------------------------------------------


def _record(user: User, pk: int) -> CareRecord:
    return care_log.access_record(user, pk)


@router.get("/care/records", response={200: list[CareRecordOut], **READ_ERRORS})
@paginate(Pages)
def record_list(request: HttpRequest, filters: Query[RecordQuery]) -> QuerySet[CareRecord]:
    """List the care records of the persons the caller may read, the latest first."""
    user = acting_user(request)
    if filters.person_id is None:
        return care_log.records_visible(user)
    person = access_person(user, filters.person_id)
    return care_log.person_care_read(user, person, request=request)


@router.post("/care/records", response={201: CareRecordOut, **WRITE_ERRORS, **AUTH_ERRORS})
def record_create(request: HttpRequest, payload: CareRecordIn) -> Status:
    """Log a talk, visit or call with persons the caller may care for (others: 404)."""
    user = acting_user(request)
    found = {p.pk: p for p in care_log.careable_chosen(user, payload.person_ids)}
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


def _work_filter(user: User, query: WorkListQuery) -> worklist.WorkFilter:
    """Return the filters asked for; a class no one on the caller's list is in is refused."""
    school_class = None
    if query.school_class:
        classes = worklist.worklist_classes(
            user, all_units=query.all and worklist.may_see_all(user)
        )
        school_class = next((c for c in classes if c.key == query.school_class), None)
        if school_class is None:
            raise ValidationFailed(
                _("No one on your work list is in the class “%(value)s”; choose one from the list.")
                % {"value": query.school_class},
                field="class",
            )
    return worklist.WorkFilter(
        kind=query.kind.value if query.kind else "",
        status=query.status.value if query.status else "",
        school_class=school_class,
        q=query.q.strip(),
    )


@router.get("/care/worklist", response={200: WorkListOut, 400: ErrorOut, **AUTH_ERRORS})
def worklist_get(request: HttpRequest, filters: Query[WorkListQuery]) -> WorkListOut:
    """Return a page of the caller's work list this week: each person's rules and their
    state (due, overdue, done), and the caller's own quotas."""
    user = acting_user(request)
    work = worklist.worklist(
        user,
        all_units=filters.all,
        page_number=filters.page,
        filters=_work_filter(user, filters),
    )
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


@router.get(
    "/care/persons/{person_id}/risk",
    response={200: list[RiskOut], **READ_ERRORS},
)
def risk_list(request: HttpRequest, person_id: Id) -> list[RiskAssessment]:
    """List a person's risk levels, the latest first: proposed, in force, replaced, refused."""
    user = acting_user(request)
    person = access_person(user, person_id)
    return list(risk.risk_history(person))


@router.post(
    "/care/persons/{person_id}/risk", response={201: RiskOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def risk_propose(request: HttpRequest, person_id: Id, payload: RiskIn) -> Status:
    """Propose a risk level with a reason; a leader of the person's unit confirms it."""
    user = acting_user(request)
    person = access_person(user, person_id)
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


@router.get("/care/rules", response={200: list[RuleInForceOut], **READ_ERRORS})
def rule_list(request: HttpRequest, filters: Query[RuleQuery]) -> list[care_rules.RuleInForce]:
    """List the rules holding in a unit, with those set above it and those switched off."""
    user = acting_user(request)
    unit = care_log.access_unit_with_data(user, filters.unit_id)
    return care_rules.rules_in_force(unit, keep_off=True)


@router.post("/care/rules", response={201: RuleOut, **WRITE_ERRORS, **AUTH_ERRORS})
def rule_create(request: HttpRequest, payload: RuleIn) -> Status:
    """Set a rule in a unit the caller leads; an ancestor's code overrides that rule here."""
    user = acting_user(request)
    unit = care_log.access_unit_with_data(user, payload.unit_id)
    rule = care_rules.rule_create(
        acting_user=user, unit=unit, data=_rule_data(payload, payload.code)
    )
    return Status(201, rule)


@router.put("/care/rules/{rule_id}", response={200: RuleOut, **EDIT_ERRORS, **AUTH_ERRORS})
def rule_update(request: HttpRequest, rule_id: Id, payload: RulePatchIn) -> FrequencyRule:
    """Replace a rule's values (the code stays); a stale ``version`` is refused."""
    user = acting_user(request)
    rule = care_log.access_rule(user, rule_id)
    return care_rules.rule_update(
        acting_user=user, rule=rule, version=payload.version, data=_rule_data(payload, rule.code)
    )
