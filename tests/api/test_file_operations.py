"""The file page's changes through the API: categories with details, guardianship, contacts.

The same validation and scoping as the page (issue 3 item 13): outside the caller's rosters
404, a reader who may not edit 403, an archived file 400, every refusal in Chinese unless
English is asked for, and nothing changed by a refused request.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.idnumber import make_id
from guanai.core.masking import mask_id
from guanai.registry import services
from guanai.registry.models import Category, ContactKind, Person, PersonCategory
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_num_queries

GUARDIAN_ID = make_id("513322", date(1960, 2, 3), 112)
OTHER_ID = make_id("513322", date(1988, 7, 9), 221)
# Token look-up, memberships, the person with its units and current categories, the
# access-log row, the consents (a child under 14), the category history, the contacts and
# the pending transfer with its unit.
DETAIL_QUERIES = 9
# Full numbers are asked for with a purpose (written to the audit log).
PURPOSE = {"purpose": "家访前核对电话"}


def _chinese(headers: dict[str, str]) -> dict[str, str]:
    """The same credentials without a language: the answer is in Chinese, the default."""
    return {key: value for key, value in headers.items() if key != "Accept-Language"}


def _call(client: Client, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    if body is None:
        return getattr(client, method)(path, headers=headers)
    return getattr(client, method)(path, body, content_type="application/json", headers=headers)


def _child(region: Region, worker: User, name: str = "王小明", sequence: int = 11) -> Person:
    """A pupil of 冷碛镇中心小学, left behind since 2024-09-01, with a grandmother and a father."""
    return factories.pupil(
        worker, region.lengqi_school, name, sequence, categories=(Category.LEFT_BEHIND,)
    )


def _state(person: Person) -> list[Any]:
    """Everything the operations may change on a file, to show that a refusal changed nothing."""
    person.refresh_from_db()
    categories = [
        (e.pk, e.category, e.started_on, e.ended_on, e.details, e.note)
        for e in person.categories.all()
    ]
    contacts = [
        (
            c.pk,
            c.kind,
            c.name,
            c.relation,
            c.phone,
            c.id_number,
            c.is_guardian,
            c.works_away_at,
            c.address,
        )
        for c in person.contacts.all()
    ]
    return [person.version, categories, contacts]


def _operations(person: Person) -> list[tuple[str, str, Any]]:
    """Every change of this module's operations on ``person``, each with a valid body."""
    base = f"/api/persons/{person.pk}"
    entry = person.categories.get(category=Category.LEFT_BEHIND)
    contact = person.contacts.get(kind=ContactKind.PARENT)
    return [
        ("post", f"{base}/categories", {"category": "dibao", "note": "2024年起"}),
        ("patch", f"{base}/categories/{entry.pk}", {"details": {"away": "father"}}),
        ("post", f"{base}/categories/{entry.pk}/end", {"ended_on": "2025-01-01"}),
        ("post", f"{base}/guardianship", {"guardianship": "good"}),
        ("post", f"{base}/contacts", {"kind": "neighbour", "name": "李婶", "id_number": OTHER_ID}),
        ("patch", f"{base}/contacts/{contact.pk}", {"phone": ""}),
        ("delete", f"{base}/contacts/{contact.pk}", None),
    ]


# --- Categories ----------------------------------------------------------------------------


def test_start_a_category_with_details_and_a_note(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)

    started = _call(
        client,
        "post",
        f"/api/persons/{child.pk}/categories",
        {
            "category": "orphan",
            "started_on": "2023-05-01",
            "details": {"support": "scattered", "placement": "kinship"},
            "note": "  由 祖母 抚养 ",
        },
        headers,
    )

    assert started.status_code == 201, started.content
    body = started.json()
    assert body["category"] == "orphan" and body["started_on"] == "2023-05-01"
    assert body["details"] == {"support": "scattered", "placement": "kinship"}
    assert body["note"] == "由 祖母 抚养"
    file = client.get(f"/api/persons/{child.pk}", headers=headers).json()
    assert sorted(file["categories"]) == ["left_behind", "orphan"]
    shown = {e["category"]: e for e in file["category_history"]}
    assert shown["orphan"]["details"] == {"support": "scattered", "placement": "kinship"}
    assert shown["orphan"]["note"] == "由 祖母 抚养"


