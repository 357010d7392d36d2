"""The dashboard's volunteers-and-giving card through the API: the same figures as the
page, scoped like it, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from guanai.accounts.models import User
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region
from tests.reports.community_support import groups_with_hours
from tests.reports.conftest import TODAY, community  # noqa: F401  (the fixture)

PATH = "/api/reports/community"


@pytest.mark.usefixtures("community")
def test_the_card_of_the_county(region: Region, county_leader: User) -> None:
    for month in ("2026-10", "2026-11"):
        facts_refresh(month_of(month, today=TODAY))
    with on(TODAY):
        response = Client().get(
            PATH, {"unit_id": region.county.pk, "month": "2026-11"}, headers=bearer(county_leader)
        )

    assert response.status_code == 200
    body = response.json()
    assert [(g["group"]["name"], g["hours"]) for g in body["groups"]] == [
        ("泸定县志愿者协会", "13.0"),
        ("泸定县青年志愿者服务队", "3.0"),
    ]
    assert body["more_groups"] == 0
    months = {m["month"]: m for m in body["months"]}
    assert len(body["months"]) == 12
    assert months["2026-10"] == {
        "month": "2026-10",
        "cash": "1620.50",
        "in_kind": 4,
        "in_kind_value": "12800.00",
        "grants": "500.00",
    }
    assert months["2026-11"]["grants"] == "100.00"
    assert body["needs"] == {"open": 1, "partly_met": 1, "met": 3}


@pytest.mark.usefixtures("community")
def test_another_township_and_a_helper_get_nothing(
    region: Region,
    other_township_worker: User,
    school_helper: User,
    township_worker: User,
) -> None:
    query = {"unit_id": region.lengqi.pk, "month": "2026-10"}
    with on(TODAY):
        assert Client().get(PATH, query, headers=bearer(other_township_worker)).status_code == 404
        assert Client().get(PATH, query, headers=bearer(school_helper)).status_code == 403
        assert Client().get(PATH, query).status_code == 401
        assert Client().get(PATH, query, headers=bearer(township_worker)).status_code == 200
        bad = Client().get(
            PATH, {"unit_id": region.lengqi.pk, "month": "2026-13"}, headers=bearer(township_worker)
        )
    assert bad.status_code in (400, 422)


@pytest.mark.parametrize("groups", [1, 50])
def test_the_card_takes_a_fixed_number_of_queries(
    region: Region,
    county_leader: User,
    groups: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    groups_with_hours(region, groups)
    headers = bearer(county_leader)
    # The token and its last use written, its user's memberships, the unit, the hours per
    # group, the facts.
    with on(TODAY), django_assert_num_queries(6):
        response = Client().get(
            PATH, {"unit_id": region.county.pk, "month": "2026-10"}, headers=headers
        )
    assert response.status_code == 200
    assert len(response.json()["groups"]) == min(groups, 10)
    assert response.json()["more_groups"] == max(groups - 10, 0)
