from __future__ import annotations

import pytest

from guanai.inkind.catalogue import seeded
from guanai.inkind.models import Service
from tests.conftest import Region
from tests.inkind.support import World, make_world


@pytest.fixture(autouse=True)
def _catalogue(db: None) -> None:
    """Seed the catalogue again where a browser test emptied the tables before this test (as
    the data migration does on a new database)."""
    seeded.seed(Service)


@pytest.fixture
def world(region: Region) -> World:
    return make_world(region)
