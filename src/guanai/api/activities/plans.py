"""Activity plans through the API: the templates, a unit's plans, a plan with its items;
make one from a template, rename, publish, copy to the next school year; add, change and
remove an item.

Every operation reads through ``activities.plans`` (scoped: a plan outside the caller's
units is 404) and writes through its services, which refuse bad input (400), a caller who
may not write the unit's plans (403) and a stale ``version`` of the plan (409). A change
to an item is a change to its plan: it sends the plan's ``version``.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.activities import plans
from guanai.activities.models.kinds import EventKind
from guanai.activities.models.plans import ActivityPlan, PlanItem
from guanai.activities.models.plans import PlanTerm as PlanTermChoice
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    RefOut,
    Text40,
    Text50,
    Text100,
    Text1000,
    UnitRefOut,
)
from guanai.api.types import Date
from guanai.orgs.selectors import subtree_q

router = Router(tags=["activities"])

# Not the model's ``PlanStatus``: the care plans' enum of that name is in the schema already.
ActivityPlanStatus = Literal["draft", "published"]

SchoolYear = Field(
    ge=1900, le=2200, description="The year the school year starts: 2026 is 2026–2027."
)


class PlanTemplateOut(Schema):
    code: str
    name: str
    unit_kinds: list[str] = Field(description="The kinds of unit the template suits.")
    source: str = Field(description="The seed plans it reproduces.")
    item_count: int


class PlanTemplateQuery(Schema):
    unit_id: Id | None = Field(None, description="Only the templates that suit this unit.")


class ActivityPlanOut(Schema):
    id: int
    unit: UnitRefOut
    school_year: int
    term: PlanTermChoice = Field(description="Empty for the whole school year.")
    title: str
    status: ActivityPlanStatus
    owner: RefOut | None
    template_code: str
    published_at: datetime | None
    created_at: datetime
    version: int

    @staticmethod
    def resolve_unit(obj: ActivityPlan) -> UnitRefOut:
        return UnitRefOut(id=obj.org_unit_id, name=obj.org_unit.name)

    @staticmethod
    def resolve_owner(obj: ActivityPlan) -> RefOut | None:
        owner = obj.owner
        return None if owner is None else RefOut(id=owner.pk, name=owner.get_full_name())


class ActivityPlanListOut(ActivityPlanOut):
    item_count: int


class PlanItemOut(Schema):
    id: int
    plan_id: int
    month: date = Field(description="The first day of the item's month.")
    on: date | None = Field(description="The day, when it is known.")
    title: str
    description: str
    kind: EventKind
    responsible: str
    order: int


class ActivityPlanDetailOut(ActivityPlanOut):
    items: list[PlanItemOut]

    @staticmethod
    def resolve_items(obj: ActivityPlan) -> list[PlanItem]:
        return [item for month in plans.plan_months(obj) for item in month.items]


class ActivityPlanQuery(Schema):
    unit_id: Id | None = Field(None, description="The plans of this unit's subtree.")
    school_year: int | None = Field(None, ge=1900, le=2200, description="2026 is 2026–2027.")


class ActivityPlanIn(Schema):
    unit_id: Id = Field(description="A school or kindergarten the caller writes plans for.")
    template: Text40 = Field(description="A template's code (GET /activities/plan-templates).")
    school_year: int = SchoolYear
    term: PlanTermChoice = PlanTermChoice.WHOLE_YEAR
    title: Text100 = Field("", description="Empty: the template's name.")


class ActivityPlanPatchIn(Schema):
    version: int
    title: Text100


class PlanVersionIn(Schema):
    version: int = Field(description="The plan's version, as read.")


class PlanItemIn(Schema):
    version: int = Field(description="The plan's version, as read.")
    month: Date = Field(description="Any day of the item's month.")
    on: Date | None = Field(None, description="The day, when it is known.")
    title: Text100
    kind: EventKind
    description: Text1000 = ""
    responsible: Text50 = ""

    def data(self) -> plans.ItemData:
        return plans.ItemData(
            month=self.month,
            on=self.on,
            title=self.title,
            kind=self.kind.value,
            description=self.description,
            responsible=self.responsible,
        )


class PlanItemRemoveQuery(Schema):
    version: int = Field(description="The plan's version, as read.")


def _saved(user: User, pk: int) -> ActivityPlan:
    """Return a plan as it is after a change, read anew."""
    return plans.plans_visible(user).get(pk=pk)


@router.get("/activities/plan-templates", response={200: list[PlanTemplateOut], **READ_ERRORS})
def template_list(request: HttpRequest, filters: Query[PlanTemplateQuery]) -> list[PlanTemplateOut]:
    """List the templates plans are made from (the seeds' calendars)."""
    templates = list(plans.TEMPLATES.values())
    if filters.unit_id is not None:
        unit = scoping.access_org_unit(acting_user(request), filters.unit_id)
        templates = plans.templates_for(unit.kind)
    return [
        PlanTemplateOut(
            code=t.code,
            name=t.name,
            unit_kinds=sorted(t.unit_kinds),
            source=t.source,
            item_count=len(t.items),
        )
        for t in templates
    ]


@router.get("/activities/plans", response={200: list[ActivityPlanListOut], **READ_ERRORS})
@paginate(Pages)
def plan_list(request: HttpRequest, filters: Query[ActivityPlanQuery]) -> QuerySet[ActivityPlan]:
    """List the plans of the caller's units, the latest school year first."""
    user = acting_user(request)
    found = plans.plans_list(user, school_year=filters.school_year)
    if filters.unit_id is not None:
        unit = scoping.access_org_unit(user, filters.unit_id)
        found = found.filter(subtree_q([unit], field="org_unit__path"))
    return found


@router.post(
    "/activities/plans", response={201: ActivityPlanDetailOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def plan_create(request: HttpRequest, payload: ActivityPlanIn) -> Status:
    """Make a draft plan for a unit from a template, its items in their months."""
    user = acting_user(request)
    plan = plans.plan_create_from_template(
        acting_user=user,
        org_unit=scoping.access_org_unit(user, payload.unit_id),
        template_code=payload.template,
        school_year=payload.school_year,
        term=payload.term.value,
        title=payload.title,
    )
    return Status(201, _saved(user, plan.pk))


@router.get("/activities/plans/{plan_id}", response={200: ActivityPlanDetailOut, **READ_ERRORS})
def plan_detail(request: HttpRequest, plan_id: Id) -> ActivityPlan:
    """Return a plan with its items, month by month."""
    return plans.access_plan(acting_user(request), plan_id)


@router.patch(
    "/activities/plans/{plan_id}",
    response={200: ActivityPlanDetailOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def plan_update(request: HttpRequest, plan_id: Id, payload: ActivityPlanPatchIn) -> ActivityPlan:
    """Rename a plan."""
    user = acting_user(request)
    plan = plans.access_plan(user, plan_id)
    plans.plan_update(acting_user=user, plan=plan, version=payload.version, title=payload.title)
    return _saved(user, plan_id)


@router.post(
    "/activities/plans/{plan_id}/publish",
    response={200: ActivityPlanDetailOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def plan_publish(request: HttpRequest, plan_id: Id, payload: PlanVersionIn) -> ActivityPlan:
    """Publish a draft plan that has at least one item."""
    user = acting_user(request)
    plan = plans.access_plan(user, plan_id)
    plans.plan_publish(acting_user=user, plan=plan, version=payload.version)
    return _saved(user, plan_id)


@router.post(
    "/activities/plans/{plan_id}/copy",
    response={201: ActivityPlanDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def plan_copy(request: HttpRequest, plan_id: Id) -> Status:
    """Copy a plan to the next school year as a draft; a dated item moves to the same
    weekday."""
    user = acting_user(request)
    copy = plans.plan_copy_to_next_year(acting_user=user, plan=plans.access_plan(user, plan_id))
    return Status(201, _saved(user, copy.pk))


@router.post(
    "/activities/plans/{plan_id}/items",
    response={201: PlanItemOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def item_create(request: HttpRequest, plan_id: Id, payload: PlanItemIn) -> Status:
    """Add an activity to a plan, at the end of its month."""
    user = acting_user(request)
    item = plans.plan_item_add(
        acting_user=user,
        plan=plans.access_plan(user, plan_id),
        version=payload.version,
        data=payload.data(),
    )
    return Status(201, item)


@router.put(
    "/activities/plan-items/{item_id}", response={200: PlanItemOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def item_update(request: HttpRequest, item_id: Id, payload: PlanItemIn) -> PlanItem:
    """Change an item of a plan (all its fields)."""
    user = acting_user(request)
    return plans.plan_item_change(
        acting_user=user,
        item=plans.access_plan_item(user, item_id),
        version=payload.version,
        data=payload.data(),
    )


@router.delete(
    "/activities/plan-items/{item_id}", response={204: None, **EDIT_ERRORS, **AUTH_ERRORS}
)
def item_delete(request: HttpRequest, item_id: Id, filters: Query[PlanItemRemoveQuery]) -> Status:
    """Take an activity out of its plan."""
    user = acting_user(request)
    plans.plan_item_remove(
        acting_user=user, item=plans.access_plan_item(user, item_id), version=filters.version
    )
    return Status(204, None)
