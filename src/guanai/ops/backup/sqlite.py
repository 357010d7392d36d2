"""SQLite backups through its online backup API: one snapshot in one read transaction, and a
restore copied page by page into the live file under its write lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

from guanai.ops.backup.info import MARKER_TABLE, SQLITE_BUSY_TIMEOUT, BackupFailed


def sqlite_file(using: str) -> Path:
    name = str(connections[using].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupFailed(_("The database lives in memory; there is no file to back up."))
    return Path(name)


def sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupFailed(_("The database file %(path)s does not exist.") % {"path": database})
    source = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT)
    try:
        destination = sqlite3.connect(target)
        try:
            # pages=-1 copies everything in one step, i.e. in one read transaction: a
            # consistent snapshot. Stepping in chunks would restart whenever another
            # process writes, which a busy office would do all day.
            source.backup(destination, pages=-1)
            # The copy inherits WAL mode; a backup must be one self-contained file.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    except sqlite3.Error as exc:
        raise BackupFailed(_("The backup failed: %(error)s") % {"error": exc}) from exc
    finally:
        source.close()


def _sqlite_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _cut_short(path: Path) -> bool:
    """Return whether ``path`` starts as a SQLite database but is shorter than its header
    says (a copy cut off): then it is damaged, whichever page SQLite trips on first."""
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return pages > 0 and path.stat().st_size < page_size * pages


def sqlite_check(path: Path) -> None:
    try:
        connection = _sqlite_readonly(path)
        try:
            page_size = connection.execute("PRAGMA page_size").fetchone()[0]
            page_count = connection.execute("PRAGMA page_count").fetchone()[0]
            result = connection.execute("PRAGMA quick_check").fetchone()
            has_marker = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (MARKER_TABLE,),
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        if _cut_short(path):
            raise BackupFailed(
                _("%(path)s is damaged; use another backup.") % {"path": path}
            ) from exc
        raise BackupFailed(
            _("%(path)s cannot be read as a SQLite backup: %(error)s")
            % {"path": path, "error": exc}
        ) from exc
    # A copy cut short can pass quick_check when only the free end of its last page is
    # missing; the length tells.
    if path.stat().st_size != page_size * page_count or result is None or result[0] != "ok":
        raise BackupFailed(_("%(path)s is damaged; use another backup.") % {"path": path})
    if has_marker is None:
        raise BackupFailed(
            _("%(path)s is a SQLite database but not a backup of Guanai.") % {"path": path}
        )


def sqlite_restore(backup: Path, database: Path) -> None:
    if backup.resolve() == database.resolve():
        raise BackupFailed(_("The backup is the live database file itself."))
    try:
        source = _sqlite_readonly(backup)
        try:
            # The busy timeout lets the copy wait for a running write to finish. In WAL
            # mode both files must share a page size (4096, SQLite's default for both).
            destination = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT)
            try:
                source.backup(destination, pages=-1)
            finally:
                destination.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupFailed(_("The restore failed: %(error)s") % {"error": exc}) from exc
