"""Writes of survey rounds and their cases: create a round (a case for each person in
scope), close and reopen it, assign cases to helpers in bulk, record a case that could not
be reached and put it back.

Each service validates, locks, writes and audits (django-auditlog for single saves; the
bulk assignment writes one auditlog entry per case itself; the case changes are also
written in the access log as ``AuditAction.SURVEY_CASE``). A refusal raises a
``core.errors`` error and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of, require_actor
from guanai.core.audit import access_log
from guanai.core.changelog import log_updates
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.names import check_name_characters
from guanai.core.text import fits
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q
from guanai.registry.models import PersonCategory
from guanai.surveys.models import Case, CaseStatus, FormStatus, FormVersion, Round, RoundStatus
from guanai.surveys.rounds.access import ASSIGNEES, RUNNERS, can_fill

# Cases written per INSERT, and the most cases one assignment names.
BATCH = 500
ASSIGN_MAX = 500
# A round lasts at most this many days.
ROUND_DAYS_MAX = 366


def require_runner(actor: Actor, unit: OrgUnit) -> None:
    """Refuse (403) an actor who is no leader or worker over ``unit``."""
    if not scoping.acts_over(actor, unit, RUNNERS):
        raise PermissionRefused(_("Only a leader or worker of the unit may run its rounds."))


def form_usable(actor: Actor, form: FormVersion) -> bool:
    """Return whether ``actor`` may use the form: published, of a questionnaire not archived,
    built in (no unit) or of a unit on the actor's path (their unit or one above it)."""
    questionnaire = form.questionnaire
    if form.status != FormStatus.PUBLISHED or questionnaire.archived_at is not None:
        return False
    if questionnaire.org_unit is None:
        return True
    person = require_actor(actor)
    if not isinstance(person, User):
        return True
    owner = questionnaire.org_unit
    return any(is_inside(unit, owner) for unit in scoping.units_for(person, RUNNERS))


def _check_round(
    actor: Actor, unit: OrgUnit, title: str, form: FormVersion, starts_on: date, ends_on: date
) -> str:
    title = check_name_characters(fits(title.strip(), Round, "title"), field="title")
    if not title:
        raise ValidationFailed(_("Give the round a title."), field="title")
    if not form_usable(actor, form):
        raise ValidationFailed(_("Choose a published questionnaire you may use."), field="form")
    if not form.questionnaire.categories:
        raise ValidationFailed(
            _("The questionnaire names no group of persons to survey."), field="form"
        )
    if ends_on < starts_on:
        raise ValidationFailed(_("The round cannot end before it starts."), field="ends_on")
    if (ends_on - starts_on).days > ROUND_DAYS_MAX:
        raise ValidationFailed(_("A round lasts at most a year."), field="ends_on")
    today = timezone.localdate()
    if abs((starts_on - today).days) > ROUND_DAYS_MAX:
        raise ValidationFailed(_("The round must start within a year of today."), field="starts_on")
    return title


def persons_in_scope(unit: OrgUnit, categories: Sequence[str], day: date) -> list[Case]:
    """Return unsaved cases for the persons on file in ``unit``'s subtree (not archived)
    holding on ``day`` one of ``categories``; each case's category is the first of them the
    person holds. One query, whatever the number of persons."""
    rows = (
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
            subtree_q([unit], field="person__org_unit__path"),
            started_on__lte=day,
            category__in=list(categories),
            person__archived_at__isnull=True,
        )
        .values_list(
            "person_id",
            "category",
            "person__name",
            "person__org_unit_id",
            "person__gender",
            "person__birth_date",
            "person__school__name",
            "person__village__name",
        )
        .order_by("person_id")
    )
    rank = {code: i for i, code in enumerate(categories)}
    chosen: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        held = chosen.get(row[0])
        if held is None or rank[row[1]] < rank[held[1]]:
            chosen[row[0]] = row
    return [
        Case(
            person_id=pk,
            category=category,
            name=name,
            org_unit_id=unit_id,
            gender=gender,
            birth_date=born,
            where=school or village or "",
        )
        for pk, category, name, unit_id, gender, born, school, village in chosen.values()
    ]


@transaction.atomic
def round_create(
    *,
    acting_user: Actor,
    unit: OrgUnit,
    title: str,
    form: FormVersion,
    starts_on: date,
    ends_on: date,
) -> Round:
    """Create an open round of ``unit`` with a case for each person in scope."""
    require_runner(acting_user, unit)
    title = _check_round(acting_user, unit, title, form, starts_on, ends_on)
    author = account_of(acting_user)
    round_ = Round.objects.create(
        org_unit=unit,
        title=title,
        form=form,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=author,
    )
    cases = persons_in_scope(unit, form.questionnaire.categories, timezone.localdate())
    for case in cases:
        case.round = round_
        case.created_by = author
    Case.objects.bulk_create(cases, batch_size=BATCH)
    return round_


def _round_status(acting_user: Actor, round_: Round, version: int | None, status: str) -> Round:
    require_runner(acting_user, round_.org_unit)
    current = Round.objects.select_for_update().get(pk=round_.pk)
    if version is not None:
        refuse_stale(
            current,
            version,
            message=_("Someone else changed this round after you opened it (%(fields)s)."),
            fields=["status", "title", "ends_on"],
            nothing_named=_("the round"),
        )
    if current.status == status:
        return current
    current.status = status
    current.closed_at = timezone.now() if status == RoundStatus.CLOSED else None
    bump(current)
    current.save()
    return current


