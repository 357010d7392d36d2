"""``guanai not-served --org CODE --json``: the fixed shape other tools read, every service
in use, the counts equal to the lists, and an unknown code refused on stderr."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from guanai.cli import main
from guanai.inkind.coverage import not_served
from guanai.inkind.models import Service
from tests.inkind.coverage_support import delivered
from tests.inkind.support import World

CODES = {
    "wheelchair",
    "hearing_aid",
    "prosthesis",
    "housing_renovation",
    "rehab_cp_child",
    "skills_training",
    "micro_loan",
}


def run(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("not_served", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_json_names_every_service_in_use_with_its_counts(world: World) -> None:
    delivered(world, world.deaf, "hearing_aid", date(2026, 5, 3))

    found = run("--org", "513322101000", "--json")

    assert list(found) == ["org", "services"]
    assert found["org"] == "513322101000"
    services = found["services"]
    assert isinstance(services, list)
    assert all(list(s) == ["service", "name", "eligible", "served", "not_served"] for s in services)
    assert [s["service"] for s in services] == list(
        Service.objects.filter(active=True).values_list("code", flat=True)
    )
    assert {s["service"] for s in services} >= CODES
    by_code = {s["service"]: s for s in services}
    assert by_code["wheelchair"] == {
        "service": "wheelchair",
        "name": "轮椅",
        "eligible": 1,
        "served": 0,
        "not_served": 1,
    }
    assert (by_code["hearing_aid"]["served"], by_code["hearing_aid"]["not_served"]) == (1, 0)
    assert by_code["medical_insurance"]["not_served"] == 2
    today = timezone.localdate()
    for code, row in by_code.items():
        listed = not_served(world.region.lengqi, Service.objects.get(code=code), today).count()
        assert row["not_served"] == listed, code


def test_the_county_holds_both_townships(world: World) -> None:
    found = run("--org", "513322", "--json")
    by_code = {s["service"]: s for s in found["services"]}  # type: ignore[attr-defined]
    assert by_code["wheelchair"]["not_served"] == 2


def test_a_stopped_service_is_left_out(world: World) -> None:
    Service.objects.filter(code="low_rent_housing").update(active=False)
    found = run("--org", "513322101000", "--json")
    assert "low_rent_housing" not in {s["service"] for s in found["services"]}  # type: ignore[attr-defined]


def test_without_json_a_table(world: World) -> None:
    out = StringIO()
    call_command("not_served", "--org", "513322101000", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "冷碛镇 513322101000"
    assert "轮椅\twheelchair\t1\t0\t1" in lines


@pytest.mark.parametrize("code", ["", "999999", "51332210100"])
def test_an_unknown_code_is_refused_with_nothing_printed(world: World, code: str) -> None:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("not_served", "--org", code, "--json", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.django_db(transaction=True)  # the command closes its connection
def test_the_console_script_names_it_with_a_dash(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["guanai", "not-served", "--org", "999999", "--json"])
    assert ended.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "999999" in captured.err

    main(["guanai", "not-served", "--org", "513322101000", "--json"])
    assert json.loads(capsys.readouterr().out)["org"] == "513322101000"
