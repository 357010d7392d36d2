"""The whole demo, built once for every module of this package and rolled back at its end.

Each module here only reads the demo (what a test writes is rolled back after it), so one
build serves them all: the modules share the xdist group ``demo``, which sends them to one
worker together, and the package scope keeps the build until the last of them has run.
A module that needs a demo built otherwise (``test_demo_roster``, without its roster step)
or built by its tests (``test_demo_giving``) stays outside the package: inside, it would
be built within this one's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from guanai.ops.demo import demo_build
from guanai.orgs.models import OrgUnit
from tests.ops.conftest import constraints_checked, rolled_back


@pytest.fixture(scope="package")
def demo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, OrgUnit]]:
    """The whole demo, built once for the package; returns its units by key."""
    with rolled_back(django_db_blocker):
        units = demo_build()
        constraints_checked()
        yield units


@pytest.fixture
def demo(demo_once: dict[str, OrgUnit], db: None) -> dict[str, OrgUnit]:
    """The package's demo, for one test: what the test writes is rolled back after it."""
    return demo_once