@transaction.atomic
def round_close(*, acting_user: Actor, round_: Round, version: int | None = None) -> Round:
    """Close the round: its cases can no longer be answered or changed."""
    return _round_status(acting_user, round_, version, RoundStatus.CLOSED)


@transaction.atomic
def round_reopen(*, acting_user: Actor, round_: Round, version: int | None = None) -> Round:
    """Open a closed round again."""
    return _round_status(acting_user, round_, version, RoundStatus.OPEN)


def require_open(round_: Round) -> None:
    if round_.status != RoundStatus.OPEN:
        raise ValidationFailed(_("The round is closed; reopen it first."), field="round")


def _cases_of(acting_user: Actor, round_: Round, case_ids: Iterable[int]) -> list[Case]:
    ids = sorted(set(case_ids))
    if not ids:
        raise ValidationFailed(_("Tick at least one person."), field="case_ids")
    if len(ids) > ASSIGN_MAX:
        raise ValidationFailed(
            _("Assign at most %(count)s persons at a time.") % {"count": ASSIGN_MAX},
            field="case_ids",
        )
    cases = list(
        Case.objects.select_for_update(of=("self",))
        .filter(round=round_, pk__in=ids)
        .select_related("org_unit")
        .order_by("pk")
    )
    if len(cases) != len(ids):
        raise ValidationFailed(_("Some ticked persons are not in this round."), field="case_ids")
    for case in cases:
        require_runner(acting_user, case.org_unit)
    return cases


def _bulk_set(
    acting_user: Actor, round_: Round, cases: list[Case], assignee: User | None, action: str
) -> int:
    changed = [c for c in cases if c.assigned_to_id != (assignee.pk if assignee else None)]

    def change(case: Case) -> None:
        case.assigned_to = assignee
        case.version += 1

    log_updates(changed, change, actor=account_of(acting_user))
    Case.objects.filter(pk__in=[c.pk for c in changed]).update(
        assigned_to=assignee, version=F("version") + 1
    )
    access_log(
        user=account_of(acting_user),
        action=AuditAction.SURVEY_CASE,
        obj=round_,
        detail={
            "action": action,
            "cases": [c.pk for c in changed],
            "assignee": assignee.pk if assignee else None,
        },
    )
    return len(changed)


@transaction.atomic
def cases_assign(
    *, acting_user: Actor, round_: Round, case_ids: Iterable[int], assignee: User
) -> int:
    """Give the round's cases ``case_ids`` to ``assignee``; return how many changed.

    The acting user runs each case's unit; the assignee holds a data role over it."""
    require_open(round_)
    cases = _cases_of(acting_user, round_, case_ids)
    if not assignee.is_active:
        raise ValidationFailed(_("This account is not active."), field="assignee")
    for case in cases:
        if not scoping.holds_role_over(assignee, case.org_unit, ASSIGNEES):
            raise ValidationFailed(
                _("%(user)s holds no role over %(unit)s, where %(name)s is.")
                % {"user": assignee.full_name, "unit": case.org_unit.name, "name": case.name},
                field="assignee",
            )
    return _bulk_set(acting_user, round_, cases, assignee, "assign")


@transaction.atomic
def cases_unassign(*, acting_user: Actor, round_: Round, case_ids: Iterable[int]) -> int:
    """Take the round's cases ``case_ids`` back from whoever has them."""
    require_open(round_)
    cases = _cases_of(acting_user, round_, case_ids)
    return _bulk_set(acting_user, round_, cases, None, "unassign")


def _locked_case(acting_user: Actor, case: Case, version: int | None) -> Case:
    current = Case.objects.select_for_update().select_related("round", "org_unit").get(pk=case.pk)
    require_open(current.round)
    actor = require_actor(acting_user)
    if isinstance(actor, User) and not can_fill(actor, current):
        raise PermissionRefused(_("Only the helper given this person or a worker may change it."))
    if version is not None:
        refuse_stale(
            current,
            version,
            message=_(
                "Someone else changed this person's survey after you opened it (%(fields)s)."
            ),
            fields=["status", "unreachable_reason", "assigned_to"],
            nothing_named=_("the survey"),
        )
    return current


def _save_state(acting_user: Actor, case: Case, action: str) -> Case:
    bump(case)
    case.save()
    access_log(
        user=account_of(acting_user),
        action=AuditAction.SURVEY_CASE,
        obj=case,
        detail={"action": action, "status": case.status, "reason": case.unreachable_reason},
    )
    return case


@transaction.atomic
def case_unreachable(
    *, acting_user: Actor, case: Case, reason: str, version: int | None = None
) -> Case:
    """Record that the person could not be reached, with the reason (required)."""
    reason = fits(reason.strip(), Case, "unreachable_reason", field="reason")
    if not reason:
        raise ValidationFailed(_("Say why the person could not be reached."), field="reason")
    current = _locked_case(acting_user, case, version)
    if current.status == CaseStatus.DONE:
        raise ValidationFailed(_("This person has answered already."), field="reason")
    current.status = CaseStatus.UNREACHABLE
    current.unreachable_reason = reason
    return _save_state(acting_user, current, "unreachable")


@transaction.atomic
def case_pending(*, acting_user: Actor, case: Case, version: int | None = None) -> Case:
    """Put a case that could not be reached back to pending."""
    current = _locked_case(acting_user, case, version)
    if current.status != CaseStatus.UNREACHABLE:
        raise ValidationFailed(_("Only a person not reached can be put back."), field="status")
    current.status = CaseStatus.PENDING
    current.unreachable_reason = ""
    return _save_state(acting_user, current, "pending")
