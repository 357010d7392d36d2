"""Fixtures for the core tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

# A real PostgreSQL streaming replica for the router's tests (test_replica.py).
from tests.support.replica import pg_replica, replica, replica_alias  # noqa: F401


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Check messages against their English source, whatever catalogue is installed."""
    with translation.override("en"):
        yield
