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

import contextlib
import getpass
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, cast

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils.translation import gettext as _

from guanai.core.audit import access_log
from guanai.core.errors import DomainError
from guanai.core.models import AuditAction

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
# libpq settings that may sit in OPTIONS and their environment variables.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
# Who the access log names for a backup or restore when the OS user cannot be told.
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
            database = _sqlite_file(using)
            if path.resolve() == database.resolve():
                raise BackupFailed(_("The backup cannot overwrite the live database file."))
            _sqlite_backup(database, partial)
        else:
            _pg_backup(connections[using].settings_dict, partial)
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
        _sqlite_check(path)
    else:
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupFailed(
                _("%(path)s is not a PostgreSQL backup (made by “guanai backup” on PostgreSQL).")
                % {"path": path}
            )
        _pg_check(connections[using].settings_dict, path)
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
        _sqlite_restore(info.path, _sqlite_file(using))
    else:
        _pg_restore(connections[using].settings_dict, info.path)
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


# --- SQLite ----------------------------------------------------------------------------


def _sqlite_file(using: str) -> Path:
    name = str(connections[using].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupFailed(_("The database lives in memory; there is no file to back up."))
    return Path(name)


def _sqlite_backup(database: Path, target: Path) -> None:
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


def _sqlite_check(path: Path) -> None:
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


def _sqlite_restore(backup: Path, database: Path) -> None:
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


# --- PostgreSQL ------------------------------------------------------------------------


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Return the environment for pg_dump/pg_restore: libpq reads PG* variables.

    The password travels in PGPASSWORD, never on the command line (where ``ps`` shows it)
    and never in any message.
    """
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    values.update({var: options.get(option) for option, var in PG_OPTION_ENV.items()})
    env.update({var: str(value) for var, value in values.items() if value})
    return env


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupFailed(
            _(
                "%(program)s was not found. Install the PostgreSQL client programs of the "
                "server's version or newer."
            )
            % {"program": name}
        )
    return program


def _pg_run(settings_dict: dict[str, Any], args: list[str]) -> subprocess.CompletedProcess[str]:
    # --no-password: fail at once instead of waiting for a password nobody will type.
    return subprocess.run(
        [args[0], "--no-password", *args[1:]],
        env=_pg_env(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )


def _pg_backup(settings_dict: dict[str, Any], target: Path) -> None:
    result = _pg_run(
        settings_dict,
        [
            _pg_program("pg_dump"),
            "--format=custom",
            f"--file={target}",
            f"--dbname={settings_dict['NAME']}",
        ],
    )
    if result.returncode != 0:
        raise BackupFailed(_("The backup failed: %(error)s") % {"error": result.stderr.strip()})


def _pg_check(settings_dict: dict[str, Any], path: Path) -> None:
    result = _pg_run(settings_dict, [_pg_program("pg_restore"), "--list", str(path)])
    if result.returncode != 0:
        raise BackupFailed(
            _("%(path)s cannot be read as a PostgreSQL backup: %(error)s")
            % {"path": path, "error": result.stderr.strip()}
        )
    if not re.search(rf"^\d+; .* TABLE \S+ {MARKER_TABLE}\b", result.stdout, re.MULTILINE):
        raise BackupFailed(
            _("%(path)s is a PostgreSQL backup but not a backup of Guanai.") % {"path": path}
        )


# Drops every table, view and sequence of the schemas on the search path (those of an
# extension excepted), so that the backup lands in an empty schema. ``pg_restore --clean``
# only drops what the backup holds: tables a newer version of Guanai added would survive a
# restore of an older backup (and make ``guanai migrate`` fail on them), and one with a
# foreign key to a table of the backup would make the restore itself fail.
PG_DROP_ALL = """
DO $guanai$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY (current_schemas(false))
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND NOT EXISTS (
              SELECT 1 FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
          )
        -- Tables first: their sequences and the views on them go with them.
        ORDER BY c.relkind NOT IN ('r', 'p', 'f'), c.relkind = 'S'
    LOOP
        EXECUTE format(
            'DROP %s IF EXISTS %s CASCADE',
            CASE item.relkind
                WHEN 'v' THEN 'VIEW'
                WHEN 'm' THEN 'MATERIALIZED VIEW'
                WHEN 'S' THEN 'SEQUENCE'
                WHEN 'f' THEN 'FOREIGN TABLE'
                ELSE 'TABLE'
            END,
            item.name
        );
    END LOOP;
END
$guanai$;
"""
# The end of the input psql is given, written only once pg_restore has read the whole
# archive without an error; the check psql runs after its input refuses to commit without
# it. Should Guanai be killed half-way, psql sees its input end early and rolls back.
PG_COMPLETE = b"\nSELECT pg_catalog.set_config('guanai.restore_complete', 'yes', true);\n"
PG_CHECK_COMPLETE = """
DO $guanai$
BEGIN
    IF current_setting('guanai.restore_complete', true) IS DISTINCT FROM 'yes' THEN
        RAISE EXCEPTION 'the input ended before the whole backup was read';
    END IF;
END
$guanai$;
"""
# How much of pg_restore's script is handed to psql at a time.
PG_CHUNK = 1 << 20


def _pg_restore(settings_dict: dict[str, Any], backup: Path) -> None:
    """Empty the schema and load the backup in one transaction (psql --single-transaction).

    pg_restore turns the archive into SQL, which goes to psql as it comes. psql commits
    only if the input ends with PG_COMPLETE, written once pg_restore has read the whole
    archive without an error: a damaged file, a failed statement, a lost connection or an
    interrupted restore rolls back and leaves the database as it was.
    """
    env = _pg_env(settings_dict)
    psql_args = [
        _pg_program("psql"),
        "--no-password",
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        f"--dbname={settings_dict['NAME']}",
        f"--command={PG_DROP_ALL}",
        "--file=-",
        f"--command={PG_CHECK_COMPLETE}",
    ]
    restore_args = [_pg_program("pg_restore"), "--no-owner", "--file=-", str(backup)]
    # Both programs' messages go to files: a pipe nobody reads could fill and stall them.
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        psql = subprocess.Popen(
            psql_args, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors
        )
        loaded = False
        try:
            # A pipe (PIPE above); the cast only tells the type checker so.
            psql_input = cast("IO[bytes]", psql.stdin)
            if _pg_pipe(restore_args, env, restore_errors, psql_input):
                with contextlib.suppress(BrokenPipeError):
                    psql_input.write(PG_COMPLETE)
                    psql_input.close()
                loaded = psql.wait() == 0
        finally:
            if not loaded:
                psql.kill()  # rolls back, as would the end of its input without PG_COMPLETE
                psql.wait()
        if not loaded:
            messages = []
            for file in (restore_errors, psql_errors):
                file.seek(0)
                messages.append(file.read().decode(errors="replace").strip())
            raise BackupFailed(
                _("The restore failed and nothing was changed: %(error)s")
                % {"error": "\n".join(message for message in messages if message)}
            )


def _pg_pipe(
    restore_args: list[str], env: dict[str, str], errors: IO[bytes], psql_input: IO[bytes]
) -> bool:
    """Run pg_restore into ``psql_input``; return whether it read the archive without error."""
    restore = subprocess.Popen(restore_args, env=env, stdout=subprocess.PIPE, stderr=errors)
    try:
        with cast("IO[bytes]", restore.stdout) as script:  # a pipe (PIPE above)
            while chunk := script.read(PG_CHUNK):
                psql_input.write(chunk)
    except BaseException as exc:  # an interrupt too: pg_restore must not outlive us
        restore.kill()
        restore.wait()
        if isinstance(exc, BrokenPipeError):  # psql stopped at a failed statement
            return False
        raise
    return restore.wait() == 0
