"""Editing the catalogue through its services: who may, the code of a service (fixed once
made, checked when made), the rules checked, and a stale change refused."""

from __future__ import annotations

import pytest
from django.utils import translation

from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.inkind.catalogue import ServiceData, code_clean, service_create, service_update
from guanai.inkind.models import Service
from tests.inkind.support import World, service

pytestmark = pytest.mark.django_db

DEVICE = ServiceData(name="助行架", kind="device", rules={"categories": ["disabled"], "types": [4]})


def test_a_built_in_service_keeps_its_code_when_everything_else_changes(world: World) -> None:
    wheelchair = service("wheelchair")

    saved = service_update(
        world.county_leader,
        wheelchair,
        version=wheelchair.version,
        data=ServiceData(
            name="电动轮椅",
            kind="other",
            basis="县里自定",
            rules={"categories": ["tekun"], "support": ["scattered"]},
            active=False,
        ),
    )

    saved.refresh_from_db()
    assert saved.code == "wheelchair" and saved.built_in
    assert (saved.name, saved.kind, saved.active) == ("电动轮椅", "other", False)
    assert saved.rules == {"categories": ["tekun"], "support": ["scattered"]}
    assert saved.version == wheelchair.version + 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("walking_frame", "walking_frame"), ("  Walking_Frame2 ", "walking_frame2")],
)
def test_a_code_is_kept_in_lowercase(world: World, typed: str, stored: str) -> None:
    made = service_create(world.county_leader, code=typed, data=DEVICE)
    assert made.code == stored and not made.built_in


@pytest.mark.parametrize("code", ["", "walking-frame", "助行架", "a b", "x" * 41])
def test_a_code_of_other_characters_or_too_long_is_refused(world: World, code: str) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        service_create(world.county_leader, code=code, data=DEVICE)
    assert refused.value.field == "code"
    assert str(refused.value.message) == (
        "The code is 1 to 40 lowercase letters, digits or underscores, e.g. walking_frame."
    )
    assert not Service.objects.filter(name="助行架").exists()


def test_a_code_taken_is_refused(world: World) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        code_clean("Hearing_Aid")
    assert str(refused.value.message) == "The code hearing_aid is taken."


def test_only_a_leader_of_a_county_changes_the_catalogue(world: World) -> None:
    wheelchair = service("wheelchair")
    for user in (world.lengqi_leader, world.lengqi_worker):
        with translation.override("en"), pytest.raises(PermissionRefused) as refused:
            service_update(user, wheelchair, version=wheelchair.version, data=DEVICE)
        assert "Only a leader of a county or above" in str(refused.value.message)
        with pytest.raises(PermissionRefused):
            service_create(user, code="walking_frame", data=DEVICE)
    assert service("wheelchair").name == "轮椅"
    assert not Service.objects.filter(code="walking_frame").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ServiceData(name="  ", kind="device", rules=DEVICE.rules), "Enter the service's name."),
        (ServiceData(name="助行架", kind="car", rules=DEVICE.rules), "Choose the kind of service."),
        (
            ServiceData(name="助行架", kind="device", rules={"categories": []}),
            "Choose at least one category the service is for.",
        ),
        (
            ServiceData(name="助行架", kind="device", rules={"categories": ["tekun"], "x": 1}),
            "Unknown eligibility rule: x.",
        ),
        (
            ServiceData(
                name="助行架", kind="device", rules={"categories": ["disabled"], "age_min": 121}
            ),
            "Lowest age must be a whole number of years from 0 to 120.",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    world: World, data: ServiceData, message: str
) -> None:
    wheelchair = service("wheelchair")
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        service_update(world.county_leader, wheelchair, version=wheelchair.version, data=data)
    assert str(refused.value.message) == message
    again = service("wheelchair")
    assert (again.name, again.rules, again.version) == (
        wheelchair.name,
        wheelchair.rules,
        wheelchair.version,
    )


def test_a_stale_change_is_refused_naming_what_changed(world: World) -> None:
    wheelchair = service("wheelchair")
    service_update(
        world.county_leader,
        wheelchair,
        version=wheelchair.version,
        data=ServiceData(name="轮椅（手动）", kind="device", rules=wheelchair.rules),
    )

    with translation.override("en"), pytest.raises(StaleEdit) as refused:
        service_update(
            world.county_leader,
            wheelchair,
            version=wheelchair.version,
            data=ServiceData(name="轮椅（电动）", kind="device", rules=wheelchair.rules),
        )

    assert "Someone changed this service after you opened it" in str(refused.value.message)
    assert service("wheelchair").name == "轮椅（手动）"
