"""A real PostgreSQL streaming replica of the test database's cluster, for the router's tests.

``pg_replica`` (one per test module that uses it, stopped after the module) copies the
cluster that holds the test database with ``pg_basebackup -R`` into a temporary folder and
starts it on a free port as a hot standby; it takes a few seconds. ``replica_alias`` adds the alias
``replica`` for a test module, as ``DATABASE_REPLICA_URL`` would, and takes it away after;
``replica`` hands a test the replica caught up with the primary.

The main cluster must accept replication connections from 127.0.0.1 (``.ci/pg-replication``
sets that up; ``.ci/run`` runs it). On SQLite the tests that use these fixtures are
skipped: a replica needs PostgreSQL.

``tests/core/conftest.py`` imports the fixtures.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from pytest_django import DjangoDbBlocker

from guanai.core.db_router import REPLICA, forget_writes

NEEDS_POSTGRES = (
    "needs PostgreSQL: the read replica is a second PostgreSQL cluster made with "
    "pg_basebackup (run with DATABASE_URL=postgres://…)"
)
# A standby refuses to start with less of these than its primary has.
COPIED_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def postgres_only() -> pytest.MarkDecorator:
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=NEEDS_POSTGRES)


@dataclass
class Replica:
    port: int
    data: Path
    seconds_to_start: float

    def sql(self, statement: str) -> list[tuple[object, ...]]:
        """Run a statement on the replica's own connection (the test database)."""
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(statement)
            return list(cursor.fetchall()) if cursor.description else []

    def pause(self) -> None:
        """Stop replaying the primary's changes: the replica lags from now on."""
        self.sql("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        self.sql("SELECT pg_wal_replay_resume()")

    def catch_up(self, timeout: float = 30) -> None:
        """Wait until the replica has replayed everything the primary has written."""
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            target = cursor.fetchone()[0]
        deadline = time.monotonic() + timeout
        while True:
            caught_up = self.sql(
                f"SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '{target}') >= 0"
            )[0][0]
            if caught_up:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the replica did not replay up to {target} in {timeout}s")
            time.sleep(0.02)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bin_dir(major: int) -> Path:
    debian = Path(f"/usr/lib/postgresql/{major}/bin")
    if (debian / "pg_ctl").exists():
        return debian
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    pytest.fail(
        f"PostgreSQL {major} runs the tests but its programs (pg_basebackup, pg_ctl) are not "
        f"on this machine ({debian} or PATH): install its server package."
    )


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as ``postgres`` then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        hint = ""
        if "replication connection" in done.stderr or "pg_hba.conf" in done.stderr:
            hint = "\nRun .ci/pg-replication to let replication connections from 127.0.0.1 in."
        pytest.fail(f"{what} failed:\n{done.stderr.strip()}{hint}")


# Module-scoped: stopped when the replica's tests are done, so that the rest of the run on this
# worker does not pay for a standby replaying every write of every later test.
@pytest.fixture(scope="module")
def pg_replica(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Replica]:
    """Start a streaming replica of the cluster that holds this process's test database."""
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
        copied = {}
        for name in COPIED_SETTINGS:
            cursor.execute(f"SHOW {name}")
            copied[name] = cursor.fetchone()[0]
    bin_dir = _bin_dir(major)
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="guanai-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres", group="postgres")
    data = folder / "data"
    port = _free_port()
    _run(
        [
            str(bin_dir / "pg_basebackup"),
            *("-h", primary["HOST"] or "127.0.0.1", "-p", str(primary["PORT"] or 5432)),
            *("-U", primary["USER"] or "postgres", "-D", str(data)),
            # -R: standby.signal and primary_conninfo; a fast checkpoint and no fsync,
            # or the copy waits for the primary's next checkpoint and the disk.
            *("-R", "-X", "stream", "-c", "fast", "--no-sync"),
        ],
        "pg_basebackup of the primary",
    )
    # Debian keeps postgresql.conf and pg_hba.conf outside the data folder.
    settings = {
        **copied,
        "port": str(port),
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{folder}'",
        "hot_standby": "on",
        "fsync": "off",
        "shared_buffers": "'32MB'",
        "logging_collector": "off",
    }
    conf = "".join(f"{name} = {value}\n" for name, value in settings.items())
    for name, text in {
        "postgresql.conf": conf,
        "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        "pg_ident.conf": "",
    }.items():
        (data / name).write_text(text)
        if os.geteuid() == 0:
            shutil.chown(data / name, user="postgres", group="postgres")
    pg_ctl = str(bin_dir / "pg_ctl")
    log = folder / "replica.log"
    _run(
        [pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "start"], "Starting the replica"
    )
    try:
        yield Replica(port=port, data=data, seconds_to_start=time.monotonic() - started)
    finally:
        subprocess.run(
            _as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def replica_alias(pg_replica: Replica) -> Iterator[Replica]:
    """The alias ``replica`` for a module's tests, as ``DATABASE_REPLICA_URL`` would add it.

    Module-scoped so that it exists before pytest-django checks the test's ``databases``
    (which must name it): the alias is added after the test database is set up, so Django
    makes no test database for it; as a test mirror of ``default`` it is never flushed.
    """
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    entry = {**primary, "PORT": str(pg_replica.port), "HOST": "127.0.0.1"}
    entry["TEST"] = {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[REPLICA] = entry
    try:
        yield pg_replica
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica(replica_alias: Replica) -> Iterator[Replica]:
    """The replica, caught up with the primary, for one test.

    The test must commit what the replica is to see (``django_db(transaction=True,
    databases=["default", "replica"])``): the primary sends only committed changes.
    Request it after the fixtures that write the test's world.
    """
    forget_writes()  # the fixtures' writes: the test decides what was written "just now"
    try:
        replica_alias.catch_up()
        yield replica_alias
    finally:
        forget_writes()
        replica_alias.resume()
