"""The dashboard (数据看板): KPIs against targets, trend, sub-units and categories.

Read from the fact table only. The package re-exports its public names; import them from
``guanai.reports.dashboard``.
"""

from guanai.reports.dashboard.access import can_refresh, home_unit
from guanai.reports.dashboard.selectors import (
    COMPARED,
    TREND_FIGURES,
    TREND_MONTHS,
    Dashboard,
    SubunitKpis,
    chart_data,
    dashboard,
    months_back,
)
from guanai.reports.dashboard.services import facts_refresh_request

__all__ = [
    "COMPARED",
    "TREND_FIGURES",
    "TREND_MONTHS",
    "Dashboard",
    "SubunitKpis",
    "can_refresh",
    "chart_data",
    "dashboard",
    "facts_refresh_request",
    "home_unit",
    "months_back",
]
