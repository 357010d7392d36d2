"""Building a demo once for many tests, inside a transaction rolled back at the end.

The whole demo (2,000 persons, six months of care, a year of rolls, the reports) takes
10–20 s to build, and most of its tests only read it. Built in a fixture function per
test, it was the slowest part of the suite; ``tests/ops/demo/`` builds it once for the
package and ``test_demo_roster`` once for its module, each inside a transaction rolled
back at the end (as Django's ``TestCase.setUpTestData`` does), and each test (through
``db``) runs in a savepoint of its own within it, so what a test changes is gone before
the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from tests.support.seeded import reseed


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """Open the database for a module-scoped fixture; roll back all it wrote at the end.

    The rows the data migrations seed are made first if a transactional test removed them.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            reseed()
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
