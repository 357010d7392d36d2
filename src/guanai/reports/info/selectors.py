"""Lists of information reports: the unit's own and those to review, the published
ones, and the timeliness of the units below a unit per month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.months import month_bounds
from guanai.orgs.models import PATH_STEP, OrgUnit
from guanai.reports.info.access import published_q
from guanai.reports.models import InfoKind, InfoReport, InfoStatus


def published_visible(user: User, *, kind: str | None = None) -> QuerySet[InfoReport]:
    """Return the published items the user reads, newest first; only reports or only
    stories if ``kind`` names one (anything else is ignored)."""
    found = (
        InfoReport.objects.filter(published_q(user))
        .select_related("org_unit", "published_unit")
        .annotate(photo_count=Count("photos"))
        .order_by("-published_at", "-pk")
    )
    return found.filter(kind=kind) if kind in InfoKind.values else found


def unit_reports(
    user: User, *, status: str | None = None, kind: str | None = None
) -> QuerySet[InfoReport]:
    """Return the items of the user's roster subtrees: their own and those to review;
    only those of ``status`` or ``kind`` if they name one (anything else is ignored)."""
    found = (
        InfoReport.objects.filter(scoping.roster_subtree_q(user, field="org_unit__path"))
        .select_related("org_unit")
        .annotate(photo_count=Count("photos"))
        .order_by("-first_submitted_at", "-pk")
    )
    if status in InfoStatus.values:
        found = found.filter(status=status)
    if kind in InfoKind.values:
        found = found.filter(kind=kind)
    return found


@dataclass(frozen=True)
class TimelinessRow:
    unit: OrgUnit
    submitted: int
    published: int
    timely: int

    @property
    def timely_percent(self) -> int | None:
        return round(100 * self.timely / self.submitted) if self.submitted else None


def timeliness_of(parent: OrgUnit, month: dt.date) -> list[TimelinessRow]:
    """Count, per sub-unit of ``parent`` (its whole subtree), the items first submitted in
    the month: submitted, published, timely (2 queries)."""
    children = list(OrgUnit.objects.filter(parent=parent, is_active=True).order_by("path"))
    start, end = month_bounds(month)
    low, high = parent.subtree_bounds()
    width = len(parent.path) + PATH_STEP
    counts = (
        InfoReport.objects.filter(
            org_unit__path__gte=low,
            org_unit__path__lt=high,
            org_unit__depth__gt=parent.depth,
            first_submitted_at__gte=start,
            first_submitted_at__lt=end,
        )
        .annotate(branch=Substr("org_unit__path", 1, width))
        .values("branch")
        .annotate(
            submitted=Count("pk"),
            published=Count("pk", filter=Q(status=InfoStatus.PUBLISHED)),
            timely=Count("pk", filter=Q(timely=True)),
        )
        .order_by()
    )
    by_branch = {row["branch"]: row for row in counts}
    rows = []
    for child in children:
        row = by_branch.get(child.path, {})
        rows.append(
            TimelinessRow(
                unit=child,
                submitted=row.get("submitted", 0),
                published=row.get("published", 0),
                timely=row.get("timely", 0),
            )
        )
    return rows
