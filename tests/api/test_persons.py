"""Persons through the API: scoped like the pages, numbers masked, reveals audited (DESIGN §5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.core.idnumber import make_id
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import services
from guanai.registry.models import Category, ContactKind, Person
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_num_queries

ID = make_id("513322", date(2014, 6, 1), 246)
OTHER_ID = make_id("513322", date(2012, 3, 4), 135)
PHONE = "13912345678"
GUARDIAN_PHONE = "13887654321"
NUMBERS = (ID, PHONE, GUARDIAN_PHONE)
# Token look-up, memberships, the count, the page and the categories of its persons (the
# last-used stamp is written at most every few minutes).
LIST_QUERIES = 5
# Full numbers are asked for with a purpose (written to the audit log).
PURPOSE = {"purpose": "家访前核对电话"}


def _person(
    user: User, unit: Any, name: str = "张三", categories: tuple[str, ...] = (), **values: Any
) -> Person:
    return factories.person(
        unit, name, by=user, categories=categories, since=timezone.localdate(), **values
    )


def _zhang(region: Region, worker: User) -> Person:
    """张三 of 冷碛镇 with an ID, a phone, a current category and a guardian."""
    person = _person(
        worker,
        region.lengqi,
        id_number=ID,
        phone=PHONE,
        school=region.lengqi_school,
        grade="三年级",
        class_name="2班",
        categories=(Category.LEFT_BEHIND,),
    )
    services.contact_add(
        acting_user=worker,
        person=person,
        kind=ContactKind.GUARDIAN,
        name="张大爷",
        relation="祖父",
        phone=GUARDIAN_PHONE,
        is_guardian=True,
    )
    return person


def _names(client: Client, headers: dict[str, str], query: str = "") -> list[str]:
    response = client.get(f"/api/persons{query}", headers=headers)
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def _assert_no_numbers(*responses: Any) -> None:
    for response in responses:
        text = response.content.decode()
        for number in NUMBERS:
            assert number not in text, (response.request["PATH_INFO"], number)


def _writes(person: Person) -> list[tuple[str, str, dict[str, Any]]]:
    """Every change the API offers on ``person``, with a valid body."""
    base = f"/api/persons/{person.pk}"
    entry = person.categories.get()
    today = timezone.localdate().isoformat()
    return [
        ("patch", base, {"version": person.version, "name": "李四"}),
        ("post", f"{base}/archive", {"reason": "moved_away"}),
        ("post", f"{base}/categories", {"category": "orphan"}),
        ("post", f"{base}/categories/{entry.pk}/end", {"ended_on": today}),
        ("post", f"{base}/contacts", {"kind": "neighbour", "name": "王五"}),
    ]


def _call(client: Client, method: str, path: str, body: dict[str, Any], headers: Any) -> Any:
    return getattr(client, method)(path, body, content_type="application/json", headers=headers)


def test_list_shows_own_persons_masked(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)

    response = Client().get("/api/persons", headers=bearer(township_worker))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": person.pk,
            "name": "张三",
            "gender": "female",
            "birth_date": "2014-06-01",
            "ethnicity": "",
            "org_unit": {"id": region.lengqi.pk, "name": "冷碛镇"},
            "school": {"id": region.lengqi_school.pk, "name": "冷碛镇中心小学"},
            "grade": "三年级",
            "class_name": "2班",
            "categories": ["left_behind"],
            "archived": False,
            "id_number_masked": ID[:3] + "*" * 11 + ID[-4:],
            "phone_masked": "139****5678",
        }
    ]
    _assert_no_numbers(response)


def test_detail_is_the_masked_file_and_its_read_is_audited(
    region: Region, township_worker: User
) -> None:
    person = _zhang(region, township_worker)

    response = Client().get(f"/api/persons/{person.pk}", headers=bearer(township_worker))

    assert response.status_code == 200
    body = response.json()
    assert body["id_number_masked"] == ID[:3] + "*" * 11 + ID[-4:]
    assert body["phone_masked"] == "139****5678"
    assert body["version"] == 1
    assert body["health"] == "healthy"
    assert body["categories"] == ["left_behind"]
    [entry] = body["category_history"]
    assert entry["category"] == "left_behind"
    assert entry["started_on"] == timezone.localdate().isoformat()
    assert entry["ended_on"] is None
    [contact] = body["contacts"]
    assert contact["name"] == "张大爷" and contact["relation"] == "祖父"
    assert contact["phone_masked"] == "138****4321"
    assert contact["is_guardian"] is True
    assert "phone" not in contact
    _assert_no_numbers(response)
    read = AccessLog.objects.get(action=AuditAction.READ, object_id=str(person.pk))
    assert read.user == township_worker


def test_reveal_gives_full_numbers_and_is_audited(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)
    contact = person.contacts.get()

    response = Client().post(
        f"/api/persons/{person.pk}/reveal",
        PURPOSE,
        content_type="application/json",
        headers=bearer(township_worker),
    )

    assert response.status_code == 200
    assert response.json() == {
        "id_number": ID,
        "phone": PHONE,
        "contacts": [{"id": contact.pk, "phone": GUARDIAN_PHONE, "id_number": ""}],
    }
    reveal = AccessLog.objects.get(action=AuditAction.REVEAL)
    assert reveal.user == township_worker
    assert reveal.object_id == str(person.pk)
    assert reveal.detail["purpose"] == "家访前核对电话"


def test_worker_of_another_township_sees_nothing_and_changes_nothing(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    person = _zhang(region, township_worker)
    client, headers = Client(), bearer(other_township_worker)

    for query in ("", "?q=张三", "?q=zs", "?q=zhangsan", f"?q={ID}", "?status=all"):
        assert _names(client, headers, query) == [], query
    responses = [
        client.get(f"/api/persons?unit_id={region.lengqi.pk}", headers=headers),
        client.get(f"/api/persons/{person.pk}", headers=headers),
        client.post(
            f"/api/persons/{person.pk}/reveal",
            PURPOSE,
            content_type="application/json",
            headers=headers,
        ),
    ]
    responses += [_call(client, *write, headers) for write in _writes(person)]
    for response in responses:
        assert response.status_code == 404, response.request["PATH_INFO"]
        assert response.json() == {"detail": "Not found.", "field": None}
    _assert_no_numbers(*responses)

    refused = _call(
        client, "post", "/api/persons", {"org_unit_id": region.lengqi.pk, "name": "王五"}, headers
    )
    assert refused.status_code == 404
    person.refresh_from_db()
    assert (person.name, person.version, person.archived_at) == ("张三", 1, None)
    assert person.categories.count() == 1 and person.contacts.count() == 1
    assert not Person.objects.filter(name="王五").exists()
    opened = AccessLog.objects.filter(action__in=[AuditAction.READ, AuditAction.REVEAL])
    assert not opened.filter(user=other_township_worker).exists()


def test_viewer_reads_but_may_not_reveal_register_or_change(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    person = _zhang(region, township_worker)
    client, headers = Client(), bearer(prefecture_viewer)

    assert _names(client, headers) == ["张三"]
    detail = client.get(f"/api/persons/{person.pk}", headers=headers)
    assert detail.status_code == 200
    reveal = client.post(
        f"/api/persons/{person.pk}/reveal",
        PURPOSE,
        content_type="application/json",
        headers=headers,
    )
    assert reveal.status_code == 403
    assert reveal.json()["detail"] == "Your role may not see full ID and phone numbers."
    register = _call(
        client, "post", "/api/persons", {"org_unit_id": region.lengqi.pk, "name": "王五"}, headers
    )
    assert register.status_code == 403
    writes = [_call(client, *write, headers) for write in _writes(person)]
    assert [w.status_code for w in writes] == [403] * len(writes)

    _assert_no_numbers(detail, reveal, register, *writes)
    assert not AccessLog.objects.filter(action=AuditAction.REVEAL).exists()
    assert not Person.objects.filter(name="王五").exists()
    person.refresh_from_db()
    assert (person.name, person.version, person.archived_at) == ("张三", 1, None)


def test_sysadmin_and_volunteer_get_no_persons(
    region: Region, township_worker: User, county_sysadmin: User
) -> None:
    person = _zhang(region, township_worker)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)

    for account in (county_sysadmin, volunteer):
        client, headers = Client(), bearer(account)
        listed = client.get(f"/api/persons?q={ID}", headers=headers)
        everything = client.get("/api/persons?status=all", headers=headers)
        detail = client.get(f"/api/persons/{person.pk}", headers=headers)
        reveal = client.post(
            f"/api/persons/{person.pk}/reveal",
            PURPOSE,
            content_type="application/json",
            headers=headers,
        )

        assert listed.json()["count"] == everything.json()["count"] == 0, account
        assert detail.status_code == reveal.status_code == 404, account
        _assert_no_numbers(listed, everything, detail, reveal)
    assert not AccessLog.objects.filter(action__in=[AuditAction.READ, AuditAction.REVEAL]).exists()


def test_register_with_categories(region: Region, township_worker: User) -> None:
    body = {
        "org_unit_id": region.ganlusi.pk,
        "name": "李 小 花",
        "id_number": OTHER_ID.lower(),
        "ethnicity": "彝族",
        "phone": "0836-2812345",
        "school_id": region.lengqi_school.pk,
        "village_id": region.ganlusi.pk,
        "schooling_status": "in_school",
        "categories": ["left_behind", "single_parent", "left_behind"],
    }

    response = _call(Client(), "post", "/api/persons", body, bearer(township_worker))

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "李小花"
    assert created["gender"] == "male" and created["birth_date"] == "2012-03-04"
    assert created["ethnicity"] == "彝族"
    assert created["org_unit"] == {"id": region.ganlusi.pk, "name": "甘露寺村"}
    assert created["village"] == {"id": region.ganlusi.pk, "name": "甘露寺村"}
    assert created["phone_masked"] == "0836-***2345"
    assert sorted(created["categories"]) == ["left_behind", "single_parent"]
    person = Person.objects.get(pk=created["id"])
    assert person.id_number == OTHER_ID
    assert {c.started_on for c in person.categories.all()} == {timezone.localdate()}
    _assert_no_numbers(response)


def test_register_with_a_bad_id_is_400_and_creates_nothing(
    region: Region, township_worker: User
) -> None:
    client, headers = Client(), bearer(township_worker)
    bad = ID[:-1] + ("0" if ID[-1] != "0" else "1")

    for body, field in (
        ({"name": "王五", "id_number": bad}, "id_number"),
        ({"name": "王五", "id_number": "12345"}, "id_number"),
        ({"name": "王五", "id_number": ID, "birth_date": "2014-06-02"}, "birth_date"),
        ({"name": "王五", "phone": "12345"}, "phone"),
        ({"name": "  "}, "name"),
        ({"name": "王五", "school_id": region.xinglong_school.pk}, "school_id"),
        ({"name": "王五", "village_id": region.lengqi_school.pk}, "village_id"),
        ({"name": "王五", "birth_date": "2999-01-01"}, "birth_date"),
    ):
        payload = {"org_unit_id": region.lengqi.pk, **body}
        response = _call(client, "post", "/api/persons", payload, headers)
        assert response.status_code == 400, body
        assert response.json()["field"] == field, body

    assert not Person.objects.exists()


def test_bad_input_is_422(region: Region, township_worker: User) -> None:
    client, headers = Client(), bearer(township_worker)

    for body in (
        {"name": "王五"},
        {"org_unit_id": region.lengqi.pk, "name": "王\x00五"},
        {"org_unit_id": region.lengqi.pk, "name": "王五", "ethnicity": "火星族"},
        {"org_unit_id": region.lengqi.pk, "name": "王五", "categories": ["pirate"]},
        {"org_unit_id": region.lengqi.pk, "name": "王" * 51},
    ):
        assert _call(client, "post", "/api/persons", body, headers).status_code == 422, body
    for query in ("status=gone", "category=pirate", "q=%00", "page=0", "page_size=201"):
        response = client.get(f"/api/persons?{query}", headers=headers)
        assert response.status_code == 422, query
    assert not Person.objects.exists()


def test_duplicate_id_is_409_with_the_file_only_for_those_who_may_open_it(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    person = _zhang(region, township_worker)
    spaced = f"{ID[:6]} {ID[6:14]} {ID[14:]}"

    own = _call(
        Client(),
        "post",
        "/api/persons",
        {"org_unit_id": region.ganlusi.pk, "name": "张三", "id_number": spaced},
        bearer(township_worker),
    )
    other = _call(
        Client(),
        "post",
        "/api/persons",
        {"org_unit_id": region.shencun.pk, "name": "某人", "id_number": ID},
        bearer(other_township_worker),
    )

    assert own.status_code == other.status_code == 409
    assert own.json() == {
        "detail": "This ID number is registered already (file of 张三).",
        "field": "id_number",
        "existing_id": person.pk,
    }
    assert other.json() == {
        "detail": "This ID number is registered already, in a file you may not open.",
        "field": "id_number",
        "existing_id": None,
    }
    assert Person.objects.count() == 1


def test_update_with_the_current_version(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)
    new_id = make_id("513322", date(2014, 6, 3), 247)

    response = _call(
        Client(),
        "patch",
        f"/api/persons/{person.pk}",
        {"version": 1, "id_number": new_id, "grade": "四年级", "school_id": None},
        bearer(township_worker),
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["grade"] == "四年级" and body["class_name"] == "2班"
    assert body["school"] is None
    # Birth date and gender come from the new number, not the old one.
    assert body["birth_date"] == "2014-06-03" and body["gender"] == "male"
    person.refresh_from_db()
    assert person.id_number == new_id and person.phone == PHONE


def test_stale_version_is_409_and_changes_nothing(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    first = _call(
        client, "patch", f"/api/persons/{person.pk}", {"version": 1, "grade": "四年级"}, headers
    )
    assert first.status_code == 200

    stale = _call(
        client, "patch", f"/api/persons/{person.pk}", {"version": 1, "name": "李四"}, headers
    )

    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Someone else saved this file after you opened it")
    person.refresh_from_db()
    assert (person.name, person.grade, person.version) == ("张三", "四年级", 2)


def test_update_to_an_id_on_file_is_409(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)
    other = _person(township_worker, region.lengqi, name="李四", id_number=OTHER_ID)

    response = _call(
        Client(),
        "patch",
        f"/api/persons/{other.pk}",
        {"version": other.version, "id_number": ID},
        bearer(township_worker),
    )

    assert response.status_code == 409
    assert response.json()["existing_id"] == person.pk
    other.refresh_from_db()
    assert other.id_number == OTHER_ID and other.version == 1


def test_archive_keeps_the_file(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{person.pk}/archive"

    archived = _call(client, "post", path, {"reason": "moved_away", "note": "迁往成都"}, headers)
    again = _call(client, "post", path, {"reason": "moved_away"}, headers)

    assert archived.status_code == 200
    assert archived.json()["archived"] is True
    assert archived.json()["archive_reason"] == "moved_away"
    assert again.status_code == 400
    assert _names(client, headers) == []
    assert _names(client, headers, "?status=archived") == ["张三"]
    assert _names(client, headers, "?status=all") == ["张三"]
    assert client.get(f"/api/persons/{person.pk}", headers=headers).status_code == 200


def test_categories_start_and_end_keep_history(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)
    entry = person.categories.get()
    client, headers = Client(), bearer(township_worker)
    base = f"/api/persons/{person.pk}/categories"
    today = timezone.localdate()

    started = _call(
        client,
        "post",
        base,
        {"category": "orphan", "started_on": "2020-01-01", "details": {"support": "scattered"}},
        headers,
    )
    twice = _call(client, "post", base, {"category": "left_behind"}, headers)
    too_early = _call(client, "post", f"{base}/{entry.pk}/end", {"ended_on": "2000-01-01"}, headers)
    ended = _call(
        client,
        "post",
        f"{base}/{entry.pk}/end",
        {"ended_on": today.isoformat()},
        headers,
    )

    assert started.status_code == 201
    assert started.json()["details"] == {"support": "scattered"}
    assert twice.status_code == 400 and twice.json()["field"] == "category"
    assert too_early.status_code == 400 and too_early.json()["field"] == "ended_on"
    assert ended.status_code == 200 and ended.json()["ended_on"] == today.isoformat()
    file = client.get(f"/api/persons/{person.pk}", headers=headers).json()
    assert [c["category"] for c in file["category_history"]] == ["orphan", "left_behind"]
    other = _person(township_worker, region.lengqi, name="李四")
    foreign = _call(
        client,
        "post",
        f"/api/persons/{other.pk}/categories/{entry.pk}/end",
        {"ended_on": today.isoformat()},
        headers,
    )
    assert foreign.status_code == 404


def test_contacts_are_added_masked(region: Region, township_worker: User) -> None:
    person = _zhang(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{person.pk}/contacts"

    added = _call(
        client,
        "post",
        path,
        {
            "kind": "parent",
            "name": "张父",
            "relation": "父亲",
            "phone": "13500001111",
            "works_away_at": "广东东莞",
        },
        headers,
    )
    bad = {"kind": "parent", "name": "张母", "phone": "1"}
    bad_phone = _call(client, "post", path, bad, headers)

    assert added.status_code == 201
    assert added.json()["phone_masked"] == "135****1111"
    assert added.json()["works_away_at"] == "广东东莞"
    assert "13500001111" not in added.content.decode()
    assert bad_phone.status_code == 400 and bad_phone.json()["field"] == "phone"
    assert person.contacts.count() == 2


def test_list_filters(region: Region, township_worker: User) -> None:
    _zhang(region, township_worker)
    _person(township_worker, region.ganlusi, name="曾小明", categories=(Category.ORPHAN,))
    _person(township_worker, region.lengqi, name="单丽", grade="五年级")
    client, headers = Client(), bearer(township_worker)

    # Sorted by pinyin: 单 is "shan" and 曾 "zeng" as surnames.
    assert _names(client, headers) == ["单丽", "曾小明", "张三"]
    assert _names(client, headers, "?q=zs") == ["张三"]
    assert _names(client, headers, "?q=zengxiao") == ["曾小明"]
    assert _names(client, headers, "?q=丽") == ["单丽"]
    assert _names(client, headers, f"?q={ID[:6]} {ID[6:]}") == ["张三"]
    assert _names(client, headers, "?category=orphan") == ["曾小明"]
    assert _names(client, headers, f"?unit_id={region.ganlusi.pk}") == ["曾小明"]
    assert _names(client, headers, f"?unit_id={region.lengqi_school.pk}") == ["张三"]
    assert _names(client, headers, "?school_class=五年") == ["单丽"]
    unknown = client.get("/api/persons?unit_id=987654321", headers=headers)
    assert unknown.status_code == 404


def test_list_query_count_is_fixed_at_1_and_50_persons(
    region: Region, township_worker: User
) -> None:
    client, headers = Client(), bearer(township_worker)
    _zhang(region, township_worker)
    client.get("/api/persons", headers=headers)  # the token's first use is written down

    with assert_num_queries(LIST_QUERIES):
        one = client.get("/api/persons", headers=headers).json()
    for n in range(49):
        _person(
            township_worker,
            region.lengqi,
            name=f"王{n}",
            school=region.lengqi_school,
            categories=(Category.LEFT_BEHIND, Category.DIBAO),
        )
    with assert_num_queries(LIST_QUERIES):
        fifty = client.get("/api/persons", headers=headers).json()

    assert one["count"] == 1 and len(one["items"]) == 1
    assert fifty["count"] == 50 and len(fifty["items"]) == 50
