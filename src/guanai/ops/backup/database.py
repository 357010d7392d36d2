"""Back up and restore the whole database while the application keeps running.

SQLite uses its online backup API: a backup is one consistent snapshot taken in a single
read transaction, which WAL mode lets writers continue beside; a restore copies the
backup page by page into the live file under a write lock, so running workers see either
the old or the restored database, never a half-copied one. PostgreSQL uses ``pg_dump
--format=custom``; a restore empties the schema and loads the output of ``pg_restore
--no-owner`` with ``psql``, all in one transaction.

A file is checked before anything is touched: it must exist, be a backup of the engine in
use, and hold a Guanai database (the ``django_migrations`` table). Restores replace the
audit log too: it is part of the database, so the restored log is the one of the backup,
to which the restore then adds its own row (AuditAction.RESTORE: which file, by whom,
when). Each backup is recorded in the live access log (AuditAction.BACKUP) once written.

A backup of an older version of Guanai restores as it was: ``guanai migrate`` must run
after it, before the application is started again.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import replace
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils.translation import gettext as _

from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.ops.backup.info import (
    ENGINES,
    PGDUMP_MAGIC,
    SQLITE,
    SQLITE_MAGIC,
    SYSTEM_USER,
    BackupFailed,
    BackupInfo,
)
from guanai.ops.backup.postgres import pg_backup, pg_check, pg_restore
from guanai.ops.backup.sqlite import sqlite_backup, sqlite_check, sqlite_file, sqlite_restore


def database_engine(using: str = DEFAULT_DB_ALIAS) -> str:
    """Return ``"sqlite"`` or ``"postgresql"`` for the database, or refuse another engine."""
    engine = connections[using].settings_dict["ENGINE"]
    if engine not in ENGINES:
        raise BackupFailed(
            _("Backups are supported for SQLite and PostgreSQL, not for %(engine)s.")
            % {"engine": engine}
        )
    return ENGINES[engine]


def database_label(using: str = DEFAULT_DB_ALIAS) -> str:
    """Return a description of the database for messages, without any password."""
    settings_dict = connections[using].settings_dict
    if database_engine(using) == SQLITE:
        return _("SQLite database %(path)s") % {"path": settings_dict["NAME"]}
    return _("PostgreSQL database “%(name)s” on %(host)s:%(port)s") % {
        "name": settings_dict["NAME"],
        "host": settings_dict.get("HOST") or "localhost",
        "port": settings_dict.get("PORT") or "5432",
    }


def database_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupInfo:
    """Write a backup of the database to ``path`` while the application keeps running.

    The backup is written beside ``path`` under a temporary name and renamed when
    complete, so ``path`` never holds half a backup; an existing file is replaced.
    """
    path = Path(path)
    engine = database_engine(using)
    if not path.parent.is_dir():
        raise BackupFailed(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    if path.is_dir():
        raise BackupFailed(_("%(path)s is a folder; give a file name.") % {"path": path})
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    # The backup holds personal data: only the owner may read it.
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    try:
        if engine == SQLITE:
            database = sqlite_file(using)
            if path.resolve() == database.resolve():
                raise BackupFailed(_("The backup cannot overwrite the live database file."))
            sqlite_backup(database, partial)
        else:
            pg_backup(connections[using].settings_dict, partial)
        _fsync(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    info = BackupInfo(path=path, engine=engine, size=path.stat().st_size)
    # Recorded once the snapshot is taken, so the backup does not hold its own row (nor
    # does a database restored from it): the row lives in the database that was backed up.
    try:
        _record(AuditAction.BACKUP, info)
    except DatabaseError as exc:
        raise BackupFailed(
            _(
                "The backup was written to %(path)s but could not be recorded in the access "
                "log: %(error)s"
            )
            % {"path": path, "error": exc}
        ) from exc
    return info


def backup_check(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupInfo:
    """Check that ``path`` is a readable Guanai backup for this database's engine."""
    path = Path(path)
    engine = database_engine(using)
    if not path.is_file():
        raise BackupFailed(_("Backup file not found: %(path)s") % {"path": path})
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if engine == SQLITE:
        if head != SQLITE_MAGIC:
            raise BackupFailed(
                _("%(path)s is not a SQLite backup (made by “guanai backup” on SQLite).")
                % {"path": path}
            )
        sqlite_check(path)
    else:
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupFailed(
                _("%(path)s is not a PostgreSQL backup (made by “guanai backup” on PostgreSQL).")
                % {"path": path}
            )
        pg_check(connections[using].settings_dict, path)
    return BackupInfo(path=path, engine=engine, size=path.stat().st_size)


def database_restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupInfo:
    """Replace every row of the database with the backup in ``path``.

    The file is checked first; a file that is missing, of another engine or not a Guanai
    database changes nothing. Django's connections are closed, since the copy needs the
    write lock (SQLite) or drops and recreates the tables (PostgreSQL).
    """
    info = backup_check(path, using=using)
    if connections[using].in_atomic_block:
        raise BackupFailed(_("A restore cannot run inside a database transaction."))
    connections.close_all()
    if info.engine == SQLITE:
        sqlite_restore(info.path, sqlite_file(using))
    else:
        pg_restore(connections[using].settings_dict, info.path)
    # The restored access log records that it was restored, from which file and when. The
    # data is back whatever happens here: a backup of an older version may lack a column
    # the access log has now (until ``guanai migrate``), so a failure is reported, not
    # raised as a failed restore.
    try:
        _record(AuditAction.RESTORE, info)
    except DatabaseError as exc:
        return replace(info, audit_error=str(exc))
    return info


def _operator() -> str:
    """Return the OS user running the backup or restore, or ``"system"`` if unknown."""
    try:
        return getpass.getuser() or SYSTEM_USER
    except (OSError, KeyError):  # no LOGNAME/USER and no passwd entry (a bare container)
        return SYSTEM_USER


def _record(action: AuditAction, info: BackupInfo) -> None:
    """Write the access-log row of a backup or restore of ``info`` into the database.

    ``access_log`` writes through the default database, the only one Guanai has; a
    backup or restore of another alias is recorded there too. The savepoint keeps a
    failed write from breaking a transaction the caller may be in.
    """
    with transaction.atomic():
        access_log(
            user=None,
            username=_operator(),
            action=action,
            object_repr=str(info.path.resolve()),
            detail={"size": info.size},
        )


def _fsync(path: Path) -> None:
    """Flush the file to disk so a crash right after the rename leaves a whole backup."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
