from __future__ import annotations

import pytest

from tests.conftest import Region
from tests.crosscheck.support import World, make_world


@pytest.fixture
def world(region: Region) -> World:
    return make_world(region)
