"""Who sees which letters-home rounds, and who opens them, marks letters and sees scans.

A round and its letters are of the roster: the roster roles (leader, worker, viewer) read
the rounds of their subtrees, and the letters of the children they read on the roster;
leaders and workers of a unit containing the round's unit open, close and mark. A letter
is a child's private word to their parents: its scans are served only to those who read
the child on the roster — never to a volunteer or a helper through a pairing, never to the
admin roles. Anything outside a user's scope is ``Http404``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor, AnyUser
from guanai.activities.models.letters import Letter, LetterRound, LetterScan
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit

LETTER_READERS = scoping.ROSTER_ROLES


def can_open_letters(user: AnyUser) -> bool:
    return user.is_authenticated and scoping.has_role(user, *LETTER_READERS)


def rounds_visible(user: AnyUser) -> QuerySet[LetterRound]:
    """Return the rounds of the user's roster subtrees."""
    return LetterRound.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
    ).select_related("org_unit", "created_by")


def letters_visible(user: AnyUser) -> QuerySet[Letter]:
    """Return the letters of visible rounds whose child the user reads on the roster."""
    return Letter.objects.filter(
        scoping.roster_subtree_q(user, field="round__org_unit__path"),
        scoping.persons_q(user, "person__", roster_only=True),
    )


def access_round(user: AnyUser, pk: int) -> LetterRound:
    """Return a round the user may read, or raise Http404."""
    return get_object_or_404(rounds_visible(user), pk=pk)


def access_letter(user: AnyUser, pk: int) -> Letter:
    """Return a letter the user may read, or raise Http404."""
    return get_object_or_404(letters_visible(user).select_related("round", "person"), pk=pk)


def access_scan(user: AnyUser, pk: int) -> LetterScan:
    """Return the scan of a letter the user may read, or raise Http404."""
    return get_object_or_404(
        LetterScan.objects.filter(letter__in=letters_visible(user)).select_related(
            "letter__person"
        ),
        pk=pk,
    )


def round_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units for which the user may open a round."""
    return scoping.roster_edit_units(user)


def can_manage_round(user: Actor, unit: OrgUnit) -> bool:
    """Leaders and workers of a unit containing ``unit`` open, close and mark its rounds."""
    return scoping.acts_over(user, unit, scoping.ROSTER_EDITORS)


def require_manage(user: Actor, unit: OrgUnit) -> None:
    if not can_manage_round(user, unit):
        raise PermissionRefused(
            _("Only a leader or worker of this unit may change its letters-home rounds.")
        )
