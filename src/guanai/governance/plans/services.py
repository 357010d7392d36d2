"""Writes of annual work plans: a unit's plan for a year made from the outline of its kind,
edited while a draft (its text, its leading group, the timetable's tasks and their owners),
published by a leader to the units below, withdrawn to draft by a leader.

A draft is written by a leader or worker of the unit or above; every change carries the
plan's version (``core.locking``): the text and the timetable are one document, so a task
added raises it too. A task's owners are members serving in the plan's group on the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits
from guanai.governance import access
from guanai.governance.groups.selectors import current_q, group_in_force
from guanai.governance.models import GroupMember, LeadingGroup, PlanStatus, PlanTask, WorkPlan
from guanai.governance.plans.outline import outline_for
from guanai.orgs.models import OrgUnit

FIRST_YEAR, LAST_YEAR = 2000, 2100
PLAN_FIELDS = ("title", "group", "guiding", "goals", "measures", "requirements", "status")


@dataclass
class PlanData:
    title: str
    guiding: str = ""
    goals: str = ""
    measures: str = ""
    requirements: str = ""
    group: LeadingGroup | None = None


@dataclass
class TaskData:
    month: int
    title: str
    detail: str = ""
    owners: Sequence[GroupMember] = field(default_factory=list)


def _year(value: int) -> int:
    if type(value) is not int or not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationFailed(
            _("Enter a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )
    return value


def _group(unit: OrgUnit, group: LeadingGroup | None) -> LeadingGroup | None:
    if group is not None and (group.org_unit_id != unit.pk or group.dissolved_on is not None):
        raise ValidationFailed(
            _("Choose a leading group of %(unit)s in force.") % {"unit": unit.name},
            field="group",
        )
    return group


@transaction.atomic
def plan_create(
    user: Actor, *, unit: OrgUnit, year: int, group: LeadingGroup | None = None
) -> WorkPlan:
    """Make ``unit``'s plan for ``year`` from the outline of its kind, linked to ``group``
    (by default the unit's group in force); one plan per unit and year."""
    access.require_manage(user, unit)
    year = _year(year)
    if WorkPlan.objects.filter(org_unit=unit, year=year).exists():
        raise ValidationFailed(
            _("%(unit)s already has a plan for %(year)s.") % {"unit": unit.name, "year": year},
            field="year",
        )
    group = _group(unit, group) if group is not None else group_in_force(unit)
    outline = outline_for(unit, year)
    return WorkPlan.objects.create(
        org_unit=unit,
        year=year,
        group=group,
        title=fits(outline.title, WorkPlan, "title"),
        guiding=outline.guiding,
        goals=outline.goals,
        measures=outline.measures,
        requirements=outline.requirements,
        created_by=account_of(user),
    )


def _lock(user: Actor, plan: WorkPlan, version: int, *, lead: bool = False) -> WorkPlan:
    current = (
        WorkPlan.objects.select_for_update(of=("self",))
        .select_related("org_unit", "group")
        .get(pk=plan.pk)
    )
    if lead:
        access.require_lead(user, current.org_unit)
    else:
        access.require_manage(user, current.org_unit)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this plan after you opened it (%(fields)s); reload and try again."
        ),
        fields=PLAN_FIELDS,
        nothing_named=_("its timetable"),
    )
    return current


def _draft(user: Actor, plan: WorkPlan, version: int) -> WorkPlan:
    current = _lock(user, plan, version)
    if current.status != PlanStatus.DRAFT:
        raise ValidationFailed(
            _("The plan is published; a leader withdraws it to draft before it is changed.")
        )
    return current


@transaction.atomic
def plan_update(user: Actor, plan: WorkPlan, *, version: int, data: PlanData) -> WorkPlan:
    """Change a draft's title, its four parts or its leading group."""
    current = _draft(user, plan, version)
    title = data.title.strip()
    if not title:
        raise ValidationFailed(_("Enter the plan's title."), field="title")
    current.title = fits(title, WorkPlan, "title")
    for name in ("guiding", "goals", "measures", "requirements"):
        setattr(current, name, fits(getattr(data, name).strip(), WorkPlan, name))
    group = _group(current.org_unit, data.group)
    if group != current.group and current.tasks.filter(owners__isnull=False).exists():
        raise ValidationFailed(
            _("The timetable names members of the present group; clear them first."),
            field="group",
        )
    current.group = group
    bump(current)
    current.save()
    return current


