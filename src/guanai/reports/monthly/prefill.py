"""The figures a monthly report is pre-filled with.

A unit without reporting sub-units (a township) gets its subtree's figures from the data
(``figures.month_figures``). A unit with reporting sub-units (a county) gets the sum of
their *accepted* reports, plus the figures of its own rows outside them (persons of its
offices and institutions), from the fact table. A sub-unit not yet accepted adds nothing
and shows as missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from guanai.orgs.models import OrgUnit
from guanai.reports.facts import facts_by_unit
from guanai.reports.figures import Month
from guanai.reports.models import FigureChange, MonthlyReport, ReportStatus
from guanai.reports.monthly.catalogue import FIGURES, figure_text, flat_figures
from guanai.reports.monthly.deadlines import reporting_children


def _sum_into(total: dict[str, Decimal], figures: dict[str, Any], sign: int = 1) -> None:
    for name in FIGURES:
        try:
            total[name] += sign * Decimal(str(figures.get(name, 0) or 0))
        except InvalidOperation:
            continue


def computed_figures(unit: OrgUnit, month: Month) -> dict[str, str]:
    """Return the figures a report of ``unit`` is pre-filled with (see the module doc)."""
    children = reporting_children(unit)
    if not children:
        return flat_figures(unit, month)
    total: dict[str, Decimal] = dict.fromkeys(FIGURES, Decimal(0))
    accepted = MonthlyReport.objects.filter(
        org_unit__in=children, month=month.first, status=ReportStatus.ACCEPTED
    )
    for report in accepted:
        _sum_into(total, report.figures)
    # The unit's own rows: its subtree's facts less its reporting sub-units' subtrees.
    facts = facts_by_unit([unit, *children], month.first, FIGURES)
    _sum_into(total, facts[unit.pk])
    for child in children:
        _sum_into(total, facts[child.pk], sign=-1)
    return {name: figure_text(name, max(total[name], Decimal(0))) for name in FIGURES}


def reported_figures(computed: dict[str, str], changes: Iterable[FigureChange]) -> dict[str, str]:
    """Return the computed figures with the changes made by hand applied."""
    figures = dict(computed)
    for change in changes:
        figures[change.figure] = figure_text(change.figure, change.value)
    return figures
