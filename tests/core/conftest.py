"""Fixtures for the core tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Check messages against their English source, whatever catalogue is installed."""
    with translation.override("en"):
        yield
