"""The KPI catalogue (指标), the targets a leader sets, and the yearly survey counts.

The package re-exports its public names; import them from ``guanai.reports.kpis``.
"""

from guanai.reports.kpis.access import can_enter_survey, can_set_targets, setting_units_for
from guanai.reports.kpis.catalogue import BY_CODE, INDICATORS, KPIS, Kpi
from guanai.reports.kpis.parts import ADULT_AGE, KPI_PARTS, SCHOOL_AGE, birthdays, survey_counts
from guanai.reports.kpis.selectors import (
    TargetRow,
    survey_counts_of,
    survey_years,
    target_rows,
    units_below,
)
from guanai.reports.kpis.services import SURVEY_MAXIMUM, survey_count_set, target_set
from guanai.reports.kpis.values import KpiValue, kpi_values, targets_for

__all__ = [
    "ADULT_AGE",
    "BY_CODE",
    "INDICATORS",
    "KPIS",
    "KPI_PARTS",
    "SCHOOL_AGE",
    "SURVEY_MAXIMUM",
    "Kpi",
    "KpiValue",
    "TargetRow",
    "birthdays",
    "can_enter_survey",
    "can_set_targets",
    "kpi_values",
    "setting_units_for",
    "survey_count_set",
    "survey_counts",
    "survey_counts_of",
    "survey_years",
    "target_rows",
    "target_set",
    "targets_for",
    "units_below",
]
