"""What the apps above offer the work organisation, registered when they load.

Governance sits just above the registry (docs/architecture.md), so it names none of the apps
that know the figures it shows. Each offers its part from its ``AppConfig.ready``:

* a **target source** computes a target's figure for each year from the data — ``reports``
  registers the rate indicators (集中供养率 …), ``inkind`` a service's delivery;
* a **checklist source** gives the lines a supervision visit can check with the figure the
  data shows for the unit visited — ``reports`` offers the indicators and the monthly
  report's timeliness;
* **plan links** list the records a work plan's year links to — ``activities`` offers the
  unit's activity plans of that year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from guanai.accounts.scoping import AnyUser
    from guanai.governance.models import Target
    from guanai.orgs.models import OrgUnit

# target pk → year → the figure (None when the data gives none for that year)
Figures = dict[int, dict[int, Decimal | None]]


@dataclass(frozen=True)
class TargetSource:
    """A way to compute targets' figures. ``figures`` is called with many targets at once —
    those of every source that shares the function (the rate KPIs share one) — and costs
    a fixed number of queries, whatever their number."""

    code: str
    # Lazy, so that each reader gets it in their language.
    label: str | Promise
    value_kind: str  # ValueKind
    direction: str  # Direction
    figures: Callable[[Sequence[Target], date], Figures]
    # Whether a unit may choose it on the target form (inkind's sources are set from the
    # service's own page).
    on_form: bool = True
    # For a source not on the form: the address of the page where a target of it is set
    # and changed, from the target's pk (the work organisation's pages link to it).
    page: Callable[[int], str] | None = None


@dataclass(frozen=True)
class CheckLine:
    """One line a visit's checklist may draw: what is checked and what the data shows."""

    source: str
    label: str
    figure: str
    # Whether the figure falls short (below the unit's KPI target, reports late …).
    short: bool


@dataclass(frozen=True)
class PlanLink:
    title: str
    url: str
    note: str = ""


ChecklistSource = Callable[["OrgUnit", date], list[CheckLine]]
PlanLinks = Callable[["AnyUser", "OrgUnit", int], list[PlanLink]]

_target_sources: dict[str, TargetSource] = {}
_checklist_sources: dict[str, ChecklistSource] = {}
_plan_links: dict[str, PlanLinks] = {}


def register_target_source(source: TargetSource) -> None:
    _target_sources[source.code] = source


def target_sources() -> Mapping[str, TargetSource]:
    return dict(_target_sources)


def register_checklist_source(name: str, source: ChecklistSource) -> None:
    _checklist_sources[name] = source


def checklist_lines(unit: OrgUnit, day: date) -> list[CheckLine]:
    """Return every registered source's lines for ``unit`` as of ``day``."""
    return [line for source in _checklist_sources.values() for line in source(unit, day)]


def register_plan_links(name: str, links: PlanLinks) -> None:
    _plan_links[name] = links


def plan_links(user: AnyUser, unit: OrgUnit, year: int) -> list[PlanLink]:
    return [link for links in _plan_links.values() for link in links(user, unit, year)]