def _task_clean(plan: WorkPlan, data: TaskData) -> tuple[TaskData, list[GroupMember]]:
    if type(data.month) is not int or not 1 <= data.month <= 12:
        raise ValidationFailed(_("Choose a month from 1 to 12."), field="month")
    title = data.title.strip()
    if not title:
        raise ValidationFailed(_("Enter what is to be done."), field="title")
    owners = list(data.owners)
    if owners:
        if plan.group is None:
            raise ValidationFailed(
                _("Link the plan to a leading group to name who is responsible."), field="owners"
            )
        serving = set(
            GroupMember.objects.filter(current_q(timezone.localdate()), group=plan.group)
            .filter(pk__in=[o.pk for o in owners])
            .values_list("pk", flat=True)
        )
        strangers = [o.name for o in owners if o.pk not in serving]
        if strangers:
            raise ValidationFailed(
                _("%(names)s does not serve in %(group)s now.")
                % {"names": "、".join(strangers), "group": plan.group.name},
                field="owners",
            )
    clean = TaskData(
        month=data.month,
        title=fits(title, PlanTask, "title"),
        detail=fits(data.detail.strip(), PlanTask, "detail"),
    )
    return clean, owners


@transaction.atomic
def task_add(user: Actor, plan: WorkPlan, *, version: int, data: TaskData) -> PlanTask:
    """Add a line to a draft's timetable."""
    current = _draft(user, plan, version)
    clean, owners = _task_clean(current, data)
    last = current.tasks.filter(month=clean.month).aggregate(last=Max("position"))["last"]
    task = PlanTask.objects.create(
        plan=current,
        month=clean.month,
        title=clean.title,
        detail=clean.detail,
        position=0 if last is None else last + 1,
    )
    task.owners.set(owners)
    bump(current)
    current.save(update_fields=["version"])
    return task


@transaction.atomic
def task_update(user: Actor, task: PlanTask, *, version: int, data: TaskData) -> PlanTask:
    """Change a line of a draft's timetable."""
    current = _draft(user, task.plan, version)
    clean, owners = _task_clean(current, data)
    row = PlanTask.objects.select_for_update().get(pk=task.pk, plan=current)
    row.month, row.title, row.detail = clean.month, clean.title, clean.detail
    row.save()
    row.owners.set(owners)
    bump(current)
    current.save(update_fields=["version"])
    return row


@transaction.atomic
def task_remove(user: Actor, task: PlanTask, *, version: int) -> WorkPlan:
    """Take a line off a draft's timetable (the audit trail keeps it)."""
    current = _draft(user, task.plan, version)
    PlanTask.objects.get(pk=task.pk, plan=current).delete()
    bump(current)
    current.save(update_fields=["version"])
    return current


@transaction.atomic
def plan_publish(user: Actor, plan: WorkPlan, *, version: int) -> WorkPlan:
    """Publish a draft to the units below (a leader of the unit or above)."""
    current = _lock(user, plan, version, lead=True)
    if current.status == PlanStatus.PUBLISHED:
        raise ValidationFailed(_("The plan is already published."))
    if not current.tasks.exists():
        raise ValidationFailed(_("Add the timetable's tasks before publishing the plan."))
    current.status = PlanStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = account_of(user)
    bump(current)
    current.save(update_fields=["status", "published_at", "published_by", "version"])
    return current


@transaction.atomic
def plan_withdraw(user: Actor, plan: WorkPlan, *, version: int) -> WorkPlan:
    """Withdraw a published plan to draft (a leader): the units below no longer read it; its
    text, timetable and the last publication's date are kept."""
    current = _lock(user, plan, version, lead=True)
    if current.status != PlanStatus.PUBLISHED:
        raise ValidationFailed(_("The plan is a draft already."))
    current.status = PlanStatus.DRAFT
    bump(current)
    current.save(update_fields=["status", "version"])
    return current
