"""What a supervision visit may check of a unit, from the data (governance's checklist).

A visit's checklist (督查, issue 21) starts from the figures the reports hold for the unit
visited: each rate KPI of the latest month computed, against the unit's target (short when
below it), and how its monthly reports came in over the last ``TIMELINESS_MONTHS`` months
(short when one was late or missing). Registered with ``governance.extensions`` when the
reports app loads; at most six queries whatever the unit (the fact month, the facts, the
targets, the deadline rule, the reports, the holidays of one or two years).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from guanai.core.months import add_months, month_start
from guanai.governance.extensions import CheckLine, register_checklist_source
from guanai.orgs.models import OrgUnit
from guanai.reports.facts import facts_by_unit
from guanai.reports.holidays.selectors import holiday_calendar
from guanai.reports.kpis.catalogue import INDICATORS
from guanai.reports.kpis.values import kpi_values, targets_for
from guanai.reports.models import Fact, MonthlyReport
from guanai.reports.monthly.deadlines import (
    Timeliness,
    deadline_day,
    deadline_of,
    reports_up,
    timeliness,
)

TIMELINESS_MONTHS = 3
SOURCE_TIMELINESS = "monthly_timeliness"


def _percent(value: Decimal) -> str:
    """Return 85.0% for a value, 80% for a target of 80.0 (no exponent, no trailing zero)."""
    return f"{value:f}%"


def kpi_lines(unit: OrgUnit, day: date) -> list[CheckLine]:
    """Return the unit's rate KPIs of the latest month computed up to ``day``."""
    latest = list(
        Fact.objects.filter(org_unit=unit, month__lte=month_start(day))
        .order_by("-month")
        .values_list("month", flat=True)[:1]
    )
    if not latest:
        return []
    month = latest[0]
    facts = facts_by_unit([unit], month, INDICATORS)[unit.pk]
    targets = targets_for([unit])[unit.pk]
    lines = []
    for value in kpi_values(facts, targets):
        if not value.kpi.is_ratio or value.value is None:
            continue
        figure = _percent(value.value)
        if value.target is not None:
            figure = _("%(value)s (target %(target)s)") % {
                "value": figure,
                "target": _percent(value.target.normalize()),
            }
        lines.append(
            CheckLine(
                source=f"kpi:{value.kpi.code}",
                label=_("%(kpi)s, %(month)s")
                % {
                    "kpi": value.kpi.label,
                    "month": formats.date_format(month, "YEAR_MONTH_FORMAT"),
                },
                figure=figure,
                short=value.met is False,
            )
        )
    return lines


def timeliness_line(unit: OrgUnit, day: date) -> list[CheckLine]:
    """Return how the unit's monthly reports of the last months came in (none for a unit
    that reports nothing of its own, such as a village or a school)."""
    if not reports_up(unit):
        return []
    months = [add_months(month_start(day), -k) for k in range(1, TIMELINESS_MONTHS + 1)]
    rule = deadline_day(unit)
    calendar = holiday_calendar()
    reports = {r.month: r for r in MonthlyReport.objects.filter(org_unit=unit, month__in=months)}
    found = [timeliness(reports.get(m), deadline_of(m, rule, calendar), day) for m in months]
    on_time, late, missing = (
        found.count(Timeliness.ON_TIME),
        found.count(Timeliness.LATE),
        found.count(Timeliness.MISSING),
    )
    return [
        CheckLine(
            source=SOURCE_TIMELINESS,
            label=_("Monthly reports of the last %(count)s months") % {"count": TIMELINESS_MONTHS},
            figure=_("%(on_time)s on time, %(late)s late, %(missing)s missing")
            % {"on_time": on_time, "late": late, "missing": missing},
            short=bool(late or missing),
        )
    ]


def checklist(unit: OrgUnit, day: date) -> list[CheckLine]:
    return [*kpi_lines(unit, day), *timeliness_line(unit, day)]


def register() -> None:
    register_checklist_source("reports", checklist)
