"""Who sees which institutions, and who changes them.

The roster roles (leader, worker, viewer) read the institutions in their subtrees: a county
leader those of the county, an institution's own staff accounts their institution only
(``accounts.scoping``). Leaders and workers over an institution change its profile, roster
and evidence; viewers read. Other roles open no institution page (403); an institution
outside a user's subtrees is ``Http404``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.errors import PermissionRefused
from guanai.institutions.models import Institution
from guanai.orgs.models import OrgKind, OrgUnit

READERS = scoping.ROSTER_ROLES
EDITORS = scoping.ROSTER_EDITORS


def can_open_institutions(user: AnyUser) -> bool:
    """The roster roles open the institutions pages (their subtrees may hold none)."""
    return user.is_authenticated and scoping.has_role(user, *READERS)


def require_reader(user: AnyUser) -> None:
    if not can_open_institutions(user):
        raise PermissionRefused(_("Care institutions are read by the roster roles."))


def institution_units_visible(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units of kind care institution in the user's roster subtrees, with their
    profile (``institution``, absent until entered)."""
    return OrgUnit.objects.filter(
        scoping.roster_subtree_q(user, field="path"), kind=OrgKind.INSTITUTION
    ).select_related("institution", "parent")


def access_institution_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return the institution unit ``pk`` if the user may read it, or raise Http404."""
    return get_object_or_404(institution_units_visible(user), pk=pk)


def institutions_visible(user: AnyUser) -> QuerySet[Institution]:
    """Return the institution profiles in the user's roster subtrees."""
    return Institution.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
    ).select_related("org_unit", "org_unit__parent")


def access_institution(user: AnyUser, pk: int) -> Institution:
    """Return the profile of institution ``pk`` if the user may read it, or raise Http404."""
    return get_object_or_404(institutions_visible(user), pk=pk)


def can_edit(user: Actor, unit: OrgUnit) -> bool:
    """Leaders and workers of the institution, or of a unit above it, change it."""
    return scoping.acts_over(user, unit, EDITORS)


def require_edit(user: Actor, unit: OrgUnit) -> None:
    if not can_edit(user, unit):
        raise PermissionRefused(
            _("Only a leader or worker of the institution, or of a unit above it, may change it.")
        )
