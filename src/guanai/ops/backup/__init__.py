"""Back up and restore the whole database while the application keeps running.

``database`` holds the commands' entry points (backup, check, restore, each recorded in the
access log); ``sqlite`` and ``postgres`` the work for each engine; ``info`` what a backup is
and the error every step raises.
"""

from __future__ import annotations

from guanai.ops.backup.database import (
    backup_check,
    database_backup,
    database_engine,
    database_label,
    database_restore,
)
from guanai.ops.backup.info import ENGINES, POSTGRESQL, SQLITE, BackupFailed, BackupInfo

__all__ = [
    "ENGINES",
    "POSTGRESQL",
    "SQLITE",
    "BackupFailed",
    "BackupInfo",
    "backup_check",
    "database_backup",
    "database_engine",
    "database_label",
    "database_restore",
]
