"""Reading visits and rectifications, scoped (``access``), in a fixed number of queries.

``visits_search`` lists the visits the user reads (made by their units or received),
filtered by unit and year, each with its findings counted: open and overdue today.
``visit_detail`` and ``rectification_detail`` read one with everything its page shows.
``overdue_on`` lists the rectifications of a subtree overdue on a past or present day, for
the monthly bulletin: the status each had that day is read back from its reports (sent on
or before the day, decided on or before it), and the rule of ``timing`` applied to it, so
that a bulletin published in November still shows what was overdue when it was published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from guanai.accounts.scoping import AnyUser
from guanai.governance.models import (
    Rectification,
    RectificationPhoto,
    RectificationReport,
    RectificationStatus,
    ReportDecision,
    Visit,
    VisitCheck,
)
from guanai.governance.supervision import access
from guanai.governance.supervision.timing import is_overdue, overdue_q
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q


def days_overdue(rectification: Rectification, today: date) -> int | None:
    """Return how many days past its deadline the rectification is, or None if it is not
    overdue (``timing``)."""
    if not is_overdue(rectification.status, rectification.deadline, today):
        return None
    return (today - rectification.deadline).days


def visits_search(
    user: AnyUser, today: date, *, unit: OrgUnit | None = None, year: int | None = None
) -> QuerySet[Visit]:
    """Return the visits the user reads, the latest first, with their findings counted
    (``findings``, ``open_count``, ``overdue_count``); ``unit``: made or received by a unit
    of its subtree."""
    rows = access.visits_visible(user)
    if unit is not None:
        rows = rows.filter(
            subtree_q([unit], field="org_unit__path") | subtree_q([unit], field="inspected__path")
        )
    if year is not None:
        rows = rows.filter(visited_on__year=year)
    return rows.annotate(
        findings=Count("rectifications"),
        open_count=Count(
            "rectifications", filter=~Q(rectifications__status=RectificationStatus.ACCEPTED)
        ),
        overdue_count=Count("rectifications", filter=overdue_q(today, "rectifications__")),
    ).order_by("-visited_on", "-pk")


def visit_detail(user: AnyUser, pk: int) -> Visit:
    """Return a visit the user reads with its checklist and findings (or 404)."""
    visit = access.access_visit(user, pk)
    return (
        Visit.objects.filter(pk=visit.pk)
        .select_related("org_unit", "inspected", "recorded_by")
        .prefetch_related(
            Prefetch("checks", queryset=VisitCheck.objects.order_by("position", "pk")),
            Prefetch(
                "rectifications",
                queryset=Rectification.objects.select_related("org_unit").order_by(
                    "position", "pk"
                ),
            ),
        )
        .get()
    )


def rectification_detail(user: AnyUser, pk: int) -> Rectification:
    """Return a rectification the user reads with its visit and its reports (or 404)."""
    found = access.access_rectification(user, pk)
    reports = RectificationReport.objects.select_related(
        "submitted_by", "decided_by"
    ).prefetch_related(Prefetch("photos", queryset=RectificationPhoto.objects.order_by("pk")))
    return (
        Rectification.objects.filter(pk=found.pk)
        .select_related("visit__org_unit", "visit__inspected", "org_unit", "accepted_by")
        .prefetch_related(Prefetch("reports", queryset=reports.order_by("submitted_at", "pk")))
        .get()
    )


def open_of(units_q: Q) -> QuerySet[Rectification]:
    """Return the rectifications not yet accepted matching ``units_q``, the earliest
    deadline first."""
    return (
        Rectification.objects.filter(units_q)
        .exclude(status=RectificationStatus.ACCEPTED)
        .select_related("org_unit", "visit__org_unit", "visit__inspected")
        .order_by("deadline", "pk")
    )


@dataclass(frozen=True)
class Overdue:
    """A rectification overdue on a day: the unit, the finding, the deadline, the days."""

    rectification: Rectification
    days: int

    @property
    def unit(self) -> OrgUnit:
        return self.rectification.org_unit


def status_on(rectification: Rectification, reports: list[RectificationReport], day: date) -> str:
    """Return the status ``rectification`` had on ``day``, from its reports sent by then
    (oldest first)."""
    if not reports:
        return RectificationStatus.OPEN
    last = reports[-1]
    decided = last.decided_at is not None and timezone.localdate(last.decided_at) <= day
    if decided and last.decision == ReportDecision.ACCEPTED:
        return RectificationStatus.ACCEPTED
    if decided and last.decision == ReportDecision.RETURNED:
        return RectificationStatus.RETURNED
    return RectificationStatus.REPORTED


def overdue_on(unit: OrgUnit, day: date) -> list[Overdue]:
    """Return the rectifications of ``unit``'s subtree overdue on ``day``, the longest
    overdue first (two queries)."""
    sent = RectificationReport.objects.filter(submitted_on__lte=day).order_by("submitted_at", "pk")
    candidates = (
        Rectification.objects.filter(
            subtree_q([unit], field="org_unit__path"),
            deadline__lt=day,
            visit__visited_on__lte=day,
        )
        .filter(Q(accepted_at__isnull=True) | Q(accepted_at__date__gt=day))
        .select_related("org_unit", "visit")
        .prefetch_related(Prefetch("reports", queryset=sent, to_attr="sent"))
        .order_by("deadline", "org_unit__path", "pk")
    )
    found = []
    for rectification in candidates:
        then = status_on(rectification, rectification.sent, day)
        if is_overdue(then, rectification.deadline, day):
            found.append(Overdue(rectification, (day - rectification.deadline).days))
    return found
