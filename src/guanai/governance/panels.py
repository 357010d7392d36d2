"""Each part's panel, in the order a page shows them: the unit's page of the work
organisation (``UNIT``) and the reports dashboard (``DASHBOARD``). A panel is a function of
(user, unit, day) returning what its template shows, or None when it shows nothing; the
template receives it as ``panel``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from guanai.accounts.models import User
from guanai.governance import matters, supervision, targets
from guanai.governance.groups import panels as group_panels
from guanai.governance.plans import panels as plan_panels
from guanai.orgs.models import OrgUnit

Panel = Callable[[User, OrgUnit, date], object | None]


@dataclass(frozen=True)
class Shown:
    template: str
    panel: object


UNIT: list[tuple[str, Panel]] = [
    ("governance/groups/_unit_panel.html", group_panels.unit_panel),
    ("governance/plans/_unit_panel.html", plan_panels.unit_panel),
    ("governance/supervision/_unit_panel.html", supervision.unit_panel),
    ("governance/matters/_unit_panel.html", matters.unit_panel),
    ("governance/targets/_unit_panel.html", targets.unit_panel),
]

DASHBOARD: list[tuple[str, Panel]] = [
    ("governance/targets/_report_panel.html", targets.report_panel),
    ("governance/matters/_report_panel.html", matters.report_panel),
    ("governance/supervision/_report_panel.html", supervision.report_panel),
]


def panels_shown(
    panels: list[tuple[str, Panel]], user: User, unit: OrgUnit, day: date
) -> list[Shown]:
    """Return the panels that show something for ``unit`` on ``day``."""
    shown = []
    for template, panel in panels:
        found = panel(user, unit, day)
        if found is not None:
            shown.append(Shown(template, found))
    return shown
