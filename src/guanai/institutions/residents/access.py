"""Who reads an institution's residents: those who read the institution
(``register.access``); who changes them: those who change it. A resident of an institution
outside the user's scope is 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.institutions.models import Resident


def residents_visible(user: AnyUser) -> QuerySet[Resident]:
    """Return the residents and applications of the institutions in the user's roster
    subtrees."""
    return Resident.objects.filter(
        scoping.roster_subtree_q(user, field="institution__org_unit__path")
    ).select_related("institution", "institution__org_unit", "person")


def access_resident(user: AnyUser, pk: int) -> Resident:
    """Return resident ``pk`` if the user may read them, or raise Http404."""
    return get_object_or_404(residents_visible(user), pk=pk)


def resident_read(user: AnyUser, pk: int, *, request: HttpRequest | None = None) -> Resident:
    """Return resident ``pk`` if the user may read them (else Http404), recording the read
    of the person's file in the access log as the person page does."""
    resident = access_resident(user, pk)
    access_log(
        user=user,
        action=AuditAction.READ,
        obj=resident.person,
        request=request,
        detail={"page": "resident", "resident": resident.pk},
    )
    return resident
