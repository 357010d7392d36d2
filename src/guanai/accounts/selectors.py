"""Reads for the account pages, already limited by ``scoping``."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import Membership, MembershipStatus, User
from guanai.orgs.models import KIND_RANK, OrgKind, OrgUnit


def lockouts_visible(user: User) -> list[AccessAttempt]:
    """Return the current lockouts of accounts in the security admin's scope."""
    names = scoping.users_visible(user).values_list("username", flat=True)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return list(
        AccessAttempt.objects.filter(
            username__in=names,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).order_by("-attempt_time")
    )


def memberships_with_paths(user: User) -> list[tuple[Membership, list[OrgUnit]]]:
    """Return each membership with its unit's path from the root (one query for all)."""
    memberships = scoping.memberships(user)
    paths = {p for m in memberships for p in m.org_unit.ancestor_paths()}
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=paths)}
    return [
        (m, [by_path[p] for p in m.org_unit.ancestor_paths() if p in by_path]) for m in memberships
    ]


def memberships_awaiting_own(user: User) -> list[Membership]:
    """Return the user's own roles still waiting for a second person's approval."""
    return list(
        Membership.objects.filter(user=user, status=MembershipStatus.PENDING)
        .select_related("org_unit")
        .order_by("org_unit__path", "role")
    )


def unit_counts_by_kind(user: User) -> list[tuple[str, int]]:
    """Return (kind label, number of units) in the user's subtrees, in hierarchy order."""
    labels = dict(OrgKind.choices)
    counts = scoping.org_units_visible(user).values("kind").annotate(n=Count("pk")).order_by()
    return [
        (str(labels[row["kind"]]), row["n"])
        for row in sorted(counts, key=lambda row: KIND_RANK[row["kind"]])
    ]
