"""The browser tests' demo, built once per worker and copied back before each test.

The browser tests commit what they do (the live server runs in another thread), so each
test's database is emptied after it (``transactional_db``) and the demo built again before
the next: 1.5 s a test, most of the browser tests' setup. Instead, the first test of a
worker builds it and copies every table into a table of its own beside it
(``CREATE TABLE … AS SELECT``); the emptying leaves those alone, as they belong to no
model, and each later test copies them back in one transaction. The ids are the same as
built, so the units returned are the demo's own; the sequences were not rewound by the
emptying, so what a test adds gets new ids. The copies are dropped when the worker has run
the browser tests (the package's fixture), before any other test of its database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction

from guanai.ops.demo import demo_build
from guanai.orgs.models import OrgUnit


@dataclass
class Snapshot:
    tables: list[str] = field(default_factory=list)
    units: dict[str, int] = field(default_factory=dict)

    def take(self) -> dict[str, OrgUnit]:
        units = demo_build(care=False)
        self.units = {key: unit.pk for key, unit in units.items()}
        self.tables = sorted(connection.introspection.django_table_names(only_existing=True))
        with connection.cursor() as cursor:
            for n, table in enumerate(self.tables):
                copy = f"CREATE TABLE {_copy(n)} AS SELECT * FROM {_quoted(table)}"  # noqa: S608
                cursor.execute(copy)
        return units

    def restore(self) -> dict[str, OrgUnit]:
        # The emptying ran the post-migrate steps again (content types, permissions):
        # their rows are replaced by the demo's, whose ids the other rows point to.
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {_quoted(table)}")  # noqa: S608 - table names
            for n, table in enumerate(self.tables):
                back = f"INSERT INTO {_quoted(table)} SELECT * FROM {_copy(n)}"  # noqa: S608
                cursor.execute(back)
        by_pk = OrgUnit.objects.in_bulk(self.units.values())
        return {key: by_pk[pk] for key, pk in self.units.items()}

    def demo(self) -> dict[str, OrgUnit]:
        return self.restore() if self.tables else self.take()

    def drop(self) -> None:
        """Drop the copies, so that no later test of the worker (a backup's) finds them."""
        with connection.cursor() as cursor:
            for n in range(len(self.tables)):
                cursor.execute(f"DROP TABLE IF EXISTS {_copy(n)}")
        self.tables = []


def _quoted(table: str) -> str:
    return connection.ops.quote_name(table)


def _copy(n: int) -> str:
    return connection.ops.quote_name(f"e2e_demo_copy_{n}")
