"""A real PostgreSQL streaming replica of the test database's cluster, for the router's tests.

``pg_replica`` (one per test module that uses it, stopped after the module) copies the
cluster that holds the test database with ``pg_basebackup -R`` into a temporary folder and
starts it on a free port as a hot standby (``tests/support/standby.py``); it takes a few
seconds. ``replica_alias`` adds the alias ``replica`` for a test module, as
``DATABASE_REPLICA_URL`` would, and takes it away after; ``replica`` hands a test the replica
caught up with the primary.

The main cluster must accept replication connections from 127.0.0.1 (``.ci/pg-replication``
sets that up; ``.ci/run`` runs it). On SQLite the tests that use these fixtures are
skipped: a replica needs PostgreSQL.

``tests/core/conftest.py`` imports the fixtures.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from pytest_django import DjangoDbBlocker

from guanai.core.db_router import REPLICA, forget_writes
from tests.support.standby import StandbyError, primary_settings, start_standby

NEEDS_POSTGRES = (
    "needs PostgreSQL: the read replica is a second PostgreSQL cluster made with "
    "pg_basebackup (run with DATABASE_URL=postgres://…)"
)


def postgres_only() -> pytest.MarkDecorator:
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=NEEDS_POSTGRES)


@dataclass
class Replica:
    port: int
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


# Module-scoped: stopped when the replica's tests are done, so that the rest of the run on this
# worker does not pay for a standby replaying every write of every later test.
@pytest.fixture(scope="module")
def pg_replica(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Replica]:
    """Start a streaming replica of the cluster that holds this process's test database."""
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        major, copied = primary_settings(cursor)
    try:
        standby = start_standby(
            host=primary["HOST"] or "127.0.0.1",
            port=int(primary["PORT"] or 5432),
            user=primary["USER"] or "postgres",
            major=major,
            copied=copied,
        )
    except StandbyError as error:
        pytest.fail(str(error))
    try:
        yield Replica(port=standby.port, seconds_to_start=standby.seconds_to_start)
    finally:
        standby.stop()


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
