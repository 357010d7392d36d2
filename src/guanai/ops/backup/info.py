"""What a backup is: the engines it supports, how their files begin, and the error every
step raises for an operator to read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guanai.core.errors import DomainError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINES = {
    "django.db.backends.sqlite3": SQLITE,
    "django.db.backends.postgresql": POSTGRESQL,
}
SQLITE_MAGIC = b"SQLite format 3\x00"
# The first bytes of a pg_dump archive in the custom format (-Fc).
PGDUMP_MAGIC = b"PGDMP"
# Every Guanai database has this table; a database without it is somebody else's.
MARKER_TABLE = "django_migrations"
# How long (seconds) SQLite waits for a writer to finish before giving up on a lock.
SQLITE_BUSY_TIMEOUT = 30
SYSTEM_USER = "system"


class BackupFailed(DomainError):
    """A backup or restore was refused or failed; ``message`` says why, for an operator."""


@dataclass(frozen=True)
class BackupInfo:
    """A backup file: where it is, which engine made it and its size in bytes.

    After a restore, ``audit_error`` says why the restore could not be recorded in the
    restored access log (empty when it was).
    """

    path: Path
    engine: str
    size: int
    audit_error: str = ""
