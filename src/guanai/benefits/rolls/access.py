"""Who sees which payment rolls, and who may change, submit, return and approve them.

Rolls are benefits data: only the roster roles see them (leader, worker, viewer of a unit
containing the roll's unit); helpers, volunteers and the admin roles see none, and a roll
outside a user's scope is ``Http404``. Leaders and workers generate, adjust and submit;
only a leader approves or returns. A command run by the operator (``guanai demo``) acts
as ``SYSTEM``, which the permission checks let through; no actor at all is refused.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import Actor, AnyUser
from guanai.benefits.models import PaymentRoll, RollStatus
from guanai.core import locking
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgUnit


def rolls_visible(user: AnyUser) -> QuerySet[PaymentRoll]:
    """Return the rolls of units inside the user's roster subtrees, newest month first."""
    return PaymentRoll.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
    ).select_related("org_unit", "generated_by", "submitted_by", "approved_by")


def access_roll(user: AnyUser, pk: int) -> PaymentRoll:
    """Return a roll the user may read, or raise Http404."""
    return get_object_or_404(rolls_visible(user), pk=pk)


def can_edit_rolls(user: Actor, unit: OrgUnit) -> bool:
    """Leaders and workers of a unit containing ``unit`` generate, adjust and submit."""
    return scoping.acts_over(user, unit, scoping.ROSTER_EDITORS)


def can_approve_rolls(user: Actor, unit: OrgUnit) -> bool:
    """Only a leader of a unit containing ``unit`` approves or returns its rolls."""
    return scoping.acts_over(user, unit, {Role.LEADER})


def require_edit(user: Actor, unit: OrgUnit) -> None:
    if not can_edit_rolls(user, unit):
        raise PermissionRefused(_("Only a leader or worker of this unit may prepare its rolls."))


def require_approve(user: Actor, unit: OrgUnit) -> None:
    if not can_approve_rolls(user, unit):
        raise PermissionRefused(_("Only a leader of this unit may approve or return its rolls."))


def refuse_locked(roll: PaymentRoll) -> None:
    """Refuse any change to an approved roll: it is paid as approved (issue 5)."""
    if roll.locked:
        raise ValidationFailed(
            _(
                "This roll was approved and is locked; a correction goes into a later "
                "month's roll as an adjusting entry."
            )
        )


def refuse_stale(roll: PaymentRoll, version: int) -> None:
    """Refuse a change to a roll from a page opened at an older ``version``."""
    locking.refuse_stale(
        roll,
        version,
        message=_(
            "Someone changed this roll after you opened it. Reload it and check it "
            "again before you go on."
        ),
    )


def lock_roll(roll: PaymentRoll) -> PaymentRoll:
    """Return the roll read again under a row lock (inside the caller's transaction)."""
    return PaymentRoll.objects.select_for_update().select_related("org_unit").get(pk=roll.pk)


def require_draft(roll: PaymentRoll) -> None:
    refuse_locked(roll)
    if roll.status == RollStatus.SUBMITTED:
        raise ValidationFailed(
            _(
                "This roll is waiting for approval; a leader must return it before it "
                "can be changed."
            )
        )
