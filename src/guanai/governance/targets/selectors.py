"""What the target pages read: the targets a user reads, the units offered, and the progress
of many targets at once.

* ``targets_of(user, unit)``: the targets of ``unit`` and the units below it the user
  reads (``access.read_q``: their units' subtrees and the units above them), not archived
  unless asked, by unit and base year.
* ``progress_for(targets, today)``: each target's ``progress.Progress``. The figures of
  computed targets come from their sources — each registered source's ``figures`` called
  once with all its targets — and those of entered targets from their entries, the latest
  entry of each year counting; with the milestones, a fixed number of statements whatever
  the number of targets: one for the milestones, one for the entries, a few for each kind
  of source among them (the rate KPIs together, the service targets together).
  A target whose source is no longer registered has no figure.
* ``report_panel`` and ``unit_panel``: the dashboard's and the unit page's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.governance import access
from guanai.governance.extensions import TargetSource, target_sources
from guanai.governance.models import Milestone, Target, TargetEntry
from guanai.governance.selectors import readable_units
from guanai.governance.targets.progress import Progress, Spec, progress_of
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q

# The kinds offered in the unit chooser (a user's own unit is offered whatever its kind).
CHOOSER_KINDS = (
    OrgKind.PROVINCE,
    OrgKind.PREFECTURE,
    OrgKind.COUNTY,
    OrgKind.TOWNSHIP,
    OrgKind.VILLAGE,
)
# How many targets the dashboard's and the unit page's panels show; the list has the rest.
PANEL_MAX = 10


def targets_visible(user: AnyUser) -> QuerySet[Target]:
    """Return the targets the user reads, with their unit."""
    return Target.objects.filter(access.read_q(user)).select_related("org_unit")


def access_target(user: AnyUser, pk: int) -> Target:
    """Return a target the user reads, or raise Http404."""
    return get_object_or_404(targets_visible(user), pk=pk)


def chooser_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units offered in the chooser: the administrative units read and the
    user's own."""
    own = [unit.pk for unit in scoping.units_for(user, access.READERS)]
    return readable_units(user).filter(Q(kind__in=CHOOSER_KINDS) | Q(pk__in=own)).order_by("path")


def led_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units the user may set targets of: those they lead and the administrative
    units below them."""
    own = scoping.units_for(user, access.LEADERS)
    return OrgUnit.objects.filter(
        subtree_q(own) & (Q(kind__in=CHOOSER_KINDS) | Q(pk__in=[u.pk for u in own]))
    ).order_by("path")


def targets_of(
    user: AnyUser, unit: OrgUnit | None = None, *, archived: bool = False
) -> QuerySet[Target]:
    """Return the targets the user reads (of ``unit``'s subtree when given), not archived
    unless asked, by unit and base year."""
    rows = targets_visible(user).filter(archived_at__isnull=not archived)
    if unit is not None:
        rows = rows.filter(subtree_q([unit], field="org_unit__path"))
    return rows.order_by("org_unit__path", "base_year", "pk")


def latest_entries(targets: Iterable[Target]) -> dict[int, dict[int, Decimal]]:
    """Return target pk → year → the figure of the latest entry of that year (one
    statement)."""
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = TargetEntry.objects.filter(target__in=[t.pk for t in targets]).order_by(
        "target_id", "year", "entered_at", "pk"
    )
    for target, year, value in rows.values_list("target_id", "year", "value"):
        found[target][year] = value  # the later entry of a year replaces the earlier
    return found


def _milestones(targets: list[Target]) -> dict[int, dict[int, Decimal]]:
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = Milestone.objects.filter(target__in=[t.pk for t in targets])
    for target, year, value in rows.values_list("target_id", "year", "value"):
        found[target][year] = value
    return found


def spec_of(target: Target, milestones: dict[int, Decimal]) -> Spec:
    return Spec(
        value_kind=target.value_kind,
        direction=target.direction,
        base_year=target.base_year,
        final_year=target.final_year,
        baseline=target.baseline,
        goal=target.goal,
        milestones=milestones,
    )


def figures_for(targets: list[Target], today: date) -> dict[int, dict[int, Decimal | None]]:
    """Return target pk → year → figure, from the sources and the entries.

    Sources that share one ``figures`` function (the rate KPIs, a service's two measures)
    are asked once, with all their targets."""
    found: dict[int, dict[int, Decimal | None]] = {}
    entered = [t for t in targets if not t.source]
    if entered:
        for pk, years in latest_entries(entered).items():
            found[pk] = dict(years)
    sources = target_sources()
    by_reader: dict[Any, list[Target]] = defaultdict(list)
    for t in targets:
        source = sources.get(t.source) if t.source else None
        if source is not None:
            by_reader[source.figures].append(t)
    for figures, group in by_reader.items():
        found.update(figures(group, today))
    return found


def progress_for(targets: list[Target], today: date) -> dict[int, Progress]:
    """Return each target's progress by its pk, on ``today``."""
    if not targets:
        return {}
    milestones = _milestones(targets)
    figures = figures_for(targets, today)
    return {
        t.pk: progress_of(spec_of(t, milestones.get(t.pk, {})), figures.get(t.pk, {}), today)
        for t in targets
    }


def source_of(target: Target) -> TargetSource | None:
    """Return the registered source a target is computed from (None: entered by hand)."""
    return target_sources().get(target.source) if target.source else None


@dataclass(frozen=True)
class TargetRow:
    target: Target
    progress: Progress
    source: TargetSource | None

    @property
    def computed(self) -> bool:
        return bool(self.target.source)

    @property
    def own_page(self) -> str:
        """Return the page where a target of a source not on the form is kept, or ""."""
        if self.source is None or self.source.page is None:
            return ""
        return self.source.page(self.target.pk)


def targets_with_progress(targets: list[Target], today: date) -> list[TargetRow]:
    """Return ``targets`` with their progress (a list's rows)."""
    found = progress_for(targets, today)
    return [TargetRow(t, found[t.pk], source_of(t)) for t in targets]


@dataclass(frozen=True)
class Panel:
    unit: OrgUnit
    rows: list[TargetRow]
    total: int


def _panel(rows: QuerySet[Target], unit: OrgUnit, today: date) -> Panel:
    # Counted always, so that a panel costs the same statements whatever the number.
    total = rows.count()
    shown = list(rows[:PANEL_MAX]) if total else []
    return Panel(unit, targets_with_progress(shown, today), total)


def report_panel(user: AnyUser, unit: OrgUnit, today: date) -> Panel:
    """Return the first targets of ``unit`` and the units below it the user reads — the
    service targets among them — with this year's figure against its milestone, and how
    many there are in all (the dashboard's panel)."""
    return _panel(targets_of(user, unit), unit, today)


def unit_panel(user: AnyUser, unit: OrgUnit, today: date) -> Panel:
    """Return the targets that bind ``unit``: its own and those of the units above it, with
    this year's progress (the unit page's panel)."""
    rows = targets_visible(user).filter(
        archived_at__isnull=True, org_unit__path__in=unit.ancestor_paths()
    )
    return _panel(rows.order_by("org_unit__path", "base_year", "pk"), unit, today)
