"""Risk levels (风险等级) as child-protection case management keeps them.

Anyone who may care for a person proposes a level with a reason; a leader of a unit
containing the person's unit confirms it, which makes it the one in force (``current``),
or rejects it. Every proposal stays in the history.

Until the model has a decision field of its own, a rejection is stored as an assessment
with ``confirmed_by`` set and ``confirmed_at`` empty; ``assessment_state`` reads it.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import Actor, AnyUser
from guanai.care import permissions
from guanai.care.models import RiskAssessment, RiskDecision, RiskLevel
from guanai.core.actors import SystemActor, account_of, require_actor
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.text import fits
from guanai.registry.models import Person

# Where a proposal comes from: a person ("") or an early warning.
SOURCES = frozenset({"", "warning"})


class AssessmentState(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    AssessmentState.PENDING: gettext_lazy("Waiting for a leader"),
    AssessmentState.CURRENT: gettext_lazy("In force"),
    AssessmentState.SUPERSEDED: gettext_lazy("Replaced"),
    AssessmentState.REJECTED: gettext_lazy("Not confirmed"),
}


def assessment_state(assessment: RiskAssessment) -> AssessmentState:
    if assessment.current:
        return AssessmentState.CURRENT
    if assessment.decision == RiskDecision.REJECTED:
        return AssessmentState.REJECTED
    if assessment.decision == RiskDecision.CONFIRMED:
        return AssessmentState.SUPERSEDED
    return AssessmentState.PENDING


@transaction.atomic
def risk_propose(
    *,
    acting_user: Actor,
    person: Person,
    level: str,
    reason: str,
    source: str = "",
) -> RiskAssessment:
    """Propose a risk level for a person; a leader confirms it before it is in force.

    ``acting_user`` is ``SYSTEM`` for an early warning (with ``source="warning"``); no
    actor at all (``None``) is refused.
    """
    require_actor(acting_user)
    if not isinstance(acting_user, SystemActor):
        permissions.require_can_care_for(acting_user, person)
    if level not in RiskLevel.values:
        raise ValidationFailed(_("Choose a risk level."), field="level")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Say why this risk level fits."), field="reason")
    fits(reason, RiskAssessment, "reason")
    if source not in SOURCES:
        raise ValueError(f"unknown source of a risk proposal: {source!r}")
    return RiskAssessment.objects.create(
        person=person, level=level, reason=reason, source=source, set_by=account_of(acting_user)
    )


@transaction.atomic
def risk_decide(*, acting_user: User, assessment: RiskAssessment, confirm: bool) -> RiskAssessment:
    """Confirm a proposed level (it replaces the one in force) or reject it.

    Only a leader of a unit containing the person's unit decides; a decided proposal
    cannot be decided again.
    """
    current = (
        RiskAssessment.objects.select_for_update(of=("self",))
        .select_related("person__org_unit")
        .get(pk=assessment.pk)
    )
    if not permissions.is_leader_of(acting_user, current.person.org_unit):
        raise PermissionRefused(_("Only a leader of the person's unit may confirm a risk level."))
    if assessment_state(current) != AssessmentState.PENDING:
        raise ValidationFailed(_("This risk level was decided already."))
    current.confirmed_by = acting_user
    current.confirmed_at = timezone.now()
    current.decision = RiskDecision.CONFIRMED if confirm else RiskDecision.REJECTED
    if confirm:
        RiskAssessment.objects.filter(person_id=current.person_id, current=True).update(
            current=False
        )
        current.current = True
    current.save()
    return current


def risk_history(person: Person) -> QuerySet[RiskAssessment]:
    """Return every assessment of the person, newest first, with who set and decided it."""
    return (
        RiskAssessment.objects.filter(person=person)
        .select_related("set_by", "confirmed_by")
        .order_by("-set_at", "-pk")
    )


def current_risk(person: Person) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(person=person).filter(current=True).first()


def assessments_visible(user: AnyUser) -> QuerySet[RiskAssessment]:
    """Return the assessments of the persons the user may read."""
    return RiskAssessment.objects.filter(scoping.persons_q(user, "person__")).select_related(
        "person__org_unit"
    )


def access_assessment(user: AnyUser, pk: int) -> RiskAssessment:
    """Return an assessment of a person the user may read, else raise Http404."""
    return get_object_or_404(assessments_visible(user), pk=pk)


def can_decide(user: AnyUser, person: Person) -> bool:
    return permissions.is_leader_of(user, person.org_unit)
