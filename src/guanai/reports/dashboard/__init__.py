"""The dashboard (数据看板): KPIs against targets, trend, sub-units and categories.

Read from the fact table, but for the volunteer hours per group of the community card
(``community``). The package re-exports its public names; import them from
``guanai.reports.dashboard``.
"""

from guanai.reports.dashboard.access import can_refresh, home_unit
from guanai.reports.dashboard.community import (
    TOP_GROUPS,
    CommunityCard,
    GivingMonth,
    GroupHours,
    community_card,
    hours_by_group,
)
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
    "TOP_GROUPS",
    "TREND_FIGURES",
    "TREND_MONTHS",
    "CommunityCard",
    "Dashboard",
    "GivingMonth",
    "GroupHours",
    "SubunitKpis",
    "can_refresh",
    "chart_data",
    "community_card",
    "dashboard",
    "facts_refresh_request",
    "home_unit",
    "hours_by_group",
    "months_back",
]
