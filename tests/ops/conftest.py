"""The demo, built once for a test module and rolled back at its end.

The whole demo (2,000 persons, six months of care, a year of rolls, the reports) takes
10–20 s to build, and most of its tests only read it. Built in a fixture function per
test, it was the slowest part of the suite; here it is built once per module inside a
transaction rolled back at the end (as Django's ``TestCase.setUpTestData`` does), and each
test (through ``db``) runs in a savepoint of its own within it, so what a test changes is
gone before the next one.

A module that uses ``demo_once`` should use no other module-scoped build (the second would
be made inside the first's transaction), hence the roster's own module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, transaction

from guanai.ops.demo import demo_build
from guanai.orgs.models import OrgUnit


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """Open the database for a module-scoped fixture; roll back all it wrote at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def constraints_checked() -> None:
    """Check now the deferred foreign keys of what the module's fixture built.

    PostgreSQL checks them at the end of a transaction, and the teardown of every test
    (Django's ``TestCase``) asks for them at once, inside the test's savepoint: rolled
    back with it, the module's checks stayed pending and ran again after each test
    (0.4 s a test with the whole demo). Checked here, outside any test, they run once.
    """
    if connection.features.can_defer_constraint_checks:
        connection.check_constraints()


@pytest.fixture(scope="module")
def demo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, OrgUnit]]:
    """The whole demo, built once for the module; returns its units by key."""
    with rolled_back(django_db_blocker):
        units = demo_build()
        constraints_checked()
        yield units


@pytest.fixture
def demo(demo_once: dict[str, OrgUnit], db: None) -> dict[str, OrgUnit]:
    """The module's demo, for one test: what the test writes is rolled back after it."""
    return demo_once
