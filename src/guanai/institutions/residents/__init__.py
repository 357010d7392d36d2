"""An institution's residents and service users (服务对象): who applied, who was admitted or
refused and why, who lives there now. Import the public names from
``guanai.institutions.residents``."""

from guanai.institutions.residents.access import (
    access_resident,
    resident_read,
    residents_visible,
)
from guanai.institutions.residents.selectors import (
    ResidentRow,
    counts_by_mode,
    current_residents,
    mental_residents,
    past_residents,
    refused_applications,
    residents_by_disability,
    rows_of,
)
from guanai.institutions.residents.services import (
    eligibility_params,
    facts_check,
    mode_offered,
    resident_apply,
    resident_leave,
)

__all__ = [
    "ResidentRow",
    "access_resident",
    "counts_by_mode",
    "current_residents",
    "eligibility_params",
    "facts_check",
    "mental_residents",
    "mode_offered",
    "past_residents",
    "refused_applications",
    "resident_apply",
    "resident_leave",
    "resident_read",
    "residents_by_disability",
    "residents_visible",
    "rows_of",
]
