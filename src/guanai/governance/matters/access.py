"""Who reads and who works a practical matter (实事).

A unit's list is its public commitment (``governance.access``): the leaders, workers,
viewers and helpers of the unit and of the units below read it, and so do those of the
units above; a township reads its county's list. Outside that, a matter and its photos
are 404.

* A leader or worker of the list's unit (or above) writes the list: adds and edits
  matters, drops one with a reason (``can_edit``).
* The list's managers, the managers of the responsible unit (责任单位, a unit below that
  carries it out) and the responsible person report progress and mark a matter done
  (``can_report``).
* A leader of the list's unit (or above) reopens a matter done or dropped (``can_reopen``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.actors import SystemActor
from guanai.core.errors import PermissionRefused
from guanai.governance import access
from guanai.governance.models import MatterPhoto, PracticalMatter
from guanai.orgs.models import OrgUnit


def matters_visible(user: AnyUser) -> QuerySet[PracticalMatter]:
    """Return the practical matters the user reads."""
    return PracticalMatter.objects.filter(access.read_q(user))


def units_readable(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units whose list the user reads (the list page's chooser)."""
    return OrgUnit.objects.filter(access.read_q(user, field="path"), is_active=True)


def access_matter(user: AnyUser, pk: int) -> PracticalMatter:
    """Return the matter if the user reads it, else raise Http404."""
    return get_object_or_404(
        matters_visible(user).select_related("org_unit", "lead_unit", "owner"), pk=pk
    )


def access_photo(user: AnyUser, pk: int) -> MatterPhoto:
    """Return a photo of an update of a matter the user reads, else raise Http404."""
    return get_object_or_404(
        MatterPhoto.objects.filter(access.read_q(user, field="update__matter__org_unit__path")),
        pk=pk,
    )


def can_edit(user: Actor, unit: OrgUnit) -> bool:
    return access.can_manage(user, unit)


def require_edit(user: Actor, unit: OrgUnit) -> None:
    access.require_manage(user, unit)


def can_report(user: Actor, matter: PracticalMatter) -> bool:
    if isinstance(user, SystemActor):
        return True
    return (
        access.can_manage(user, matter.org_unit)
        or access.can_manage(user, matter.lead_unit)
        or (matter.owner_id is not None and matter.owner_id == user.pk)
    )


def require_report(user: Actor, matter: PracticalMatter) -> None:
    if not can_report(user, matter):
        raise PermissionRefused(
            _("Only the responsible person or a leader or worker of the unit may do this.")
        )


def can_reopen(user: Actor, matter: PracticalMatter) -> bool:
    return access.can_lead(user, matter.org_unit)


def require_reopen(user: Actor, matter: PracticalMatter) -> None:
    access.require_lead(user, matter.org_unit)
