"""Who reads and does what with supervision visits and their rectifications (督查整改).

* A visit is read by the roster roles (leader, worker, viewer) of the supervising unit and
  the units above it, and of the unit visited and the units above it (``governance.access``).
* A rectification is read by those who read its visit, and by the roster roles of the unit
  required to rectify (a village below the township visited) and above.
* A leader or worker of a unit (or above) records its visits to the units strictly below it,
  and accepts or sends back the rectifications they required; a leader or worker of the
  unit to rectify (or above) reports what it did.

Anything outside the user's scope is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.errors import PermissionRefused
from guanai.governance.access import MANAGERS, can_manage, own_q
from guanai.governance.models import Rectification, RectificationPhoto, Visit
from guanai.orgs.models import OrgUnit


def visits_visible(user: AnyUser) -> QuerySet[Visit]:
    """Return the visits made by the user's units (or below) and those they received."""
    return Visit.objects.filter(
        own_q(user, "org_unit__path") | own_q(user, "inspected__path")
    ).select_related("org_unit", "inspected", "recorded_by")


def access_visit(user: AnyUser, pk: int) -> Visit:
    """Return a visit the user reads, or raise Http404."""
    return get_object_or_404(visits_visible(user), pk=pk)


def rectifications_visible(user: AnyUser) -> QuerySet[Rectification]:
    """Return the rectifications of the visits the user reads and those required of the
    user's units (or below)."""
    return Rectification.objects.filter(
        own_q(user, "visit__org_unit__path")
        | own_q(user, "visit__inspected__path")
        | own_q(user, "org_unit__path")
    ).select_related("visit__org_unit", "visit__inspected", "org_unit")


def access_rectification(user: AnyUser, pk: int) -> Rectification:
    """Return a rectification the user reads, or raise Http404."""
    return get_object_or_404(rectifications_visible(user), pk=pk)


def access_photo(user: AnyUser, pk: int) -> RectificationPhoto:
    """Return a report's photo whose rectification the user reads, or raise Http404."""
    photo = get_object_or_404(RectificationPhoto.objects.select_related("report"), pk=pk)
    access_rectification(user, photo.report.rectification_id)
    return photo


def access_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit whose records the user reads (roster roles), or raise Http404."""
    return get_object_or_404(OrgUnit.objects.filter(own_q(user, "path")), pk=pk)


def office_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units the user records visits for (leader or worker there)."""
    return scoping.units_for(user, MANAGERS)


def can_record(user: AnyUser) -> bool:
    return bool(office_units(user))


def can_report(user: Actor, rectification: Rectification) -> bool:
    """Return whether the user reports for the unit to rectify (leader or worker, or above)."""
    return can_manage(user, rectification.org_unit)


def require_report(user: Actor, rectification: Rectification) -> None:
    if not can_report(user, rectification):
        raise PermissionRefused(
            _("Only a leader or worker of the unit to rectify (or above) reports on it.")
        )


def can_decide(user: Actor, rectification: Rectification) -> bool:
    """Return whether the user accepts or sends back: the office that visited, or above."""
    return can_manage(user, rectification.visit.org_unit)


def require_decide(user: Actor, rectification: Rectification) -> None:
    if not can_decide(user, rectification):
        raise PermissionRefused(
            _("Only a leader or worker of the supervising unit accepts or sends back a report.")
        )
