"""Lists through the API, read in English: an upload answered with its counts, rejects and
findings; bad input refused with the clerk's message and nothing kept; the scope of units
and roles; the list of lists in as many queries for one list as for fifty."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from guanai.accounts.models import Role
from guanai.core.crypto import lookup_hash
from guanai.crosscheck.models import CheckList, Finding
from tests import factories
from tests.crosscheck.api_support import DEATHS, api, post_list
from tests.crosscheck.support import World, outsider_id
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = str(tmp_path)


def mistyped(number: str) -> str:
    """The number with a wrong check digit."""
    return number[:-1] + ("1" if number[-1] == "0" else "0")


def kept_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "crosscheck"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_upload_answers_its_counts_rejects_and_findings(world: World, tmp_path: Path) -> None:
    today = timezone.localdate().isoformat()
    rows = [
        DEATHS,
        ["王小芳", world.orphan.id_number, today],
        ["周奶奶", world.other.id_number, today],  # 兴隆镇: counted, never shown
        ["路人", outsider_id(), today],
        ["孙明", mistyped(world.healthy.id_number), today],
    ]

    answer = post_list(api(world.lengqi_worker), world.region.lengqi, rows)

    assert answer.status_code == 201, answer.content
    found = answer.json()
    assert (found["rows"], found["rejected"], found["matched"]) == (4, 1, 1)
    assert (found["not_found"], found["out_of_scope"]) == (1, 1)
    assert found["findings"] == {"death_active_file": 1}
    assert found["rejects"] == [
        {
            "row": 5,
            "field": "id_number",
            "reason": "The ID number is not valid: a digit is probably mistyped (check digit).",
        }
    ]
    assert found["unit"] == {"id": world.region.lengqi.pk, "name": "冷碛镇"}
    assert (found["kind"], found["source"], found["purpose"]) == ("deaths", "县公安局", "月度比对")
    assert found["uploaded_by"] == world.lengqi_worker.full_name
    assert found["file_name"] == "deaths.csv" and found["file_kept"] is True
    assert found["rows_purged_at"] is None
    # No number in clear, no hash: not of the persons matched, not of the others
    for person in (world.orphan, world.other, world.healthy):
        assert person.id_number not in answer.content.decode()
        assert lookup_hash(person.id_number) not in answer.content.decode()
    assert outsider_id() not in answer.content.decode()
    assert "stored_file" not in found and str(tmp_path) not in answer.content.decode()
    assert len(kept_files(tmp_path)) == 1
    assert api(world.lengqi_worker).get(f"/api/crosscheck/lists/{found['id']}").json() == found


@pytest.mark.parametrize(
    ("fields", "detail", "field"),
    [
        ({"source": "   "}, "Say which agency issued the list.", "source"),
        ({"purpose": " "}, "State the purpose of the comparison.", "purpose"),
        (
            {"as_of": timezone.localdate() + timedelta(days=1)},
            "The list's date is in the future.",
            "as_of",
        ),
    ],
)
def test_bad_form_values_are_refused_and_nothing_is_kept(
    world: World, tmp_path: Path, fields: dict[str, Any], detail: str, field: str
) -> None:
    rows = [DEATHS, ["王小芳", world.orphan.id_number, "2025-01-01"]]

    answer = post_list(api(world.lengqi_worker), world.region.lengqi, rows, **fields)

    assert (answer.status_code, answer.json()) == (400, {"detail": detail, "field": field})
    assert not CheckList.objects.exists() and not Finding.objects.exists()
    assert kept_files(tmp_path) == []


def test_a_file_that_cannot_be_used_is_refused(world: World, tmp_path: Path) -> None:
    client, lengqi = api(world.lengqi_worker), world.region.lengqi
    text = post_list(client, lengqi, content=b"hello", filename="deaths.txt")
    assert text.status_code == 400
    assert text.json()["detail"].startswith("Unsupported file type “.txt”")
    # No date-of-death column: the list cannot be a deaths list
    no_date = post_list(client, lengqi, [["姓名", "公民身份号码"], ["王小芳", "1"]])
    assert no_date.status_code == 400 and "死亡日期" in no_date.json()["detail"]
    header_only = post_list(client, lengqi, [DEATHS])
    assert header_only.json() == {
        "detail": "The file has no rows below its header.",
        "field": "file",
    }
    assert not CheckList.objects.exists() and kept_files(tmp_path) == []


def test_the_schema_refuses_an_unknown_kind_and_a_missing_file(world: World) -> None:
    client = api(world.lengqi_worker)
    unknown = post_list(client, world.region.lengqi, kind="births")
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "kind"
    no_file = client.post(
        "/api/crosscheck/lists",
        {
            "org_unit_id": world.region.lengqi.pk,
            "kind": "deaths",
            "source": "县公安局",
            "purpose": "月度比对",
            "as_of": "2025-01-01",
        },
    )
    assert no_file.status_code == 422
    assert no_file.json()["detail"][0]["loc"][-1] == "file"
    assert not CheckList.objects.exists()


def test_the_scope_of_units_and_roles(world: World) -> None:
    rows = [DEATHS, ["王小芳", world.orphan.id_number, "2025-01-01"]]
    lengqi = world.region.lengqi
    made = post_list(api(world.lengqi_worker), lengqi, rows).json()
    url = f"/api/crosscheck/lists/{made['id']}"
    outsider = api(world.xinglong_worker)

    # Another township: the unit and the list are not found, the list of lists is empty
    assert post_list(outsider, lengqi, rows).status_code == 404
    assert outsider.get(url).status_code == 404
    assert outsider.get("/api/crosscheck/lists").json() == {"items": [], "count": 0}
    assert outsider.get("/api/crosscheck/lists", {"unit_id": lengqi.pk}).status_code == 404
    # A viewer reads, but does not upload
    viewer = api(factories.user(unit=lengqi, role=Role.VIEWER, username="cc_viewer"))
    assert viewer.get(url).json()["id"] == made["id"]
    refused = post_list(viewer, lengqi, rows)
    assert refused.status_code == 403
    assert (
        refused.json()["detail"] == "Only a leader or worker of the unit may upload a list for it."
    )
    # A helper and a system administrator read no cross-checks at all
    for role in (Role.HELPER, Role.SYSADMIN):
        other = api(factories.user(unit=lengqi, role=role))
        for answer in (
            other.get(url),
            other.get("/api/crosscheck/lists"),
            post_list(other, lengqi, rows),
        ):
            assert answer.status_code == 403
            assert answer.json()["detail"] == (
                "Cross-checks are read by the leaders, workers and viewers of a unit."
            )
    # The county reads the township's lists, and filters them
    county = api(world.county_leader)
    assert county.get(url).status_code == 200
    assert county.get("/api/crosscheck/lists", {"unit_id": lengqi.pk}).json()["count"] == 1
    xinglong = county.get("/api/crosscheck/lists", {"unit_id": world.region.xinglong.pk})
    assert xinglong.json()["count"] == 0
    assert county.get("/api/crosscheck/lists", {"kind": "school"}).json()["count"] == 0
    assert CheckList.objects.count() == 1


def test_the_list_of_lists_costs_as_many_queries_for_one_as_for_fifty(world: World) -> None:
    def make(n: int) -> None:
        CheckList.objects.create(
            org_unit=world.region.lengqi,
            kind="deaths",
            source="县公安局",
            purpose="月度比对",
            as_of=timezone.localdate(),
            file_name=f"list{n}.csv",
            uploaded_by=world.lengqi_worker,
            findings={"death_active_file": n},
            rejects=[{"row": 2, "field": "name", "reason": "Enter the person's name."}],
        )

    client = api(world.lengqi_leader)
    make(0)
    client.get("/api/crosscheck/lists")
    with count_queries() as few:
        client.get("/api/crosscheck/lists")
    for n in range(1, 50):
        make(n)
    with count_queries() as many:
        found = client.get("/api/crosscheck/lists").json()
    assert_same_query_count(few, many)
    assert found["count"] == 50 and len(found["items"]) == 50
    assert found["items"][0]["file_name"] == "list49.csv"
    assert "rejects" not in found["items"][0]
