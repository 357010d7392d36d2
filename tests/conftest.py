"""Named fixtures shared by every test: a small region and one account per role.

The tree mirrors the demo: 四川省 → 甘孜州 → 泸定县 → 冷碛镇 / 兴隆镇 → villages and schools.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from zeal import zeal_context

from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories

# No time limit per example: the suite runs two workers beside a browser and a database,
# and a property is about what is computed, not how fast (benchmarks hold speed).
hypothesis_settings.register_profile(
    "guanai", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("guanai")

# Tests that take a minute or more on their own (a walk of every route, a migration there
# and back, the demo built whole), started early (``pytest_collection_modifyitems``).
LONG_MODULES = (
    "tests/test_volunteer_sees_no_digits.py",
    "tests/test_route_scoping.py",
    "tests/activities/test_migration_kinds.py",
    "tests/ops/demo/",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the long tests first; the rest keep their order.

    pytest-xdist hands the largest groups out first (the browser tests are one group, run by
    one worker), then the other tests one by one in this order, to whichever worker is free.
    A test of a minute or two that came last (tests/test_*.py are collected last) kept one
    worker busy while the other had nothing left: started early, both workers end together.
    """
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_MODULES))  # stable sort


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Start every test in the default language (Chinese).

    A request through the test client leaves the language it chose (an English
    Accept-Language) active in the thread; without this a later test in the same worker
    would read English where it expects Chinese.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def no_n_plus_one() -> Iterator[None]:
    """Raise on N+1 queries in the test's own calls of selectors (django-zeal).

    Every request made in a test is already checked by zeal's middleware (settings_test);
    this fixture covers selectors and services called directly.
    """
    with zeal_context():
        yield


@dataclass
class Region:
    province: OrgUnit
    prefecture: OrgUnit
    county: OrgUnit
    lengqi: OrgUnit
    xinglong: OrgUnit
    ganlusi: OrgUnit
    shencun: OrgUnit
    lengqi_school: OrgUnit
    xinglong_school: OrgUnit
    office: OrgUnit


@pytest.fixture
def region(db: None) -> Region:
    province = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    prefecture = factories.org_unit(
        parent=province, kind=OrgKind.PREFECTURE, name="甘孜藏族自治州", code="513300"
    )
    county = factories.org_unit(
        parent=prefecture, kind=OrgKind.COUNTY, name="泸定县", code="513322"
    )
    lengqi = factories.org_unit(
        parent=county, kind=OrgKind.TOWNSHIP, name="冷碛镇", code="513322101000"
    )
    xinglong = factories.org_unit(
        parent=county, kind=OrgKind.TOWNSHIP, name="兴隆镇", code="513322102000"
    )
    return Region(
        province=province,
        prefecture=prefecture,
        county=county,
        lengqi=lengqi,
        xinglong=xinglong,
        ganlusi=factories.org_unit(
            parent=lengqi, kind=OrgKind.VILLAGE, name="甘露寺村", code="513322101201"
        ),
        shencun=factories.org_unit(
            parent=xinglong, kind=OrgKind.VILLAGE, name="沈村", code="513322102201"
        ),
        lengqi_school=factories.org_unit(parent=lengqi, kind=OrgKind.SCHOOL, name="冷碛镇中心小学"),
        xinglong_school=factories.org_unit(
            parent=xinglong, kind=OrgKind.SCHOOL, name="兴隆镇中心小学"
        ),
        office=factories.org_unit(parent=county, kind=OrgKind.OFFICE, name="泸定县民政局"),
    )


@pytest.fixture
def county_sysadmin(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.SYSADMIN, username="county_sysadmin")


@pytest.fixture
def county_secadmin(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.SECADMIN, username="county_secadmin")


@pytest.fixture
def county_auditor(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.AUDITOR, username="county_auditor")


@pytest.fixture
def county_leader(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.LEADER, username="county_leader")


@pytest.fixture
def township_worker(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.WORKER, username="township_worker")


@pytest.fixture
def other_township_worker(region: Region) -> User:
    return factories.user(unit=region.xinglong, role=Role.WORKER, username="xinglong_worker")


@pytest.fixture
def school_helper(region: Region) -> User:
    return factories.user(unit=region.lengqi_school, role=Role.HELPER, username="school_helper")


@pytest.fixture
def prefecture_viewer(region: Region) -> User:
    return factories.user(unit=region.prefecture, role=Role.VIEWER, username="prefecture_viewer")


def logged_in(account: User) -> Client:
    client = Client()
    client.force_login(account)
    return client
