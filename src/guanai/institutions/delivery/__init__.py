"""Services delivered to an institution's residents (托养服务内容): sessions by the seven
types of the standard, and supported-employment placements with their follow-ups.
Import the public names from ``guanai.institutions.delivery``."""

from guanai.institutions.delivery.access import (
    access_placement,
    access_resident,
    access_service_log,
    logs_visible,
    placements_visible,
    residents_visible,
)
from guanai.institutions.delivery.selectors import (
    FollowUpDue,
    MonthSummary,
    ResidentMonth,
    Tally,
    follow_up_schedule,
    follow_ups_due,
    logs_of,
    month_summary,
    open_placements,
    placements_of,
    present_in,
    service_minutes,
    service_minutes_of,
)
from guanai.institutions.delivery.services import (
    COACH_ROLES,
    can_delete_log,
    follow_up_add,
    placement_add,
    placement_end,
    service_log_add,
    service_log_delete,
)

__all__ = [
    "COACH_ROLES",
    "FollowUpDue",
    "MonthSummary",
    "ResidentMonth",
    "Tally",
    "access_placement",
    "access_resident",
    "access_service_log",
    "can_delete_log",
    "follow_up_add",
    "follow_up_schedule",
    "follow_ups_due",
    "logs_of",
    "logs_visible",
    "month_summary",
    "open_placements",
    "placement_add",
    "placement_end",
    "placements_of",
    "placements_visible",
    "present_in",
    "residents_visible",
    "service_log_add",
    "service_log_delete",
    "service_minutes",
    "service_minutes_of",
]
