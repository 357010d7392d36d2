"""Annual work plans through the API, as the pages (``governance.plans``): a unit's plans, a
plan with its four parts, its timetable and the linked activity plans; a plan made from the
outline of its unit's kind, a draft's text and tasks changed, published to the units below
and withdrawn to draft by a leader.

Scoped as the pages: a draft is read by its unit and the units above, a published plan by the
units below too; outside the caller's scope 404, a change they may not make 403; bad input
400 with nothing changed, a stale version 409.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.governance.groups import GovernanceVersion
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    RefOut,
    Small,
    Text200,
    UnitRefOut,
)
from guanai.api.text import PlainText
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.governance import extensions
from guanai.governance import selectors as unit_selectors
from guanai.governance.models import GroupMember, LeadingGroup, PlanStatus, PlanTask, WorkPlan
from guanai.governance.plans import access, selectors, services
from guanai.orgs.models import OrgUnit

router = Router(tags=["governance"])


class GovernanceTaskOut(Schema):
    id: int
    month: int = Field(description="1–12.")
    title: str
    detail: str
    owners: list[RefOut] = Field(description="Members of the plan's group, by member id.")


class GovernancePlanLinkOut(Schema):
    title: str
    url: str
    note: str


class GovernancePlanOut(Schema):
    id: int
    version: int
    unit: UnitRefOut
    year: int
    title: str
    status: PlanStatus
    group: RefOut | None
    published_at: datetime | None = Field(description="The last publication, kept on withdrawal.")


class GovernancePlanRowOut(GovernancePlanOut):
    task_count: int


class GovernancePlanDetailOut(GovernancePlanOut):
    guiding: str = Field(description="指导思想")
    goals: str = Field(description="工作目标")
    measures: str = Field(description="主要措施")
    requirements: str = Field(description="工作要求")
    tasks: list[GovernanceTaskOut] = Field(description="The timetable in month order.")
    links: list[GovernancePlanLinkOut] = Field(description="Linked activity plans of the year.")


class GovernancePlanPage(Schema):
    items: list[GovernancePlanRowOut]
    count: int


class GovernancePlanQuery(Pages.Input):
    unit_id: Id | None = Field(None, description="Default: the caller's first unit.")
    year: Small | None = None


class GovernancePlanIn(Schema):
    unit_id: Id
    year: Small


class GovernancePlanPatchIn(Schema):
    version: GovernanceVersion
    title: Text200 | None = None
    guiding: PlainText | None = None
    goals: PlainText | None = None
    measures: PlainText | None = None
    requirements: PlainText | None = None
    group_id: Id | None = Field(None, description="A group of the plan's unit; null unlinks.")


class GovernanceTaskIn(Schema):
    version: GovernanceVersion = Field(description="The plan's version read.")
    month: Small = Field(description="1–12.")
    title: Text200
    detail: PlainText = ""
    owner_ids: list[Id] = Field(default_factory=list, description="Members serving in the group.")


class GovernanceTaskPatchIn(Schema):
    version: GovernanceVersion = Field(description="The plan's version read.")
    month: Small | None = None
    title: Text200 | None = None
    detail: PlainText | None = None
    owner_ids: list[Id] | None = None


class GovernancePlanVersionIn(Schema):
    version: GovernanceVersion


def _ref(group: LeadingGroup | None) -> RefOut | None:
    return None if group is None else RefOut(id=group.pk, name=group.name)


def _fields(plan: WorkPlan) -> dict[str, object]:
    return {
        "id": plan.pk,
        "version": plan.version,
        "unit": UnitRefOut(id=plan.org_unit.pk, name=plan.org_unit.name),
        "year": plan.year,
        "title": plan.title,
        "status": PlanStatus(plan.status),
        "group": _ref(plan.group),
        "published_at": plan.published_at,
    }


def task_out(task: PlanTask) -> GovernanceTaskOut:
    return GovernanceTaskOut(
        id=task.pk,
        month=task.month,
        title=task.title,
        detail=task.detail,
        owners=[RefOut(id=o.pk, name=o.name) for o in task.owners.all()],
    )


def _detail(user: User, plan: WorkPlan) -> GovernancePlanDetailOut:
    return GovernancePlanDetailOut(
        **_fields(plan),  # type: ignore[arg-type]
        guiding=plan.guiding,
        goals=plan.goals,
        measures=plan.measures,
        requirements=plan.requirements,
        tasks=[task_out(t) for t in selectors.plan_tasks(plan)],
        links=[
            GovernancePlanLinkOut(title=link.title, url=link.url, note=link.note)
            for link in extensions.plan_links(user, plan.org_unit, plan.year)
        ],
    )


def _owners(ids: list[int]) -> list[GroupMember]:
    found = list(GroupMember.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Choose members serving in the plan's group."), field="owner_ids")
    return found


@router.get("/governance/plans", response={200: GovernancePlanPage, **READ_ERRORS})
def plan_list(request: HttpRequest, filters: Query[GovernancePlanQuery]) -> GovernancePlanPage:
    """A unit's plans the caller reads, newest year first."""
    user = acting_user(request)
    if filters.unit_id is not None:
        unit: OrgUnit = unit_selectors.access_unit(user, filters.unit_id)
    else:
        home = unit_selectors.home_units(user)
        if not home:
            raise PermissionRefused(_("Your roles read no unit's work plans."))
        unit = home[0]
    found = selectors.unit_plans(user, unit)
    if filters.year is not None:
        found = found.filter(year=filters.year)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    rows = [
        GovernancePlanRowOut(**_fields(p), task_count=p.task_count)  # type: ignore[arg-type, attr-defined]
        for p in found[start : start + size]
    ]
    return GovernancePlanPage(items=rows, count=found.count())


