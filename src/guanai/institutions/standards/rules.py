"""What a local standard may change, and in which direction.

A local standard keeps every item of the national one (its text, its numbering, its rule)
and may set the rules' numbers higher, never lower: a longer lease, a younger average
age of managers, training more often, more instructors and counsellors (五 总则 (六): a
local standard with *higher* requirements prevails). It may also set the working age of
the persons served (总则 (二)), which ``institutions.eligibility`` reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tightenable:
    ref: str
    key: str
    label: str | Promise
    # +1: a higher number asks more (a longer lease); -1: a lower one does (a younger age).
    direction: int
    low: int
    high: int


TIGHTENABLE = (
    Tightenable("机构-2", "min_years", _("Shortest lease (years)"), +1, 1, 99),
    Tightenable("管理-4", "max_average_age", _("Highest average age of managers"), -1, 30, 70),
    Tightenable("管理-5", "months", _("Management training at least every (months)"), -1, 1, 12),
    Tightenable(
        "专业-4", "min_employment", _("Employment-service instructors at least"), +1, 1, 20
    ),
    Tightenable("专业-4", "min_counsellors", _("Counsellors at least"), +1, 1, 20),
)

# The working age of the persons served: a local standard sets it within these bounds.
AGE_LOW, AGE_HIGH = 16, 70
DEFAULT_MIN_AGE, DEFAULT_MAX_AGE = 16, 59
