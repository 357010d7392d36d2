"""Assistance plans (帮扶计划) and their reviews: the writes and the rules they keep.

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

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.care.models import AssistancePlan, PlanDomain, PlanProgress, PlanReview, PlanStatus
from guanai.care.permissions import can_care_for
from guanai.care.plans.access import (
    can_approve_plan,
    can_edit_plan,
    can_review_plan,
    not_a_candidate,
    responsible_candidates,
)
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.text import column_limit, within
from guanai.registry.models import Person
from guanai.registry.services import require_open_file

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


def _require_open(plan: AssistancePlan) -> None:
    if plan.status in (PlanStatus.COMPLETED, PlanStatus.CLOSED):
        raise ValidationFailed(
            _("This plan is %(status)s and can no longer be changed.")
            % {"status": plan.get_status_display()}
        )


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
        raise not_a_candidate(person)
    return data


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
    refuse_stale(
        current,
        version,
        message=_(
            "Someone else saved this plan after you opened it (changed: %(fields)s). "
            "Reload it and make your change again."
        ),
        fields=(*PLAN_FIELDS, "status", "closing_note"),
        nothing_named=_("the plan"),
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
    bump(current)
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
            % {"date": date_format(current.ends_on)},
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
    bump(current)
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
    bump(current)
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
    """Record a review of an active plan: how far it got, what was seen, what comes next.

    The review is written in the access log (``PLAN_REVIEW``) in the same transaction.
    """
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
            % {"date": date_format(plan.starts_on)},
            field="reviewed_on",
        )
    if progress not in PlanProgress.values:
        raise ValidationFailed(_("Choose how far the plan has got."), field="progress")
    notes = notes.strip()
    if not notes:
        raise ValidationFailed(_("Write what you found in the review."), field="notes")
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        progress=progress,
        notes=_text(notes, "notes", required=True),
        next_step=_text(next_step, "next_step", required=False),
        author=acting_user,
    )
    # The review is the check 篇一 asks for; the audit trail names it as such.
    access_log(
        user=acting_user,
        action=AuditAction.PLAN_REVIEW,
        obj=plan,
        detail={
            "review": review.pk,
            "person": plan.person_id,
            "reviewed_on": reviewed_on.isoformat(),
            "progress": progress,
        },
    )
    return review