@router.get("/governance/plans/{plan_id}", response={200: GovernancePlanDetailOut, **READ_ERRORS})
def plan_detail(request: HttpRequest, plan_id: Id) -> GovernancePlanDetailOut:
    """A plan: its four parts, its timetable and the linked activity plans."""
    user = acting_user(request)
    return _detail(user, access.access_plan(user, plan_id))


@router.post("/governance/plans", response={201: GovernancePlanDetailOut, **WRITE_ERRORS})
def plan_new(request: HttpRequest, payload: GovernancePlanIn) -> Status:
    """Make a unit's plan for a year from the outline of its kind, linked to its group."""
    user = acting_user(request)
    unit = unit_selectors.access_unit(user, payload.unit_id)
    return Status(201, _detail(user, services.plan_create(user, unit=unit, year=payload.year)))


@router.patch("/governance/plans/{plan_id}", response={200: GovernancePlanDetailOut, **EDIT_ERRORS})
def plan_change(
    request: HttpRequest, plan_id: Id, payload: GovernancePlanPatchIn
) -> GovernancePlanDetailOut:
    """Change the fields sent of a draft."""
    user = acting_user(request)
    plan = access.access_plan(user, plan_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    group = plan.group
    if "group_id" in sent:
        group = None
        if sent["group_id"] is not None:
            group = LeadingGroup.objects.filter(pk=sent["group_id"]).first()
            if group is None:
                raise ValidationFailed(
                    _("Choose a leading group of the plan's unit."), field="group_id"
                )
    texts = {
        name: plan_value if sent.get(name) is None else sent[name]
        for name, plan_value in (
            ("title", plan.title),
            ("guiding", plan.guiding),
            ("goals", plan.goals),
            ("measures", plan.measures),
            ("requirements", plan.requirements),
        )
    }
    data = services.PlanData(group=group, **texts)
    return _detail(user, services.plan_update(user, plan, version=payload.version, data=data))


@router.post("/governance/plans/{plan_id}/tasks", response={201: GovernanceTaskOut, **EDIT_ERRORS})
def task_new(request: HttpRequest, plan_id: Id, payload: GovernanceTaskIn) -> Status:
    """Add a line to a draft's timetable (raises the plan's version)."""
    user = acting_user(request)
    plan = access.access_plan(user, plan_id)
    data = services.TaskData(
        month=payload.month,
        title=payload.title,
        detail=payload.detail,
        owners=_owners(payload.owner_ids),
    )
    return Status(201, task_out(services.task_add(user, plan, version=payload.version, data=data)))


@router.patch("/governance/plan-tasks/{task_id}", response={200: GovernanceTaskOut, **EDIT_ERRORS})
def task_change(
    request: HttpRequest, task_id: Id, payload: GovernanceTaskPatchIn
) -> GovernanceTaskOut:
    """Change the fields sent of a line of a draft's timetable."""
    user = acting_user(request)
    task = access.access_task(user, task_id)
    owners = list(task.owners.all()) if payload.owner_ids is None else _owners(payload.owner_ids)
    data = services.TaskData(
        month=task.month if payload.month is None else payload.month,
        title=task.title if payload.title is None else payload.title,
        detail=task.detail if payload.detail is None else payload.detail,
        owners=owners,
    )
    return task_out(services.task_update(user, task, version=payload.version, data=data))


@router.post(
    "/governance/plan-tasks/{task_id}/remove",
    response={200: GovernancePlanDetailOut, **EDIT_ERRORS},
)
def task_remove(
    request: HttpRequest, task_id: Id, payload: GovernancePlanVersionIn
) -> GovernancePlanDetailOut:
    """Take a line off a draft's timetable; the plan is returned."""
    user = acting_user(request)
    task = access.access_task(user, task_id)
    return _detail(user, services.task_remove(user, task, version=payload.version))


@router.post(
    "/governance/plans/{plan_id}/publish",
    response={200: GovernancePlanDetailOut, **EDIT_ERRORS},
)
def plan_publish(
    request: HttpRequest, plan_id: Id, payload: GovernancePlanVersionIn
) -> GovernancePlanDetailOut:
    """Publish a draft to the units below (a leader of the unit or above)."""
    user = acting_user(request)
    plan = access.access_plan(user, plan_id)
    return _detail(user, services.plan_publish(user, plan, version=payload.version))


@router.post(
    "/governance/plans/{plan_id}/withdraw",
    response={200: GovernancePlanDetailOut, **EDIT_ERRORS},
)
def plan_withdraw(
    request: HttpRequest, plan_id: Id, payload: GovernancePlanVersionIn
) -> GovernancePlanDetailOut:
    """Withdraw a published plan to draft (a leader); nothing else changes."""
    user = acting_user(request)
    plan = access.access_plan(user, plan_id)
    return _detail(user, services.plan_withdraw(user, plan, version=payload.version))
