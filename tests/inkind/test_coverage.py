"""Eligible but not served: the list equals the hand-computed set for every service, a delivery
takes a person off it, an open request keeps them on it with its status, the counts per
service agree with the list, and nothing of another township shows."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.inkind.applications import application_create
from guanai.inkind.coverage import coverage_summary, not_served
from guanai.inkind.models import Application, Service
from tests.inkind.coverage_support import TODAY, delivered
from tests.inkind.support import World, service
from tests.support.queries import assert_num_queries

# Who of 冷碛镇 qualifies for each seeded service on TODAY, worked out by hand from the
# rules (tests/inkind/support.py describes the persons).
EXPECTED = {
    "wheelchair": {"王大爷"},
    "hearing_aid": {"李听"},
    "prosthesis": {"王大爷"},
    "crutches": {"王大爷"},
    "other_device": set(),
    "rehab_cp_child": {"小明"},
    "housing_renovation": {"赵婆婆"},
    "skills_training": {"李听"},
    "micro_loan": {"李听"},
    "medical_insurance": {"赵婆婆", "钱公"},
    "school_placement": {"小明"},
    "low_rent_housing": set(),
}


def names(unit_world: World, code: str, unit: object = None) -> list[str]:
    found = not_served(unit or unit_world.region.lengqi, service(code), TODAY)  # type: ignore[arg-type]
    return [p.name for p in found]


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_the_list_equals_the_hand_computed_set(world: World, code: str) -> None:
    assert set(names(world, code)) == EXPECTED[code]


def test_every_seeded_service_is_covered_by_the_expectation(world: World) -> None:
    assert set(Service.objects.filter(active=True).values_list("code", flat=True)) == set(EXPECTED)


def test_a_delivery_takes_the_person_off_the_list(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2026, 5, 3))

    assert names(world, "wheelchair") == []
    # Served for a wheelchair is not served for crutches
    assert names(world, "crutches") == ["王大爷"]


def test_on_a_day_before_the_delivery_the_person_was_still_not_served(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2026, 5, 3))

    found = not_served(world.region.lengqi, service("wheelchair"), date(2026, 5, 2))
    assert [p.name for p in found] == ["王大爷"]


def test_an_open_request_keeps_the_person_listed_with_its_status(world: World) -> None:
    request = application_create(
        world.lengqi_worker, person=world.elder, service=service("wheelchair"), source="office"
    )

    [elder] = not_served(world.region.lengqi, service("wheelchair"), TODAY)
    assert (elder.name, elder.open_id, elder.open_status) == ("王大爷", request.pk, "requested")
    # A request of another service is not this one's
    [deaf] = not_served(world.region.lengqi, service("hearing_aid"), TODAY)
    assert deaf.open_id is None


def test_a_person_of_another_township_never_shows(world: World) -> None:
    assert "周奶奶" not in names(world, "wheelchair")
    # The county holds both townships, in roster order (pinyin: wang before zhou)
    assert names(world, "wheelchair", world.region.county) == ["王大爷", "周奶奶"]


def test_an_archived_file_is_not_listed(world: World) -> None:
    from guanai.registry.services.persons import person_archive

    person_archive(acting_user=world.lengqi_worker, person=world.elder, reason="deceased")
    assert names(world, "wheelchair") == []


def test_the_summary_counts_agree_with_the_lists(world: World) -> None:
    delivered(world, world.deaf, "hearing_aid", date(2026, 5, 3))
    application_create(
        world.lengqi_worker, person=world.elder, service=service("wheelchair"), source="office"
    )

    with assert_num_queries(2):
        rows = {r.service.code: r for r in coverage_summary(world.region.lengqi, TODAY)}

    assert list(rows) == list(Service.objects.filter(active=True).values_list("code", flat=True))
    for code, row in rows.items():
        assert row.not_served == len(names(world, code)), code
    # An open request is not served; a delivery is
    assert (rows["wheelchair"].eligible, rows["wheelchair"].served) == (1, 0)
    assert rows["wheelchair"].not_served == 1
    assert (rows["hearing_aid"].eligible, rows["hearing_aid"].served) == (1, 1)
    assert rows["hearing_aid"].not_served == 0
    assert (rows["medical_insurance"].eligible, rows["medical_insurance"].not_served) == (2, 2)


def test_served_counts_a_person_who_no_longer_qualifies(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2026, 5, 3))
    span = world.elder.categories.get()
    span.ended_on = date(2026, 6, 1)
    span.save()

    [row] = [
        r for r in coverage_summary(world.region.lengqi, TODAY) if r.service.code == "wheelchair"
    ]

    assert (row.eligible, row.served, row.not_served) == (0, 1, 0)


def test_the_list_is_one_statement(world: World) -> None:
    wheelchair = service("wheelchair")
    with assert_num_queries(1):
        found = list(not_served(world.region.county, wheelchair, TODAY))
    assert len(found) == 2
    assert Application.objects.count() == 0
