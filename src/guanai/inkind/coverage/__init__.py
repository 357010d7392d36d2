"""Eligible but not served (应享未享) and the targets of a unit with their progress by year
(``selectors``, ``progress``, ``services``)."""

from guanai.inkind.coverage.progress import Progress, TargetStatus, YearProgress, progress_of
from guanai.inkind.coverage.selectors import (
    CoverageRow,
    NotServedRow,
    TargetRow,
    access_coverage_person,
    access_coverage_unit,
    coverage_summary,
    not_served,
    not_served_rows,
    target_progress,
    targets_of,
    targets_progress,
    targets_unit,
    targets_with_progress,
)
from guanai.inkind.coverage.services import (
    TargetData,
    request_for_not_served,
    target_archive,
    target_clean,
    target_create,
    target_update,
)

__all__ = [
    "CoverageRow",
    "NotServedRow",
    "Progress",
    "TargetData",
    "TargetRow",
    "TargetStatus",
    "YearProgress",
    "access_coverage_person",
    "access_coverage_unit",
    "coverage_summary",
    "not_served",
    "not_served_rows",
    "progress_of",
    "request_for_not_served",
    "target_archive",
    "target_clean",
    "target_create",
    "target_progress",
    "target_update",
    "targets_of",
    "targets_progress",
    "targets_unit",
    "targets_with_progress",
]
