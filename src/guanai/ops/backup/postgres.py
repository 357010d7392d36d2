"""PostgreSQL backups with ``pg_dump --format=custom``; a restore empties the schema and loads
the output of ``pg_restore --no-owner`` with ``psql``, all in one transaction."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any, cast

from django.utils.translation import gettext as _

from guanai.ops.backup.info import MARKER_TABLE, BackupFailed

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


def pg_backup(settings_dict: dict[str, Any], target: Path) -> None:
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


def pg_check(settings_dict: dict[str, Any], path: Path) -> None:
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


def pg_restore(settings_dict: dict[str, Any], backup: Path) -> None:
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
