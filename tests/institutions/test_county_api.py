"""The API of elder and welfare homes, the county overview and the evidence photos: the
category in and out, the overview's numbers equal to the rows, photos added, listed,
read and removed with the pages' checks, query counts fixed at 1 and 50."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.core.uscc import make_uscc
from guanai.institutions.models import EvidencePhoto
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.institutions.county_support import resident
from tests.institutions.support import XINGLONG_HOME_CODE, hire, home_in
from tests.support.queries import assert_same_query_count, count_queries

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
REF = quote("机构-4")


def api(user: User) -> Client:
    return Client(headers=bearer(user))


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_category_goes_in_and_out(region: Region) -> None:
    home = home_in(region.lengqi)
    client = api(home.clerk)
    answer = client.put(
        f"/api/institutions/{home.unit.pk}/profile",
        json.dumps(
            {
                "category": "elder_home",
                "operator": "government",
                "premises": "own",
                "capacity": 12,
                "version": 1,
            }
        ),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["profile"]["category"], body["profile"]["type"]) == ("elder_home", "residential")
    assert body["checklist"] is None and body["items"] == []
    # A care institution without its type is refused, nothing changed
    refused = client.put(
        f"/api/institutions/{home.unit.pk}/profile",
        json.dumps({"operator": "government", "premises": "own", "version": 2}),
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "type"
    listed = client.get("/api/institutions").json()["items"][0]
    assert listed["profile"]["category"] == "elder_home" and listed["checklist"] is None


def test_the_overview_numbers_equal_the_rows(region: Region, county_leader: User) -> None:
    care = home_in(region.lengqi, capacity=4)
    resident(care.institution, disability=5)
    resident(care.institution, disability=6)
    resident(care.institution, disability=6, refused=True)
    elder = home_in(
        region.xinglong, name="敬老院", code=XINGLONG_HOME_CODE, category="elder_home", type=""
    )
    resident(elder.institution, tekun=True)

    body = api(county_leader).get("/api/institutions/overview").json()

    rows = {r["id"]: r for r in body["rows"]}
    assert rows[care.unit.pk]["residents"] == 2 and rows[care.unit.pk]["occupancy"] == "50.0"
    assert rows[care.unit.pk]["disability_types"] == [0, 0, 0, 0, 1, 1, 0]
    assert rows[care.unit.pk]["percent"] is not None and rows[care.unit.pk]["unmet"]
    assert rows[elder.unit.pk]["category"] == "elder_home"
    assert rows[elder.unit.pk]["percent"] is None and rows[elder.unit.pk]["unmet"] == []
    assert (rows[elder.unit.pk]["residents"], rows[elder.unit.pk]["capacity"]) == (1, 30)
    totals = body["totals"]
    assert (totals["capacity"], totals["residents"], totals["occupancy"]) == (34, 3, "8.8")
    assert totals["not_met"] == len(rows[care.unit.pk]["unmet"])
    # A township worker sees their township's only
    worker = factories.user(unit=region.xinglong, role=Role.WORKER)
    assert [r["id"] for r in api(worker).get("/api/institutions/overview").json()["rows"]] == [
        elder.unit.pk
    ]


def test_photos_are_added_listed_read_and_removed(region: Region, county_leader: User) -> None:
    home = home_in(region.lengqi)
    client = api(home.clerk)
    path = f"/api/institutions/{home.unit.pk}/checklist/{REF}/photos"
    early = client.post(path, {"photos": [SimpleUploadedFile("a.png", PNG, "image/png")]})
    assert early.status_code == 400 and early.json()["field"] == "ref"
    client.put(
        f"/api/institutions/{home.unit.pk}/checklist/{REF}",
        json.dumps({"status": "met", "checked_on": "2026-12-01"}),
        content_type="application/json",
    )
    bad = client.post(
        path,
        {
            "photos": [
                SimpleUploadedFile("a.png", PNG, "image/png"),
                SimpleUploadedFile("执照.jpg", b"%PDF-1.7", "image/jpeg"),
            ]
        },
    )
    assert bad.status_code == 400 and bad.json()["field"] == "photos"
    assert "执照.jpg" in bad.json()["detail"] and not EvidencePhoto.objects.exists()
    added = client.post(path, {"photos": [SimpleUploadedFile("执照.png", PNG, "image/png")]})
    assert added.status_code == 201
    photo = added.json()[0]
    assert (photo["ref"], photo["original_name"], photo["size"]) == ("机构-4", "执照.png", len(PNG))
    assert client.get(path).json() == added.json()
    read = client.get(photo["url"])
    assert read.status_code == 200 and b"".join(read.streaming_content) == PNG
    other = home_in(region.xinglong, name="兴隆镇阳光家园", code=XINGLONG_HOME_CODE).clerk
    assert api(other).get(photo["url"]).status_code == 404
    assert api(other).delete(photo["url"]).status_code == 404
    viewer = factories.user(unit=region.lengqi, role=Role.VIEWER)
    assert api(viewer).delete(photo["url"]).status_code == 403
    assert api(county_leader).delete(photo["url"]).status_code == 204
    assert client.get(path).json() == []


def test_the_overview_runs_as_many_queries_for_50_institutions_as_for_1(
    region: Region, county_leader: User
) -> None:
    client = api(county_leader)
    for n in range(50):
        code = make_uscc("5", "2", "513322", f"ML{n:07d}")
        category = "welfare_home" if n % 2 else "care"
        found = home_in(region.xinglong, name=f"机构{n}", code=code, category=category)
        hire(found.institution, f"院长{n}", "manager")
        resident(found.institution, disability=n % 7 + 1)
        if n == 0:
            client.get("/api/institutions/overview")
            with count_queries() as one:
                assert len(client.get("/api/institutions/overview").json()["rows"]) == 1
    with count_queries() as fifty:
        assert len(client.get("/api/institutions/overview").json()["rows"]) == 50
    assert_same_query_count(one, fifty)


def test_the_photo_list_runs_as_many_queries_for_50_photos_as_for_1(region: Region) -> None:
    home = home_in(region.lengqi)
    client = api(home.clerk)
    client.put(
        f"/api/institutions/{home.unit.pk}/checklist/{REF}",
        json.dumps({"status": "met", "checked_on": "2026-12-01"}),
        content_type="application/json",
    )
    path = f"/api/institutions/{home.unit.pk}/checklist/{REF}/photos"
    client.post(path, {"photos": [SimpleUploadedFile("0.png", PNG, "image/png")]})
    with count_queries() as one:
        assert len(client.get(path).json()) == 1
    photo = EvidencePhoto.objects.get()
    for n in range(49):
        EvidencePhoto.objects.create(
            item_check=photo.item_check,
            file=photo.file.name,
            content_type="image/png",
            size=photo.size,
            original_name=f"{n}.png",
        )
    with count_queries() as fifty:
        assert len(client.get(path).json()) == 50
    assert_same_query_count(one, fifty)
