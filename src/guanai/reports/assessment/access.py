"""Who reads and writes which score sheets.

The staff of a unit read the sheets of their subtree, and the finalised sheets of the
units above them (as they read published bulletins); any other sheet is ``Http404``.
Leaders and workers edit a draft's items and manual scores; only a leader finalises.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit
from guanai.reports import monthly
from guanai.reports.models import AssessmentItem, AssessmentSheet, SheetStatus


def sheets_visible(user: User) -> QuerySet[AssessmentSheet]:
    """Return the sheets of the user's subtrees, and finalised ones of units above."""
    return AssessmentSheet.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
        | (scoping.sent_down_q(user) & Q(status=SheetStatus.FINALISED))
    ).select_related("org_unit")


def access_sheet(user: User, pk: int) -> AssessmentSheet:
    """Return a sheet the user may read, or raise Http404."""
    sheet = sheets_visible(user).filter(pk=pk).first()
    if sheet is None:
        raise Http404
    return sheet


def access_item(sheet: AssessmentSheet, pk: int) -> AssessmentItem:
    """Return an item of ``sheet`` (read through ``access_sheet``), or raise Http404."""
    item = AssessmentItem.objects.filter(sheet=sheet, pk=pk).first()
    if item is None:
        raise Http404
    item.sheet = sheet
    return item


def can_edit(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above) edit its items and manual scores."""
    return monthly.can_fill(user, unit)


def can_finalise(user: User, unit: OrgUnit) -> bool:
    """Only a leader of the unit (or above) finalises its sheet."""
    return scoping.holds_role_over(user, unit, [Role.LEADER])


def require_edit(acting_user: User, unit: OrgUnit) -> None:
    if not can_edit(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit edit its score sheet."))


def require_finalise(acting_user: User, unit: OrgUnit) -> None:
    if not can_finalise(acting_user, unit):
        raise PermissionRefused(_("Only a leader of this unit finalises its score sheet."))
