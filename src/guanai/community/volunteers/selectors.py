"""Reads of volunteers and visits, a fixed number of queries each whatever the list's size.

Callers pass objects from ``access``, which has already checked the user's scope. The
yearly hours of a volunteer sum their confirmed shifts that began in that year (local time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from guanai.accounts.scoping import AnyUser
from guanai.activities.models.events import Event
from guanai.community.models import (
    ServiceShift,
    VisitRole,
    VisitRoleKind,
    Volunteer,
    VolunteerVisit,
)
from guanai.community.volunteers.access import groups_read, visits_visible, volunteers_visible
from guanai.orgs.models import OrgUnit


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """Return the first instant of ``year`` and of the next, in the project's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def confirmed_in(year: int, prefix: str = "") -> Q:
    start, end = year_bounds(year)
    return Q(
        **{
            f"{prefix}confirmed_at__isnull": False,
            f"{prefix}in_at__gte": start,
            f"{prefix}in_at__lt": end,
        }
    )


def with_hours(volunteers: QuerySet[Volunteer], year: int) -> QuerySet[Volunteer]:
    """Annotate ``hours_year``: the confirmed hours of shifts begun in ``year``."""
    return volunteers.annotate(
        hours_year=Coalesce(
            Sum("shifts__hours", filter=confirmed_in(year, "shifts__")),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        )
    )


def search_q(search: str) -> Q:
    """Match a name by its characters, full pinyin or initials (张三: 张, zhangsan, zs)."""
    lowered = search.lower().replace(" ", "")
    q = Q(name__contains=search)
    if lowered.isascii() and lowered.isalpha():
        q |= Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
    return q


def volunteers_list(
    user: AnyUser, *, year: int, group: OrgUnit | None = None, search: str = ""
) -> QuerySet[Volunteer]:
    """Return the volunteers the user sees, in name order, each with the year's hours."""
    volunteers = volunteers_visible(user)
    if group is not None:
        volunteers = volunteers.filter(group=group)
    if search:
        volunteers = volunteers.filter(search_q(search))
    return with_hours(volunteers, year).order_by("-is_active", "name_sort", "pk")


def yearly_hours(volunteer: Volunteer, year: int) -> Decimal:
    """Return the volunteer's confirmed hours of ``year``."""
    total = ServiceShift.objects.filter(confirmed_in(year), volunteer=volunteer).aggregate(
        total=Sum("hours")
    )["total"]
    return total or Decimal("0")


def visits_list(user: AnyUser) -> QuerySet[VolunteerVisit]:
    """Return the visits the user sees, latest first, with the number signed up."""
    return (
        visits_visible(user)
        .annotate(signed_count=Count("roles", filter=Q(roles__role=VisitRoleKind.PARTICIPANT)))
        .order_by("-event__starts_at", "-pk")
    )


@dataclass
class RoleGroup:
    kind: str
    label: str
    roles: list[VisitRole]


@dataclass
class VisitSheet:
    """What the visit page shows: roles by kind in plan 四's order, sign-ups, shifts."""

    roles: list[RoleGroup]
    participants: list[VisitRole]
    shifts: dict[int, ServiceShift]

    @property
    def signed(self) -> int:
        return len(self.participants)


def visit_sheet(visit: VolunteerVisit) -> VisitSheet:
    """Return the roles, sign-ups and shifts of a visit (two queries)."""
    rows = list(
        VisitRole.objects.filter(visit=visit)
        .select_related("volunteer")
        .order_by("volunteer__name_sort", "volunteer__pk")
    )
    groups = [
        RoleGroup(kind, str(label), [r for r in rows if r.role == kind])
        for kind, label in VisitRoleKind.choices
        if kind != VisitRoleKind.PARTICIPANT
    ]
    shifts = {
        s.volunteer_id: s
        for s in ServiceShift.objects.filter(visit=visit).select_related("confirmed_by")
    }
    return VisitSheet(
        roles=[g for g in groups if g.roles],
        participants=[r for r in rows if r.role == VisitRoleKind.PARTICIPANT],
        shifts=shifts,
    )


@dataclass(frozen=True)
class VisitSummary:
    """What a report says of a visit's volunteers: the group, how many signed up, how
    many checked in, and the hours of the shifts finished (confirmed or not yet)."""

    group: str
    signed: int
    served: int
    hours: Decimal


def visit_of_event(event: Event) -> VisitSummary | None:
    """Return the volunteers' side of ``event`` if it is a volunteer visit (two queries),
    for the information report written from it (``reports.info.from_event``)."""
    visit = (
        VolunteerVisit.objects.filter(event=event)
        .select_related("group")
        .annotate(signed=Count("roles", filter=Q(roles__role=VisitRoleKind.PARTICIPANT)))
        .first()
    )
    if visit is None:
        return None
    shifts = ServiceShift.objects.filter(visit=visit).aggregate(
        served=Count("pk"), hours=Sum("hours")
    )
    return VisitSummary(
        group=visit.group.name,
        signed=visit.signed,
        served=shifts["served"],
        hours=shifts["hours"] or Decimal("0"),
    )


def volunteers_offered(visit: VolunteerVisit, search: str = "") -> QuerySet[Volunteer]:
    """Return the group's active volunteers not yet signed up for the visit."""
    signed = VisitRole.objects.filter(visit=visit, role=VisitRoleKind.PARTICIPANT).values(
        "volunteer_id"
    )
    volunteers = Volunteer.objects.filter(group=visit.group, is_active=True).exclude(pk__in=signed)
    if search:
        volunteers = volunteers.filter(search_q(search))
    return volunteers.order_by("name_sort", "pk")


def group_volunteers(visit: VolunteerVisit) -> QuerySet[Volunteer]:
    """Return the group's active volunteers (for the roles' drop-down)."""
    return Volunteer.objects.filter(group=visit.group, is_active=True).order_by("name_sort", "pk")


def hours_by_group(user: AnyUser, year: int) -> QuerySet[OrgUnit]:
    """Return the volunteer groups in the user's roster subtrees with, for ``year``: the
    active volunteers (``active``), those who served (``served``) and the confirmed hours
    (``hours``); one query, the groups in tree order (issue 16, point 7)."""
    shifts = ServiceShift.objects.filter(confirmed_in(year), volunteer__group=OuterRef("pk"))
    active = Volunteer.objects.filter(group=OuterRef("pk"), is_active=True)
    return (
        groups_read(user)
        .annotate(
            active=Coalesce(
                Subquery(
                    active.order_by().values("group").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            served=Coalesce(
                Subquery(
                    shifts.order_by()
                    .values("volunteer__group")
                    .annotate(n=Count("volunteer", distinct=True))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            hours=Coalesce(
                Subquery(
                    shifts.order_by()
                    .values("volunteer__group")
                    .annotate(total=Sum("hours"))
                    .values("total"),
                    output_field=DecimalField(max_digits=10, decimal_places=1),
                ),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=10, decimal_places=1),
            ),
        )
        .order_by("path")
    )
