"""Assistance plans (帮扶计划) and their reviews: writes and scoped reads.

篇一: "制定学习帮扶计划，明确帮扶时间、内容和阶段性效果 … 教师要对结对帮扶效果进行定期检查".
A plan is drafted by someone who cares for the person, approved by a leader (draft →
active), reviewed while it runs, and ends completed or closed; it is never deleted.

Rules decided here (issue 4, item 5):

* A draft is edited by its author or its responsible helper (while they may care for the
  person) and by the roster editors of the person's unit.
* An active plan was approved as it stands: only a leader over the person's unit changes
  its domain, goals, dates or responsible helper. The others may still adjust the measures
  and phase targets; a change of goals they want goes into a review's "next step", where
  the leader reads it.
* Completing a plan needs at least one review: the archive must show what was reached.
  Closing a plan early (or withdrawing a draft) needs a note saying why.
* Reviews are written for active plans, dated neither in the future nor before the plan
  starts, by the responsible helper or anyone who may care for the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from auditlog.models import LogEntry
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import AssistancePlan, PlanDomain, PlanProgress, PlanReview, PlanStatus
from guanai.care.permissions import can_care_for, can_edit_roster_of, is_leader_of
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.text import column_limit, within
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person
from guanai.registry.services import require_open_file

# The fields a plan form sets; of these, an active plan's ``LEADER_FIELDS`` change only
# by a leader (the rest say how the goals are pursued, which the helpers adjust).
PLAN_FIELDS = (
    "domain",
    "goals",
    "measures",
    "phase_targets",
    "starts_on",
    "ends_on",
    "responsible",
)
LEADER_FIELDS = ("domain", "goals", "starts_on", "ends_on", "responsible")
TEXT_LIMIT = 2000  # goals, measures, reviews: TextFields, this limit is the plan's
CLOSING_NOTE_LIMIT = column_limit(AssistancePlan, "closing_note")


@dataclass
class PlanData:
    """A plan's values, as a form or the API provides them."""

    domain: str
    goals: str
    measures: str
    starts_on: date
    ends_on: date
    responsible: User
    phase_targets: str = ""


# --- Who may do what ---------------------------------------------------------------------