def test_bad_details_at_the_start_are_refused_and_nothing_is_added(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    before = _state(child)
    path = f"/api/persons/{child.pk}/categories"

    for body, field in (
        ({"category": "orphan", "details": {"support": "monthly"}}, "support"),
        ({"category": "orphan", "details": {"away": "father"}}, "away"),
        ({"category": "disabled", "details": {"certificate_suffix": "99"}}, "certificate_suffix"),
        ({"category": "dibao", "note": "长" * 201}, None),
    ):
        response = _call(client, "post", path, body, headers)
        if field is None:  # longer than the column: refused by the schema
            assert response.status_code == 422, body
        else:
            assert response.status_code == 400, body
            assert response.json()["field"] == field, body
    assert _state(child) == before


def test_details_are_merged_and_a_null_removes_one(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    entry = child.categories.get()
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/categories/{entry.pk}"

    first = _call(
        client,
        "patch",
        path,
        {"details": {"away": "both", "away_at": "广东 东莞", "since": "2022-03-01"}},
        headers,
    )
    second = _call(
        client,
        "patch",
        path,
        {"details": {"since": None, "last_contact": "2025-01-02"}, "note": "春节回家"},
        headers,
    )

    assert first.status_code == 200, first.content
    assert first.json()["details"] == {
        "away": "both",
        "away_at": "广东 东莞",
        "since": "2022-03-01",
    }
    assert second.status_code == 200, second.content
    assert second.json()["details"] == {
        "away": "both",
        "away_at": "广东 东莞",
        "last_contact": "2025-01-02",
    }
    assert second.json()["note"] == "春节回家"
    # Only the note: the details stay; "details": null removes them all.
    only_note = _call(client, "patch", path, {"note": None}, headers)
    assert only_note.json()["details"]["away"] == "both" and only_note.json()["note"] == ""
    cleared = _call(client, "patch", path, {"details": None}, headers)
    assert cleared.status_code == 200 and cleared.json()["details"] == {}
    entry.refresh_from_db()
    assert entry.details == {} and entry.note == ""


def test_bad_details_are_refused_in_chinese_or_english_and_nothing_changes(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    entry = child.categories.get()
    services.category_update_details(
        acting_user=township_worker, entry=entry, details={"away": "father"}, note="原备注"
    )
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/categories/{entry.pk}"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    before = _state(child)

    chinese = _call(client, "patch", path, {"details": {"away": "grandpa"}}, _chinese(headers))
    english = _call(client, "patch", path, {"details": {"away": "grandpa"}}, headers)
    future = _call(client, "patch", path, {"details": {"since": tomorrow}}, headers)
    unknown = _call(client, "patch", path, {"details": {"disease": "肺炎"}}, headers)

    assert chinese.status_code == english.status_code == 400
    assert chinese.json() == {
        "detail": "请从以下选项中选择：父亲、母亲、父母双方。",
        "field": "away",
    }
    assert english.json() == {
        "detail": "Choose one of: Father、Mother、Both parents.",
        "field": "away",
    }
    assert future.status_code == 400
    assert future.json() == {"detail": "This date is in the future.", "field": "since"}
    assert unknown.status_code == 400 and unknown.json()["field"] == "disease"
    assert _state(child) == before


def test_a_certificate_contradicting_the_grade_is_refused(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    started = _call(
        client,
        "post",
        f"/api/persons/{child.pk}/categories",
        {"category": "disabled", "details": {"certificate_suffix": child.id_number + "42"}},
        headers,
    )
    assert started.status_code == 201, started.content
    # The whole number is not stored: the ID number stays encrypted on the person.
    assert started.json()["details"] == {"certificate_suffix": "42", "type": 4, "grade": 2}
    path = f"/api/persons/{child.pk}/categories/{started.json()['id']}"

    # The stored certificate says grade 2: a new grade needs the new certificate with it.
    refused = _call(client, "patch", path, {"details": {"grade": 3}}, headers)
    changed = _call(
        client, "patch", path, {"details": {"certificate_suffix": "43", "grade": 3}}, headers
    )

    assert refused.status_code == 400 and refused.json()["field"] == "grade"
    assert refused.json()["detail"] == (
        "The certificate number says disability grade 2, but the grade given is 3."
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["details"] == {"certificate_suffix": "43", "type": 4, "grade": 3}


def test_a_category_of_another_person_is_not_found(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    other = _child(region, township_worker, "李小红", 12)
    entry = other.categories.get()
    before = _state(other)

    response = _call(
        Client(),
        "patch",
        f"/api/persons/{child.pk}/categories/{entry.pk}",
        {"details": {"away": "mother"}},
        bearer(township_worker),
    )

    assert response.status_code == 404
    assert _state(other) == before


# --- Guardianship ---------------------------------------------------------------------------


def test_guardianship_is_assessed_on_the_left_behind_category(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/guardianship"

    fair = _call(
        client,
        "post",
        path,
        {"guardianship": "fair", "guardianship_assessed_on": "2025-03-01"},
        headers,
    )
    today = _call(client, "post", path, {"guardianship": "good"}, headers)

    assert fair.status_code == 200, fair.content
    assert fair.json()["category"] == "left_behind"
    assert fair.json()["details"] == {
        "guardianship": "fair",
        "guardianship_assessed_on": "2025-03-01",
    }
    assert today.status_code == 200
    file = client.get(f"/api/persons/{child.pk}", headers=headers).json()
    [entry] = file["category_history"]
    assert entry["details"] == {
        "guardianship": "good",
        "guardianship_assessed_on": timezone.localdate().isoformat(),
    }


def test_guardianship_is_refused_for_a_person_not_left_behind_or_a_future_date(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    adult = services.person_register(
        acting_user=township_worker, org_unit=region.lengqi, data=services.PersonData(name="李老汉")
    )
    client, headers = Client(), bearer(township_worker)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    before = _state(child)

    not_one = _call(
        client, "post", f"/api/persons/{adult.pk}/guardianship", {"guardianship": "good"}, headers
    )
    future = _call(
        client,
        "post",
        f"/api/persons/{child.pk}/guardianship",
        {"guardianship": "good", "guardianship_assessed_on": tomorrow},
        _chinese(headers),
    )
    unknown = _call(
        client, "post", f"/api/persons/{child.pk}/guardianship", {"guardianship": "ok"}, headers
    )

    assert not_one.status_code == 400
    assert not_one.json() == {
        "detail": "Guardianship is assessed for left-behind children; this person is not one now.",
        "field": None,
    }
    assert future.status_code == 400
    assert future.json() == {"detail": "该日期不能晚于今天。", "field": "guardianship_assessed_on"}
    assert unknown.status_code == 422
    assert _state(child) == before
    assert not adult.categories.exists()


# --- Contacts ----------------------------------------------------------------------------


def test_a_contact_is_added_with_an_id_number_shown_masked(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)

    added = _call(
        client,
        "post",
        f"/api/persons/{child.pk}/contacts",
        {
            "kind": "guardian",
            "name": "王 爷爷",
            "relation": "祖父",
            "phone": "13600001111",
            "id_number": GUARDIAN_ID.lower(),
        },
        headers,
    )

    assert added.status_code == 201, added.content
    body = added.json()
    assert body["name"] == "王爷爷" and body["is_guardian"] is True
    assert body["phone_masked"] == "136****1111"
    assert body["id_number_masked"] == mask_id(GUARDIAN_ID)
    for answer in (added, client.get(f"/api/persons/{child.pk}", headers=headers)):
        text = answer.content.decode()
        assert GUARDIAN_ID not in text and "13600001111" not in text
    revealed = client.post(
        f"/api/persons/{child.pk}/reveal", PURPOSE, content_type="application/json", headers=headers
    ).json()
    shown = {c["id"]: c for c in revealed["contacts"]}
    assert shown[body["id"]] == {"id": body["id"], "phone": "13600001111", "id_number": GUARDIAN_ID}


def test_a_bad_contact_is_refused_in_chinese_and_nothing_is_added(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/contacts"
    bad_id = GUARDIAN_ID[:-1] + ("0" if GUARDIAN_ID[-1] != "0" else "1")
    before = _state(child)

    for body, field in (
        ({"kind": "parent", "name": "王妈妈", "id_number": bad_id}, "id_number"),
        ({"kind": "parent", "name": "王妈妈", "id_number": "12345"}, "id_number"),
        ({"kind": "parent", "name": "王妈妈", "phone": "1"}, "phone"),
        ({"kind": "parent", "name": "  "}, "name"),
    ):
        response = _call(client, "post", path, body, _chinese(headers))
        assert response.status_code == 400, body
        assert response.json()["field"] == field, body
        assert not response.json()["detail"].isascii(), response.json()
    assert (
        _call(client, "post", path, {"kind": "cousin", "name": "王五"}, headers).status_code == 422
    )
    assert _state(child) == before


def test_a_contact_is_corrected_with_the_fields_sent(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    father = child.contacts.get(kind=ContactKind.PARENT)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/contacts/{father.pk}"

    moved = _call(
        client, "patch", path, {"works_away_at": "浙江 义乌", "is_guardian": True}, headers
    )
    father.refresh_from_db()
    assert moved.status_code == 200, moved.content
    assert moved.json()["works_away_at"] == "浙江 义乌" and moved.json()["is_guardian"] is True
    # What was not sent is kept, the numbers included.
    assert (father.name, father.relation, father.phone) == ("王爸爸", "父亲", "13812340011")

    numbered = _call(client, "patch", path, {"id_number": GUARDIAN_ID, "phone": ""}, headers)
    father.refresh_from_db()
    assert numbered.status_code == 200
    assert numbered.json()["id_number_masked"] == mask_id(GUARDIAN_ID)
    assert numbered.json()["phone_masked"] == ""
    assert (father.id_number, father.phone) == (GUARDIAN_ID, "")

    erased = _call(client, "patch", path, {"id_number": None, "address": None}, headers)
    father.refresh_from_db()
    assert erased.status_code == 200
    assert (father.id_number, father.address, father.works_away_at) == ("", "", "浙江 义乌")


def test_a_bad_correction_is_refused_in_chinese_or_english_and_nothing_changes(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    father = child.contacts.get(kind=ContactKind.PARENT)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/contacts/{father.pk}"
    before = _state(child)

    chinese = _call(client, "patch", path, {"name": None, "relation": "继父"}, _chinese(headers))
    english = _call(client, "patch", path, {"name": " ", "relation": "继父"}, headers)
    phone = _call(client, "patch", path, {"phone": "12345", "relation": "继父"}, headers)
    kind = _call(client, "patch", path, {"kind": None}, headers)

    assert chinese.status_code == english.status_code == 400
    assert chinese.json() == {"detail": "请填写联系人姓名。", "field": "name"}
    assert english.json() == {"detail": "Enter the contact's name.", "field": "name"}
    assert phone.status_code == 400 and phone.json()["field"] == "phone"
    assert kind.status_code == 400 and kind.json()["field"] == "kind"
    assert _state(child) == before


def test_a_contact_is_removed_once(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    father = child.contacts.get(kind=ContactKind.PARENT)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/contacts/{father.pk}"

    removed = client.delete(path, headers=headers)
    again = client.delete(path, headers=headers)

    assert removed.status_code == 204 and removed.content == b""
    assert again.status_code == 404
    file = client.get(f"/api/persons/{child.pk}", headers=headers).json()
    assert [c["name"] for c in file["contacts"]] == ["王奶奶"]


def test_a_contact_of_another_person_is_not_found(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    other = _child(region, township_worker, "李小红", 12)
    their_father = other.contacts.get(kind=ContactKind.PARENT)
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}/contacts/{their_father.pk}"
    before = _state(other)

    assert _call(client, "patch", path, {"name": "某人"}, headers).status_code == 404
    assert client.delete(path, headers=headers).status_code == 404
    assert _state(other) == before


# --- Scoping, roles and archived files ------------------------------------------------------


def test_another_township_gets_404_and_changes_nothing(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(other_township_worker)
    before = _state(child)

    for method, path, body in _operations(child):
        response = _call(client, method, path, body, headers)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"detail": "Not found.", "field": None}
        assert "王小明" not in response.content.decode()
    assert _state(child) == before


def test_a_reader_who_may_not_edit_gets_403_and_changes_nothing(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(prefecture_viewer)
    before = _state(child)

    for method, path, body in _operations(child):
        response = _call(client, method, path, body, _chinese(headers))
        assert response.status_code == 403, (method, path)
        assert response.json() == {"detail": "您无权登记或修改该单位的人员。", "field": None}
    assert _state(child) == before


def test_an_archived_file_is_read_only(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    services.person_archive(acting_user=township_worker, person=child, reason="moved_away")
    client, headers = Client(), bearer(township_worker)
    before = _state(child)

    for method, path, body in _operations(child):
        chinese = _call(client, method, path, body, _chinese(headers))
        english = _call(client, method, path, body, headers)
        assert chinese.status_code == english.status_code == 400, (method, path)
        assert chinese.json()["detail"] == "该档案已归档，不能再修改。"
        assert english.json()["detail"] == "This file is archived and can no longer be changed."
    assert _state(child) == before


def test_browser_session_changes_only_with_the_csrf_token(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    father = child.contacts.get(kind=ContactKind.PARENT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)
    path = f"/api/persons/{child.pk}/contacts/{father.pk}"
    before = _state(child)

    refused = [
        _call(client, "patch", path, {"relation": "继父"}, {}),
        _call(client, "delete", path, None, {}),
    ]
    assert [r.status_code for r in refused] == [403, 403]
    assert _state(child) == before

    client.cookies["csrftoken"] = "a" * 32
    token = {"X-CSRFToken": "a" * 32}
    assert _call(client, "patch", path, {"relation": "继父"}, token).status_code == 200
    assert _call(client, "delete", path, None, token).status_code == 204
    assert not child.contacts.filter(pk=father.pk).exists()


# --- The file: details, pending transfer, query count ---------------------------------------


def test_the_file_shows_a_pending_transfer(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)
    client, headers = Client(), bearer(township_worker)
    assert (
        client.get(f"/api/persons/{child.pk}", headers=headers).json()["pending_transfer"] is None
    )

    transfer = services.transfer_request(
        acting_user=township_worker, person=child, to_unit=region.xinglong_school, reason="转学"
    )

    pending = client.get(f"/api/persons/{child.pk}", headers=headers).json()["pending_transfer"]
    assert pending["id"] == transfer.pk
    assert pending["to_unit"] == {"id": region.xinglong_school.pk, "name": "兴隆镇中心小学"}
    # Answered to the millisecond.
    requested_at = datetime.fromisoformat(pending["requested_at"])
    assert abs(requested_at - transfer.requested_at) < timedelta(milliseconds=1)
    services.transfer_cancel(acting_user=township_worker, transfer=transfer)
    assert (
        client.get(f"/api/persons/{child.pk}", headers=headers).json()["pending_transfer"] is None
    )


def test_detail_query_count_is_fixed_at_1_and_many_contacts_and_categories(
    region: Region, township_worker: User
) -> None:
    child = services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=services.PersonData(
            name="王小明",
            id_number=make_id("513322", date(2016, 5, 5), 31),
            school=region.lengqi_school,
        ),
        categories=[(Category.LEFT_BEHIND, date(2024, 9, 1))],
    )
    services.contact_add(
        acting_user=township_worker,
        person=child,
        kind="guardian",
        name="王奶奶",
        phone="13912340031",
    )
    client, headers = Client(), bearer(township_worker)
    path = f"/api/persons/{child.pk}"
    client.get("/api/me", headers=headers)  # the token's first use is written down

    with assert_num_queries(DETAIL_QUERIES):
        one = client.get(path, headers=headers).json()
    for n in range(20):
        services.contact_add(
            acting_user=township_worker,
            person=child,
            kind="other",
            name=f"邻居{n}",
            phone=f"1391234{n:04d}",
            id_number=make_id("513322", date(1970, 1, 1), 100 + n),
        )
    for code in (Category.DIBAO, Category.SINGLE_PARENT, Category.ORPHAN, Category.DISABLED):
        entry = services.category_start(
            acting_user=township_worker, person=child, category=code, on=date(2020, 1, 1)
        )
        services.category_end(acting_user=township_worker, entry=entry, on=date(2021, 1, 1))
        services.category_start(
            acting_user=township_worker, person=child, category=code, on=date(2022, 1, 1)
        )
    services.transfer_request(
        acting_user=township_worker, person=child, to_unit=region.xinglong_school, reason="转学"
    )
    with assert_num_queries(DETAIL_QUERIES):
        many = client.get(path, headers=headers).json()

    assert len(one["contacts"]) == 1 and len(one["category_history"]) == 1
    assert len(many["contacts"]) == 21 and len(many["category_history"]) == 9
    assert many["pending_transfer"]["to_unit"]["name"] == "兴隆镇中心小学"


def test_details_an_older_version_wrote_do_not_block_an_edit(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    entry = child.categories.get()
    # Written by an older version, which also knew a "school_bus" detail.
    PersonCategory.objects.filter(pk=entry.pk).update(
        details={"away": "father", "school_bus": "yes"}
    )

    response = _call(
        Client(),
        "patch",
        f"/api/persons/{child.pk}/categories/{entry.pk}",
        {"note": "父亲仍在外地"},
        bearer(township_worker),
    )

    assert response.status_code == 200, response.content
    assert response.json()["details"] == {"away": "father"}
    assert response.json()["note"] == "父亲仍在外地"
