"""The findings someone has to act on, for the "today" page.

A leader or worker gets the open findings of the units they work for, urgent first. A helper
(a class teacher, a village director) gets the open school findings of the children paired
with them — a left-behind child who dropped out is theirs to visit (篇九), though they do not
read the cross-check pages; the task leads to the child's file.
"""

from __future__ import annotations

from django.db.models import QuerySet

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import AnyUser
from guanai.crosscheck.access import WORKERS
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus
from guanai.orgs.selectors import subtree_q

SCHOOL_KINDS = (FindingKind.SCHOOL_DROPPED_OUT, FindingKind.SCHOOL_TRANSFERRED)


def findings_to_work(user: AnyUser) -> QuerySet[Finding]:
    """Return the open findings of the units the user works for (leader or worker)."""
    units = scoping.units_for(user, WORKERS)
    if not units:
        return Finding.objects.none()
    return (
        Finding.objects.filter(subtree_q(units, field="org_unit__path"), status=FindingStatus.OPEN)
        .select_related("org_unit")
        .order_by("-urgent", "found_at", "pk")
    )


def school_findings_of_my_children(user: AnyUser) -> QuerySet[Finding]:
    """Return the open school findings of the persons paired with the user (a helper)."""
    if Role.HELPER not in scoping.roles(user):
        return Finding.objects.none()
    return (
        Finding.objects.filter(
            scoping.paired_persons_q(user, field="person_id"),
            status=FindingStatus.OPEN,
            kind__in=SCHOOL_KINDS,
        )
        .select_related("person", "org_unit")
        .order_by("found_at", "pk")
    )
