"""Writes of activity plans: create from a template, edit, publish, copy to next year.

Every change is checked against ``access`` (a leader or worker of the unit), refuses bad
input and over-long text with a message naming the limit, and is recorded by auditlog
(every activities model is registered, apps.py). A change to an item is a change to its
plan: it locks the plan's row, checks the version the page was opened at and raises it, so
two teachers editing the same plan cannot silently undo each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.activities.models.kinds import EventKind
from guanai.activities.models.plans import (
    ActivityPlan,
    PlanItem,
    PlanStatus,
    PlanTerm,
)
from guanai.activities.plans.access import (
    PLAN_UNIT_KINDS,
    lock_plan,
    refuse_stale,
    require_edit,
)
from guanai.activities.plans.calendar import (
    month_start,
    same_weekday_next_year,
    school_year_bounds,
)
from guanai.activities.plans.templates_data import (
    TEMPLATES,
    TERM_MONTHS,
    school_month_year,
)
from guanai.core import locking
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit

# An item's description is a TextField; a plan's paragraph is a few hundred characters.
DESCRIPTION_MAX = 1000
# School years a plan may be made for (the column's check constraint is wider).
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class ItemData:
    """What a user writes for an item: a month (any day of it) or an exact date."""

    month: date
    title: str
    kind: str
    on: date | None = None
    description: str = ""
    responsible: str = ""


def _check_year(school_year: int) -> int:
    if not FIRST_YEAR <= school_year <= LAST_YEAR:
        raise ValidationFailed(
            _("Give a school year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="school_year",
        )
    return school_year


def _check_title(title: str, unit: OrgUnit, school_year: int, term: str, *, pk: int = 0) -> str:
    title = fits(title.strip(), ActivityPlan, "title")
    if not title:
        raise ValidationFailed(_("Give the plan a title."), field="title")
    clash = ActivityPlan.objects.filter(
        org_unit=unit, school_year=school_year, term=term, title=title
    ).exclude(pk=pk)
    if clash.exists():
        raise ValidationFailed(
            _("This unit already has a plan with this title for that school year."),
            field="title",
        )
    return title


def _check_term(term: str) -> str:
    if term not in PlanTerm.values:
        raise ValidationFailed(_("Choose a term from the list."), field="term")
    return term


@transaction.atomic
def plan_create_from_template(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    template_code: str,
    school_year: int,
    term: str = "",
    title: str = "",
) -> ActivityPlan:
    """Make a draft plan for ``org_unit`` from a template: its items in their months, dated
    in the right calendar year (September–December in ``school_year``, January–August in
    the year after); for one term, only that term's months."""
    require_edit(acting_user, org_unit)
    template = TEMPLATES.get(template_code)
    if template is None:
        raise ValidationFailed(_("Choose a template from the list."), field="template")
    if org_unit.kind not in PLAN_UNIT_KINDS or not template.suits(org_unit.kind):
        raise ValidationFailed(
            _("This template is not for a unit of this kind (%(kind)s).")
            % {"kind": org_unit.get_kind_display()},
            field="template",
        )
    _check_year(school_year)
    _check_term(term)
    title = _check_title(title or template.name, org_unit, school_year, term)
    plan = ActivityPlan.objects.create(
        org_unit=org_unit,
        school_year=school_year,
        term=term,
        title=title,
        owner=account_of(acting_user),
        template_code=template.code,
    )
    months = TERM_MONTHS.get(term)
    # One save per item, not bulk_create: auditlog records each row it sees saved.
    for n, item in enumerate(template.items):
        if months is None or item.month in months:
            PlanItem.objects.create(
                plan=plan,
                month=date(school_month_year(school_year, item.month), item.month, 1),
                title=item.title,
                description=item.description,
                kind=item.kind,
                order=n,
            )
    return plan


@transaction.atomic
def plan_update(
    *, acting_user: Actor, plan: ActivityPlan, version: int, title: str
) -> ActivityPlan:
    """Rename a plan."""
    require_edit(acting_user, plan.org_unit)
    current = lock_plan(plan)
    refuse_stale(current, version)
    current.title = _check_title(
        title, current.org_unit, current.school_year, current.term, pk=current.pk
    )
    locking.bump(current)
    current.save(update_fields=["title", "version"])
    return current