def responsible_candidates(person: Person) -> QuerySet[User]:
    """Return the accounts that may be made responsible for a plan of ``person``.

    They are the accounts that may care for the person: the leaders and workers of the
    person's unit or a unit above it, and the helpers paired with the person now.
    """
    editors = (
        scoping.memberships_in_force()
        .filter(
            role__in=scoping.ROSTER_EDITORS, org_unit__path__in=person.org_unit.ancestor_paths()
        )
        .values("user")
    )
    paired = person.pairings.filter(ended_on__isnull=True, helper__isnull=False).values("helper")
    return (
        User.objects.filter(Q(pk__in=editors) | Q(pk__in=paired), is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


def can_edit_plan(user: AnyUser, plan: AssistancePlan) -> bool:
    """Return whether ``user`` may edit, complete or close ``plan``, whatever its status."""
    if can_edit_roster_of(user, plan.person.org_unit):
        return True
    mine = user.pk is not None and user.pk in (plan.created_by_id, plan.responsible_id)
    return mine and can_care_for(user, plan.person)


def can_approve_plan(user: AnyUser, plan: AssistancePlan) -> bool:
    return is_leader_of(user, plan.person.org_unit)


def can_review_plan(user: AnyUser, plan: AssistancePlan) -> bool:
    """Return whether ``user`` may review ``plan``: anyone who may care for the person.

    The responsible helper is one of them (``plan_clean`` and ``plan_approve`` see to it).
    """
    return can_care_for(user, plan.person)


def _require_open(plan: AssistancePlan) -> None:
    if plan.status in (PlanStatus.COMPLETED, PlanStatus.CLOSED):
        raise ValidationFailed(
            _("This plan is %(status)s and can no longer be changed.")
            % {"status": plan.get_status_display()}
        )


# --- Writes ------------------------------------------------------------------------------


def _text(value: str, field: str, *, required: bool, limit: int = TEXT_LIMIT) -> str:
    value = value.strip()
    if required and not value:
        messages = {
            "goals": _("Write the goals of the plan."),
            "measures": _("Write the measures: what will be done, by whom, how often."),
        }
        raise ValidationFailed(messages.get(field, _("This field is required.")), field=field)
    return within(value, limit, field=field)


def plan_clean(person: Person, data: PlanData) -> PlanData:
    """Check a plan's values: a known domain, goals and measures, dates in order, and a
    responsible helper who may care for the person."""
    if data.domain not in PlanDomain.values:
        raise ValidationFailed(_("Choose the domain of the plan."), field="domain")
    data.goals = _text(data.goals, "goals", required=True)
    data.measures = _text(data.measures, "measures", required=True)
    data.phase_targets = _text(data.phase_targets, "phase_targets", required=False)
    if data.ends_on < data.starts_on:
        raise ValidationFailed(_("The plan cannot end before it starts."), field="ends_on")
    if data.ends_on.year - data.starts_on.year > 6:
        raise ValidationFailed(
            _("A plan runs at most six years; make a new plan for the time after."),
            field="ends_on",
        )
    if not responsible_candidates(person).filter(pk=data.responsible.pk).exists():
        raise _not_a_candidate(person)
    return data


def _not_a_candidate(person: Person) -> ValidationFailed:
    return ValidationFailed(
        _(
            "The responsible helper must be someone who may care for %(name)s: "
            "paired with them, or a leader or worker of their unit."
        )
        % {"name": person.name},
        field="responsible",
    )


def responsible_for(person: Person, pk: int) -> User:
    """Return the account ``pk`` if it may be responsible for a plan of ``person``."""
    found = responsible_candidates(person).filter(pk=pk).first()
    if found is None:
        raise _not_a_candidate(person)
    return found


@transaction.atomic
def plan_create(*, acting_user: User, person: Person, data: PlanData) -> AssistancePlan:
    """Draft a plan for a person the acting user may care for; a leader approves it."""
    if not can_care_for(acting_user, person):
        raise PermissionRefused(_("You may write plans only for persons you care for."))
    require_open_file(person)
    data = plan_clean(person, data)
    return AssistancePlan.objects.create(
        person=person,
        domain=data.domain,
        goals=data.goals,
        measures=data.measures,
        phase_targets=data.phase_targets,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        responsible=data.responsible,
        created_by=acting_user,
    )


def _label(field: str) -> str:
    return str(getattr(AssistancePlan._meta.get_field(field), "verbose_name", field))


def _plan_differences(stored: AssistancePlan, data: PlanData, fields: tuple[str, ...]) -> list[str]:
    return [_label(f) for f in fields if getattr(stored, f) != getattr(data, f)]


def changed_since(obj: models.Model, version: int, fields: tuple[str, ...]) -> list[str]:
    """Return which of ``fields`` the saves after ``version`` changed, from the audit trail.

    Each save raises the version by one, and django-auditlog records it with the other
    changed fields, so the saves someone else made since the user opened the form are the
    log entries that raised the version from ``version`` or later.
    """
    changed: dict[str, None] = {}
    updates = LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.UPDATE)
    for entry in updates.order_by("timestamp", "pk"):
        changes = entry.changes_dict
        try:
            before = int(changes.get("version", [""])[0])
        except (TypeError, ValueError, IndexError):
            continue
        if before >= version:
            changed.update(dict.fromkeys(f for f in fields if f in changes))
    return list(changed)


@transaction.atomic
def plan_update(
    *, acting_user: User, plan: AssistancePlan, version: int, data: PlanData
) -> AssistancePlan:
    """Save a plan's edited values; a stale ``version`` is refused naming what changed."""
    current = (
        AssistancePlan.objects.select_for_update(of=("self",))
        .select_related("person__org_unit")
        .get(pk=plan.pk)
    )
    if not can_edit_plan(acting_user, current):
        raise PermissionRefused(_("You may not edit this plan."))
    if current.version != version:
        named = (*PLAN_FIELDS, "status", "closing_note")
        changed = [_label(f) for f in changed_since(current, version, named)] or (
            _plan_differences(current, data, PLAN_FIELDS)
        )
        raise StaleEdit(
            _(
                "Someone else saved this plan after you opened it (changed: %(fields)s). "
                "Reload it and make your change again."
            )
            % {"fields": "、".join(changed) or _("the plan")}
        )
    _require_open(current)
    data = plan_clean(current.person, data)
    if current.status == PlanStatus.ACTIVE and not can_approve_plan(acting_user, current):
        guarded = _plan_differences(current, data, LEADER_FIELDS)
        if guarded:
            raise ValidationFailed(
                _(
                    "An approved plan's %(fields)s are changed only by a leader. Write the "
                    "change you propose as the next step of a review."
                )
                % {"fields": "、".join(guarded)},
                field=next(f for f in LEADER_FIELDS if getattr(current, f) != getattr(data, f)),
            )
    for name in PLAN_FIELDS:
        setattr(current, name, getattr(data, name))
    current.version += 1
    current.save()
    return current


@transaction.atomic
def plan_approve(*, acting_user: User, plan: AssistancePlan) -> AssistancePlan:
    """Approve a draft (draft → active); only a leader over the person's unit does."""
    current = (
        AssistancePlan.objects.select_for_update(of=("self",))
        .select_related("person__org_unit", "responsible")
        .get(pk=plan.pk)
    )
    if not can_approve_plan(acting_user, current):
        raise PermissionRefused(_("Only a leader of the person's unit approves plans."))
    if current.status != PlanStatus.DRAFT:
        if current.status == PlanStatus.ACTIVE:
            raise ValidationFailed(_("This plan is approved already."))
        _require_open(current)
    require_open_file(current.person)
    if current.ends_on < timezone.localdate():
        raise ValidationFailed(
            _("This plan ended on %(date)s; change its dates before approving it.")
            % {"date": f"{current.ends_on:%Y-%m-%d}"},
            field="ends_on",
        )
    if not responsible_candidates(current.person).filter(pk=current.responsible_id).exists():
        raise ValidationFailed(
            _("%(helper)s may no longer care for %(name)s; choose another responsible helper.")
            % {"helper": current.responsible.get_full_name(), "name": current.person.name},
            field="responsible",
        )
    current.status = PlanStatus.ACTIVE
    current.approved_by = acting_user
    current.approved_at = timezone.now()
    current.version += 1
    current.save()
    return current


@transaction.atomic
def plan_close(
    *, acting_user: User, plan: AssistancePlan, status: str, note: str = ""
) -> AssistancePlan:
    """End a plan: ``completed`` (an active plan with at least one review) or ``closed``
    (ended early, or a draft withdrawn), which needs a note saying why."""
    current = (
        AssistancePlan.objects.select_for_update(of=("self",))
        .select_related("person__org_unit")
        .get(pk=plan.pk)
    )
    if not can_edit_plan(acting_user, current):
        raise PermissionRefused(_("You may not complete or close this plan."))
    _require_open(current)
    note = " ".join(note.split())
    within(note, CLOSING_NOTE_LIMIT, field="closing_note")
    if status == PlanStatus.COMPLETED:
        if current.status != PlanStatus.ACTIVE:
            raise ValidationFailed(
                _("Only an approved plan is completed; close a draft instead."), field="status"
            )
        if not current.reviews.exists():
            raise ValidationFailed(
                _("Review the plan at least once before completing it: say what was reached."),
                field="status",
            )
    elif status == PlanStatus.CLOSED:
        if not note:
            raise ValidationFailed(_("Write why the plan is closed."), field="closing_note")
    else:
        raise ValidationFailed(_("Choose whether the plan is completed or closed."), field="status")
    current.status = status
    current.closing_note = note
    current.closed_on = timezone.localdate()
    current.version += 1
    current.save()
    return current


def review_opens(plan: AssistancePlan, today: date) -> bool:
    """Return whether ``plan`` can be reviewed on ``today``: not before it starts.

    A review is dated from the plan's start to today, so a plan that starts later has no
    day it could be reviewed on yet.
    """
    return plan.starts_on <= today


@transaction.atomic
def review_add(
    *,
    acting_user: User,
    plan: AssistancePlan,
    reviewed_on: date,
    progress: str,
    notes: str,
    next_step: str = "",
) -> PlanReview:
    """Record a review of an active plan: how far it got, what was seen, what comes next."""
    if not can_review_plan(acting_user, plan):
        raise PermissionRefused(_("You may review only plans of persons you care for."))
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationFailed(
            _("Only an approved plan that is running is reviewed; this one is %(status)s.")
            % {"status": plan.get_status_display()}
        )
    if reviewed_on > timezone.localdate():
        raise ValidationFailed(_("The review date is in the future."), field="reviewed_on")
    if reviewed_on < plan.starts_on:
        raise ValidationFailed(
            _("The review date is before the plan starts (%(date)s).")
            % {"date": f"{plan.starts_on:%Y-%m-%d}"},
            field="reviewed_on",
        )
    if progress not in PlanProgress.values:
        raise ValidationFailed(_("Choose how far the plan has got."), field="progress")
    notes = notes.strip()
    if not notes:
        raise ValidationFailed(_("Write what you found in the review."), field="notes")
    return PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        progress=progress,
        notes=_text(notes, "notes", required=True),
        next_step=_text(next_step, "next_step", required=False),
        author=acting_user,
    )


