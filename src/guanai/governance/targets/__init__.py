"""Multi-year targets (篇八: 三年内集中供养率达 40 %): the pure progress engine (``progress``),
a unit's targets with their progress by year (``selectors``), their setting and the figures
entered by hand (``services``).

The names are re-exported here; import them from ``guanai.governance.targets``. The
``progress`` module is imported on its own by the apps above (``inkind`` takes its
statuses), so this package imports nothing that imports them.
"""

from guanai.governance.targets.progress import Progress, Spec, TargetStatus, YearRow, progress_of
from guanai.governance.targets.selectors import (
    Panel,
    TargetRow,
    access_target,
    progress_for,
    report_panel,
    targets_of,
    targets_with_progress,
    unit_panel,
)
from guanai.governance.targets.services import (
    TargetData,
    entry_add,
    target_archive,
    target_clean,
    target_create,
    target_update,
)

__all__ = [
    "Panel",
    "Progress",
    "Spec",
    "TargetData",
    "TargetRow",
    "TargetStatus",
    "YearRow",
    "access_target",
    "entry_add",
    "progress_for",
    "progress_of",
    "report_panel",
    "target_archive",
    "target_clean",
    "target_create",
    "target_update",
    "targets_of",
    "targets_with_progress",
    "unit_panel",
]
