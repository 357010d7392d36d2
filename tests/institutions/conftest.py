"""Every institutions test runs on one fixed day, so that ages and the last twelve months
of training are what the tests say whatever the day they run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.care.log_support import on
from tests.institutions.support import TODAY


@pytest.fixture(autouse=True)
def _on_the_test_day() -> Iterator[None]:
    with on(TODAY):
        yield