# --- Reads -------------------------------------------------------------------------------


def overdue_q(today: date) -> Q:
    """Return the filter for running plans past their end with no review since the end.

    The early warnings (关爱预警, "plan past its end without a review") use the same rule.
    """
    reviewed_after_end = PlanReview.objects.filter(
        plan=OuterRef("pk"), reviewed_on__gte=OuterRef("ends_on")
    )
    return Q(status=PlanStatus.ACTIVE, ends_on__lt=today) & ~Q(Exists(reviewed_after_end))


def _last_review() -> Subquery:
    return Subquery(
        PlanReview.objects.filter(plan=OuterRef("pk"))
        .order_by("-reviewed_on")
        .values("reviewed_on")[:1]
    )


def plans_visible(user: AnyUser) -> QuerySet[AssistancePlan]:
    """Return the plans of the persons the user may read, with their last review date."""
    return (
        AssistancePlan.objects.filter(scoping.persons_q(user, prefix="person__"))
        .select_related("person__org_unit", "person__school", "responsible", "approved_by")
        .annotate(last_reviewed_on=_last_review())
    )


def plans_of(person: Person) -> QuerySet[AssistancePlan]:
    """Return a person's plans (the caller has access to the person), with the last review."""
    return (
        person.plans.select_related("responsible")
        .annotate(last_reviewed_on=_last_review())
        .order_by("-starts_on", "-pk")
    )