def _item_clean(plan: ActivityPlan, data: ItemData) -> ItemData:
    title = fits(data.title.strip(), PlanItem, "title")
    if not title:
        raise ValidationFailed(_("Give the activity a title."), field="title")
    if data.kind not in EventKind.values:
        raise ValidationFailed(_("Choose a kind from the list."), field="kind")
    description = within(data.description.strip(), DESCRIPTION_MAX, field="description")
    responsible = fits(data.responsible.strip(), PlanItem, "responsible")
    first, last = school_year_bounds(plan.school_year)
    day = data.on or data.month
    if not first <= day <= last:
        raise ValidationFailed(
            _("Choose a day in the plan's school year (%(first)s to %(last)s).")
            % {"first": first.isoformat(), "last": last.isoformat()},
            field="on" if data.on else "month",
        )
    months = TERM_MONTHS.get(plan.term)
    if months is not None and day.month not in months:
        raise ValidationFailed(
            _("This plan is for the %(term)s: choose a month of that term.")
            % {"term": plan.get_term_display()},
            field="on" if data.on else "month",
        )
    return ItemData(
        month=month_start(day),
        on=data.on,
        title=title,
        kind=data.kind,
        description=description,
        responsible=responsible,
    )


def _touch(plan: ActivityPlan, version: int) -> ActivityPlan:
    current = lock_plan(plan)
    refuse_stale(current, version)
    locking.bump(current)
    current.save(update_fields=["version"])
    return current


@transaction.atomic
def plan_item_add(
    *, acting_user: Actor, plan: ActivityPlan, version: int, data: ItemData
) -> PlanItem:
    """Add an activity to a plan, at the end of its month."""
    require_edit(acting_user, plan.org_unit)
    data = _item_clean(plan, data)
    current = _touch(plan, version)
    last = current.items.filter(month=data.month).order_by("-order").first()
    return PlanItem.objects.create(
        plan=current,
        month=data.month,
        on=data.on,
        title=data.title,
        description=data.description,
        kind=data.kind,
        responsible=data.responsible,
        order=last.order + 1 if last else 0,
    )


@transaction.atomic
def plan_item_change(
    *, acting_user: Actor, item: PlanItem, version: int, data: ItemData
) -> PlanItem:
    """Save an item's edited values."""
    require_edit(acting_user, item.plan.org_unit)
    data = _item_clean(item.plan, data)
    _touch(item.plan, version)
    item.month, item.on, item.title = data.month, data.on, data.title
    item.description, item.kind, item.responsible = data.description, data.kind, data.responsible
    item.save()
    return item


@transaction.atomic
def plan_item_remove(*, acting_user: Actor, item: PlanItem, version: int) -> None:
    """Take an activity out of its plan."""
    require_edit(acting_user, item.plan.org_unit)
    _touch(item.plan, version)
    item.delete()


@transaction.atomic
def plan_publish(*, acting_user: Actor, plan: ActivityPlan, version: int) -> ActivityPlan:
    """Publish a draft plan: the unit's staff see it as the plan in force."""
    require_edit(acting_user, plan.org_unit)
    current = lock_plan(plan)
    refuse_stale(current, version)
    if current.status == PlanStatus.PUBLISHED:
        raise ValidationFailed(_("This plan is already published."))
    if not current.items.exists():
        raise ValidationFailed(_("Add at least one activity before publishing the plan."))
    current.status = PlanStatus.PUBLISHED
    current.published_at = timezone.now()
    locking.bump(current)
    current.save(update_fields=["status", "published_at", "version"])
    return current


@transaction.atomic
def plan_copy_to_next_year(*, acting_user: Actor, plan: ActivityPlan) -> ActivityPlan:
    """Copy a plan to the next school year as a draft: months move on a year, and a dated
    item moves to the same weekday (``calendar.same_weekday_next_year``)."""
    require_edit(acting_user, plan.org_unit)
    school_year = _check_year(plan.school_year + 1)
    title = _check_title(plan.title, plan.org_unit, school_year, plan.term)
    copy = ActivityPlan.objects.create(
        org_unit=plan.org_unit,
        school_year=school_year,
        term=plan.term,
        title=title,
        owner=account_of(acting_user),
        template_code=plan.template_code,
    )
    for item in plan.items.all():
        on = same_weekday_next_year(item.on) if item.on else None
        PlanItem.objects.create(  # one by one, so that auditlog records each
            plan=copy,
            month=month_start(on) if on else item.month.replace(year=item.month.year + 1),
            on=on,
            title=item.title,
            description=item.description,
            kind=item.kind,
            responsible=item.responsible,
            order=item.order,
        )
    return copy
