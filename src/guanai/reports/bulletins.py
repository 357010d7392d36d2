"""Monthly bulletins (月通报, 篇八 "实行月通报制，重要情况及时通报").

A parent unit's bulletin for a month shows its KPIs, ranks its sub-units, names the late
and missing reports, and carries highlights and text that its staff edit before a leader
publishes it. Published bulletins are read by the units below as well.

The ranking score of a sub-unit is the mean, over the rate KPIs that have a target and a
value, of its attainment (value ÷ target, at most 100 %), so that a unit is not ranked
down for an indicator it has no data for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.text import fits, within
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports import kpis, monthly
from guanai.reports.facts import facts_by_unit
from guanai.reports.models import Bulletin, BulletinStatus, MonthlyReport, ReportStatus


@dataclass(frozen=True)
class Ranked:
    rank: int
    unit: OrgUnit
    score: Decimal | None
    values: dict[str, kpis.KpiValue]
    report: monthly.SubunitRow | None


@dataclass(frozen=True)
class BulletinContent:
    kpis: list[kpis.KpiValue]
    ranking: list[Ranked]
    overview: monthly.Overview

    @property
    def late(self) -> list[monthly.SubunitRow]:
        return [r for r in self.overview.rows if r.timeliness is monthly.Timeliness.LATE]

    @property
    def missing(self) -> list[monthly.SubunitRow]:
        return [r for r in self.overview.rows if r.timeliness is monthly.Timeliness.MISSING]


def score_of(values: dict[str, kpis.KpiValue]) -> Decimal | None:
    """Return the mean attainment of the rate KPIs with a target and a value (0–100)."""
    parts = [
        min(v.value / v.target, Decimal(1))
        for v in values.values()
        if v.kpi.is_ratio and v.value is not None and v.target
    ]
    if not parts:
        return None
    mean = Decimal(100) * sum(parts, Decimal(0)) / len(parts)
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def content_of(unit: OrgUnit, month: dt.date) -> BulletinContent:
    """Compute what the bulletin shows, from the fact table and the reports (6 queries)."""
    children = monthly.reporting_children(unit)
    facts = facts_by_unit([unit, *children], month, kpis.INDICATORS)
    targets = kpis.targets_for([unit, *children])
    overview = monthly.subunit_overview(unit, month)
    reports = {row.unit.pk: row for row in overview.rows}
    scored = []
    for child in children:
        values = {v.kpi.code: v for v in kpis.kpi_values(facts[child.pk], targets[child.pk])}
        scored.append((child, score_of(values), values))
    # Highest score first; units without a score last, by name.
    scored.sort(key=lambda item: (item[1] is None, -(item[1] or 0), item[0].path))
    ranking = [
        Ranked(rank=i, unit=child, score=score, values=values, report=reports.get(child.pk))
        for i, (child, score, values) in enumerate(scored, start=1)
    ]
    return BulletinContent(
        kpis=kpis.kpi_values(facts[unit.pk], targets[unit.pk]),
        ranking=ranking,
        overview=overview,
    )


def bulletins_visible(user: User) -> QuerySet[Bulletin]:
    """Return the bulletins of the user's subtrees, and published ones of units above."""
    return Bulletin.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
        | (scoping.sent_down_q(user) & Q(status=BulletinStatus.PUBLISHED))
    ).select_related("org_unit")


def access_bulletin(user: User, pk: int) -> Bulletin:
    bulletin = bulletins_visible(user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return bulletin


# Units that have reporting units below them write bulletins.
BULLETIN_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.PREFECTURE, OrgKind.COUNTY})

# The text and highlights are TextFields: this limit is the bulletin's, not a column's.
TEXT_LENGTH = 20000


def bulletin_units_for(user: User) -> list[OrgUnit]:
    """Return the units whose bulletins the user may write.

    All of them: provinces, prefectures and counties only, a few hundred at most in a
    province, and a unit left out could not be chosen at all.
    """
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return []
    return list(
        OrgUnit.objects.filter(
            scoping.subtree_q(units), kind__in=BULLETIN_KINDS, is_active=True
        ).order_by("path")
    )


def can_edit(user: User, unit: OrgUnit) -> bool:
    return monthly.can_fill(user, unit)


def can_publish(user: User, unit: OrgUnit) -> bool:
    return scoping.holds_role_over(user, unit, [Role.LEADER])


def _highlights(unit: OrgUnit, month: dt.date) -> str:
    """Draft the highlights from the accepted sub-unit reports' narratives."""
    accepted = (
        MonthlyReport.objects.filter(
            org_unit__parent=unit, month=month, status=ReportStatus.ACCEPTED
        )
        .exclude(narrative="")
        .select_related("org_unit")
        .order_by("org_unit__path")
    )
    return "\n".join(f"{r.org_unit.name}：{r.narrative.splitlines()[0]}" for r in accepted)


@transaction.atomic
def bulletin_open(*, acting_user: User, unit: OrgUnit, month: dt.date) -> Bulletin:
    """Return the unit's bulletin for the month, drafting it if there is none."""
    existing = Bulletin.objects.filter(org_unit=unit, month=month).first()
    if existing is not None:
        return existing
    if not can_edit(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit write its bulletin."))
    if not monthly.reporting_children(unit):
        raise ValidationFailed(_("A bulletin is written by a unit with units reporting to it."))
    return Bulletin.objects.create(
        org_unit=unit,
        month=month,
        title=_("%(unit)s: care work bulletin for %(month)s")
        % {"unit": unit.name, "month": f"{month:%Y-%m}"},
        highlights=_highlights(unit, month),
    )


def _require_current(bulletin: Bulletin, version: int) -> Bulletin:
    current = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if current.version != version:
        raise StaleEdit(
            _("Someone else changed this bulletin after you opened it. Reload it and try again.")
        )
    return current


@transaction.atomic
def bulletin_save(
    *,
    acting_user: User,
    bulletin: Bulletin,
    version: int,
    title: str,
    text: str,
    highlights: str,
) -> Bulletin:
    if not can_edit(acting_user, bulletin.org_unit):
        raise PermissionRefused(_("Only leaders and workers of this unit write its bulletin."))
    current = _require_current(bulletin, version)
    if current.status == BulletinStatus.PUBLISHED:
        raise ValidationFailed(_("A published bulletin cannot be changed."))
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Give the bulletin a title."), field="title")
    current.title = fits(title, Bulletin, "title")
    current.text = within(text.strip(), TEXT_LENGTH, field="text")
    current.highlights = within(highlights.strip(), TEXT_LENGTH, field="highlights")
    current.version += 1
    current.save()
    return current


@transaction.atomic
def bulletin_publish(*, acting_user: User, bulletin: Bulletin, version: int) -> Bulletin:
    """Publish the bulletin (leaders): the units below can read it from then on."""
    if not can_publish(acting_user, bulletin.org_unit):
        raise PermissionRefused(_("Only a leader of this unit publishes its bulletin."))
    current = _require_current(bulletin, version)
    if current.status == BulletinStatus.PUBLISHED:
        raise ValidationFailed(_("This bulletin is published already."))
    current.status = BulletinStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = acting_user
    current.version += 1
    current.save()
    return current
