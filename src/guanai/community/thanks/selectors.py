"""The facts an acknowledgement list is built from, read in a fixed number of queries.

A visit's donations (the engine's docstring says why): those recorded as received on the
visit; those received by the host unit for itself or one of its needs, not of a campaign,
dated on a day of the visit (from the local day it starts to the local day it ends, so a
visit past midnight keeps both); and the earlier ones of the same kind the clerk ticked.
A campaign's: its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from guanai.community.models import Acknowledgement, VisitRole, VolunteerVisit
from guanai.community.models.giving import Campaign, Destination, Donation
from guanai.community.thanks import engine

# The earlier donations offered to tick: those of the two years before the visit.
EARLIER_OFFERED = timedelta(days=731)


def visit_days(visit: VolunteerVisit) -> tuple[date, date]:
    """Return the first and last local day of the visit."""
    event = visit.event
    first = timezone.localdate(event.starts_at)
    last = timezone.localdate(event.ends_at) if event.ends_at else first
    return first, max(first, last)


def _host_donations(visit: VolunteerVisit) -> QuerySet[Donation]:
    return Donation.objects.filter(
        org_unit_id=visit.event.org_unit_id,
        destination__in=[Destination.UNIT, Destination.NEED],
        campaign__isnull=True,
    )


def earlier_offered(visit: VolunteerVisit) -> QuerySet[Donation]:
    """Return the host unit's donations of the two years before the visit, which may be
    thanked too (往期捐赠), the latest first."""
    first, _last = visit_days(visit)
    return (
        _host_donations(visit)
        .filter(on__lt=first, on__gte=first - EARLIER_OFFERED)
        .order_by("-on", "-pk")
    )


def earlier_chosen(visit: VolunteerVisit, ids: Iterable[int]) -> list[int]:
    """Return those of ``ids`` that are earlier donations of the host unit (one query)."""
    first, _last = visit_days(visit)
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(
        _host_donations(visit)
        .filter(on__lt=first, pk__in=wanted)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def gift_of(donation: Donation) -> engine.Gift:
    return engine.Gift(
        donor_kind=donation.donor_kind,
        donor_name=donation.donor_name,
        kind=donation.kind,
        amount=donation.amount,
        item=donation.item,
        quantity=donation.quantity,
        measure=donation.measure,
    )


def visit_facts(
    visit: VolunteerVisit, earlier: Sequence[int] = ()
) -> tuple[list[engine.RoleHolder], list[engine.Gift]]:
    """Return the visit's roles and donations as the engine takes them (two queries)."""
    roles = [
        engine.RoleHolder(role=r.role, name=r.volunteer.name)
        for r in VisitRole.objects.filter(visit=visit).select_related("volunteer")
    ]
    first, last = visit_days(visit)
    on_the_day = _host_donations(visit).filter(on__gte=first, on__lte=last)
    donations = (
        on_the_day
        | _host_donations(visit).filter(on__lt=first, pk__in=list(earlier))
        | Donation.objects.filter(visit=visit)
    )
    return roles, [gift_of(d) for d in donations.order_by("on", "pk")]


def campaign_facts(campaign: Campaign) -> list[engine.Gift]:
    return [gift_of(d) for d in campaign.donations.order_by("on", "pk")]


def lines_of(acknowledgement: Acknowledgement) -> list[engine.Line]:
    """Return the saved lines (their JSON read back)."""
    return [
        engine.Line(str(row.get("group", "")), str(row.get("text", "")))
        for row in acknowledgement.lines
        if isinstance(row, dict)
    ]


def groups_of(acknowledgement: Acknowledgement) -> list[engine.Group]:
    return engine.grouped(
        lines_of(acknowledgement), campaign=acknowledgement.campaign_id is not None
    )


def chat_text_of(acknowledgement: Acknowledgement) -> str:
    return engine.chat_text(
        acknowledgement.title, groups_of(acknowledgement), acknowledgement.closing
    )


def group_keys(acknowledgement: Acknowledgement) -> tuple[str, ...]:
    """Return the groups a line of the list may be in."""
    return engine.CAMPAIGN_GROUPS if acknowledgement.campaign_id else engine.GROUPS


def acknowledgements_list(queryset: QuerySet[Acknowledgement]) -> QuerySet[Acknowledgement]:
    return queryset.order_by("-generated_at", "-pk")
