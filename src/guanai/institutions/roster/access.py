"""Who reads and changes an institution's staff: those who read and change the institution
(``register.access``). A staff member of an institution outside the user's scope is 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.institutions.models import Staff


def staff_visible(user: AnyUser) -> QuerySet[Staff]:
    """Return the staff of the institutions in the user's roster subtrees."""
    return Staff.objects.filter(
        scoping.roster_subtree_q(user, field="institution__org_unit__path")
    ).select_related("institution", "institution__org_unit")


def access_staff(user: AnyUser, pk: int) -> Staff:
    """Return staff member ``pk`` if the user may read them, or raise Http404."""
    return get_object_or_404(staff_visible(user), pk=pk)
