from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Region
from tests.crosscheck.support import World, make_world


@pytest.fixture(autouse=True)
def _lists_kept_aside(settings: Any, tmp_path: Path) -> None:
    """Keep the sealed copies of uploaded lists in the test's own folder."""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def world(region: Region) -> World:
    return make_world(region)
