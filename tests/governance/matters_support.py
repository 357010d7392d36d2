"""Fixtures and helpers of the practical-matters tests (imported by the test modules)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.governance.matters import MatterData, matter_create, matter_progress
from guanai.governance.models import MatterUpdate, PracticalMatter
from guanai.orgs.models import OrgUnit
from tests import factories
from tests.conftest import Region

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
YEAR = 2026


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Store the photos of the test under its own directory."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


@pytest.fixture
def township_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")


def photo(name: str = "现场.png", data: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "image/png")


def data(
    lead: OrgUnit,
    owner: User | None,
    *,
    title: str = "为30名留守儿童开通亲情电话",
    deadline: date | None = date(YEAR, 9, 30),
    target: object = "30",
    target_unit: str = "名",
    detail: str = "",
) -> MatterData:
    return MatterData(
        title=title,
        lead_unit=lead,
        owner=owner,
        deadline=deadline,
        target=target,
        target_unit=target_unit,
        detail=detail,
    )


def matter(
    unit: OrgUnit,
    owner: User,
    *,
    lead: OrgUnit | None = None,
    year: int = YEAR,
    **fields: Any,
) -> PracticalMatter:
    """Put a matter on ``unit``'s list (as the system)."""
    return matter_create(SYSTEM, unit=unit, year=year, data=data(lead or unit, owner, **fields))


def progress(
    m: PracticalMatter, *, on: date = date(YEAR, 5, 1), link: str = "", **extra: Any
) -> MatterUpdate:
    m.refresh_from_db()
    return matter_progress(
        SYSTEM,
        m,
        version=m.version,
        on=on,
        text=extra.pop("text", "已开通10部"),
        link=link,
        **extra,
    )