def access_plan(user: AnyUser, pk: int) -> AssistancePlan:
    """Return a plan the user may read, or raise Http404."""
    return get_object_or_404(plans_visible(user), pk=pk)


def is_overdue(plan: AssistancePlan, today: date | None = None) -> bool:
    """Return whether a plan from ``plans_visible`` is past its end without a review since."""
    today = today or timezone.localdate()
    last: date | None = getattr(plan, "last_reviewed_on", None)
    return (
        plan.status == PlanStatus.ACTIVE
        and plan.ends_on < today
        and (last is None or last < plan.ends_on)
    )


@dataclass(frozen=True)
class PlanFilter:
    unit: OrgUnit | None = None
    status: str = ""
    domain: str = ""
    overdue: bool = False
    waiting: bool = False
    person: Person | None = None


def plans_search(
    user: AnyUser, f: PlanFilter, *, today: date | None = None
) -> QuerySet[AssistancePlan]:
    """Return the visible plans matching the filter, the latest start first.

    ``waiting`` narrows to the drafts the user may approve (the leader's approval list).
    """
    plans = plans_visible(user)
    if f.unit is not None:
        plans = plans.filter(subtree_q([f.unit], field="person__org_unit__path"))
    if f.person is not None:
        plans = plans.filter(person=f.person)
    if f.status:
        plans = plans.filter(status=f.status)
    if f.domain:
        plans = plans.filter(domain=f.domain)
    if f.overdue:
        plans = plans.filter(overdue_q(today or timezone.localdate()))
    if f.waiting:
        plans = plans.filter(waiting_q(user))
    return plans.order_by("-starts_on", "-pk")


def waiting_q(user: AnyUser) -> Q:
    """Return the filter for drafts under the units where the user is a leader."""
    leads = scoping.units_for(user, [Role.LEADER])
    return Q(status=PlanStatus.DRAFT) & subtree_q(leads, field="person__org_unit__path")


def plans_waiting_count(user: AnyUser) -> int:
    """Return how many drafts wait for the user's approval (0 for anyone not a leader)."""
    if not scoping.units_for(user, [Role.LEADER]):
        return 0
    return plans_visible(user).filter(waiting_q(user)).count()


def reviews_of(plan: AssistancePlan) -> QuerySet[PlanReview]:
    return plan.reviews.select_related("author").order_by("-reviewed_on", "-pk")
