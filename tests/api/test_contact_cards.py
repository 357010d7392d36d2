"""Contact cards (联系卡) through the API: the printed cards' data, an audited export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.services import org_unit_update
from guanai.registry import services
from guanai.registry.models import Person
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in
from tests.support.queries import assert_num_queries

PATH = "/api/persons/contact-cards"
# Token look-up, memberships, the persons, their current categories, their contacts, the
# helpers paired with them (the care app's card people), and the access-log row.
CARDS_QUERIES = 7
PURPOSE = "期中家长会前发给家长"


def _cards(client: Client, ids: list[Any], headers: Any, purpose: Any = PURPOSE) -> Any:
    body = {"ids": ids, "purpose": purpose}
    return client.post(PATH, body, content_type="application/json", headers=headers)


def _exports() -> list[AccessLog]:
    return list(AccessLog.objects.filter(action=AuditAction.EXPORT))


def _numbers(sequence: int) -> tuple[str, str]:
    """The guardian's and the parent's phone numbers of ``factories.pupil``."""
    return f"1391234{sequence:04d}", f"1381234{sequence:04d}"


def test_worker_gets_full_cards_in_roster_order_and_the_export_is_audited(
    region: Region, township_worker: User
) -> None:
    first = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    second = factories.pupil(township_worker, region.lengqi_school, "李小红", 12)

    response = _cards(Client(), [first.pk, second.pk, first.pk], bearer(township_worker))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    # Sorted by school, grade, class and pinyin: 李 (li) before 王 (wang).
    assert [card["name"] for card in body["items"]] == ["李小红", "王小明"]
    assert body["items"][1] == {
        "person_id": first.pk,
        "name": "王小明",
        "school": {"id": region.lengqi_school.pk, "name": "冷碛镇中心小学"},
        "grade": "三年级",
        "class_name": "2班",
        "class_teachers": [],
        "helpers": [],
        "guardians": [
            {"name": "王奶奶", "relation": "祖母", "phone": _numbers(11)[0], "works_away_at": ""}
        ],
        "parents": [
            {
                "name": "王爸爸",
                "relation": "父亲",
                "phone": _numbers(11)[1],
                "works_away_at": "广东东莞",
            }
        ],
        "hotline": "",
        "full_numbers": True,
    }
    [export] = _exports()
    assert export.user == township_worker and export.object_type == "contact_cards"
    assert export.detail == {
        "rows": 2,
        "filters": {"persons": [second.pk, first.pk], "full_numbers": True},
        "purpose": PURPOSE,
    }


def test_viewer_gets_masked_numbers_and_is_audited(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)

    response = _cards(Client(), [pupil.pk], bearer(prefecture_viewer))

    assert response.status_code == 200
    [card] = response.json()["items"]
    assert card["full_numbers"] is False
    assert card["guardians"][0]["phone"] == "139****0011"
    assert card["parents"][0]["phone"] == "138****0011"
    for number in _numbers(11):
        assert number not in response.content.decode()
    [export] = _exports()
    assert export.user == prefecture_viewer and export.detail["rows"] == 1


def test_numbers_are_full_only_for_the_units_the_caller_edits(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    own = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    other = factories.pupil(other_township_worker, region.xinglong_school, "赵小刚", 12)
    # A 冷碛镇 worker who also reads the county's rosters.
    factories.grant(township_worker, region.county, Role.VIEWER)

    response = _cards(Client(), [own.pk, other.pk], bearer(township_worker))

    assert response.status_code == 200
    shown = {card["name"]: card for card in response.json()["items"]}
    assert shown["王小明"]["full_numbers"] is True
    assert shown["王小明"]["guardians"][0]["phone"] == _numbers(11)[0]
    assert shown["赵小刚"]["full_numbers"] is False
    assert shown["赵小刚"]["guardians"][0]["phone"] == "139****0012"
    assert _numbers(12)[0] not in response.content.decode()


def test_the_hotline_is_the_schools_phone_else_the_managing_units(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    elder = services.person_register(
        acting_user=township_worker, org_unit=region.lengqi, data=services.PersonData(name="李老汉")
    )
    for unit, phone in ((region.lengqi_school, "0836 312 1234"), (region.lengqi, "0836-3129999")):
        org_unit_update(
            unit=unit,
            version=unit.version,
            name=unit.name,
            code=unit.code,
            is_active=True,
            phone=phone,
        )

    response = _cards(Client(), [pupil.pk, elder.pk], bearer(township_worker))

    hotlines = {card["name"]: card["hotline"] for card in response.json()["items"]}
    assert hotlines == {"王小明": "0836-3121234", "李老汉": "0836-3129999"}
    elder_card = next(c for c in response.json()["items"] if c["name"] == "李老汉")
    assert elder_card["school"] is None
    assert elder_card["guardians"] == elder_card["parents"] == []


def test_a_person_outside_the_callers_rosters_is_404_and_nothing_is_exported(
    region: Region, township_worker: User, other_township_worker: User, county_sysadmin: User
) -> None:
    own = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    foreign = factories.pupil(other_township_worker, region.xinglong_school, "赵小刚", 12)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)

    answers = [
        _cards(Client(), [own.pk, foreign.pk], bearer(township_worker)),
        _cards(Client(), [own.pk], bearer(other_township_worker)),
        _cards(Client(), [own.pk, 987654321], bearer(township_worker)),
        _cards(Client(), [own.pk], bearer(county_sysadmin)),
        _cards(Client(), [own.pk], bearer(volunteer)),
    ]

    for response in answers:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "field": None}
        text = response.content.decode()
        assert "王小明" not in text and "赵小刚" not in text
    assert _exports() == []


def test_malformed_selections_are_422_and_nothing_is_exported(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    client, headers = Client(), bearer(township_worker)

    for ids in ([], [pupil.pk] * 201, ["王小明"], [0], [2**63], None):
        assert _cards(client, ids, headers).status_code == 422, ids
    assert (
        client.post(PATH, {}, content_type="application/json", headers=headers).status_code == 422
    )
    assert _exports() == []


def test_the_cards_path_leaves_the_persons_file_path_alone(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    client, headers = Client(), bearer(township_worker)

    assert client.get(f"/api/persons/{pupil.pk}", headers=headers).json()["name"] == "王小明"
    assert client.get(PATH, headers=headers).status_code == 405
    assert _exports() == []


def test_browser_session_exports_only_with_the_csrf_token(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)

    refused = _cards(client, [pupil.pk], {})
    assert refused.status_code == 403
    assert _exports() == []

    client.cookies["csrftoken"] = "a" * 32
    accepted = _cards(client, [pupil.pk], {"X-CSRFToken": "a" * 32})
    assert accepted.status_code == 200 and accepted.json()["count"] == 1
    assert len(_exports()) == 1


def test_query_count_is_fixed_at_1_and_50_cards(region: Region, township_worker: User) -> None:
    client, headers = Client(), bearer(township_worker)
    pupils: list[Person] = [factories.pupil(township_worker, region.lengqi_school, "王0", 100)]
    client.get("/api/me", headers=headers)  # the token's first use is written down

    with assert_num_queries(CARDS_QUERIES):
        one = _cards(client, [p.pk for p in pupils], headers).json()
    pupils += [
        factories.pupil(township_worker, region.lengqi_school, f"王{n}", 100 + n)
        for n in range(1, 50)
    ]
    with assert_num_queries(CARDS_QUERIES):
        fifty = _cards(client, [p.pk for p in pupils], headers).json()

    assert one["count"] == 1 and len(one["items"]) == 1
    assert fifty["count"] == 50
    assert all(len(card["guardians"]) == len(card["parents"]) == 1 for card in fifty["items"])


def test_the_printed_page_and_the_api_show_the_same_cards(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    own = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    other = factories.pupil(other_township_worker, region.xinglong_school, "赵小刚", 12)
    factories.grant(township_worker, region.county, Role.VIEWER)

    cards = _cards(Client(), [own.pk, other.pk], bearer(township_worker)).json()["items"]
    page = (
        logged_in(township_worker)
        .post(reverse("registry:contact_cards"), {"ids": [own.pk, other.pk], "purpose": PURPOSE})
        .content.decode()
    )

    # Both built by ``contact_cards.contact_cards_for``: full numbers only where the worker edits.
    for card in cards:
        for contact in card["guardians"] + card["parents"]:
            assert contact["phone"] in page, contact
    assert _numbers(11)[0] in page and "139****0012" in page
    assert _numbers(12)[0] not in page
    # In the same roster order.
    names = [c["name"] for c in cards]
    assert sorted(names) == ["王小明", "赵小刚"]
    assert sorted(names, key=page.index) == names
    assert len(_exports()) == 2


def test_cards_need_a_purpose_and_nothing_is_exported_without_one(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    client, headers = Client(), bearer(township_worker)

    missing = client.post(
        PATH, {"ids": [pupil.pk]}, content_type="application/json", headers=headers
    )
    assert missing.status_code == 422
    chinese = {**headers, "Accept-Language": "zh-hans"}
    empty = _cards(client, [pupil.pk], chinese, purpose="  ")
    assert empty.status_code == 400
    assert empty.json() == {
        "detail": "请填写用途：说明为什么需要这些号码或这份名单。",
        "field": "purpose",
    }
    too_long = _cards(client, [pupil.pk], chinese, purpose="用" * 201)
    assert too_long.status_code == 400
    assert too_long.json()["detail"] == "用途最多 200 个字，现在有 201 个字。"
    for response in (missing, empty, too_long):
        assert _numbers(11)[0] not in response.content.decode()
    assert _exports() == []


def test_cards_name_the_class_teacher_and_the_helpers(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="张丽")
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="李老师")
    for who, role in ((teacher, HelperRole.CLASS_TEACHER), (helper, HelperRole.SURROGATE_PARENT)):
        pairing_start(
            acting_user=township_worker,
            person=pupil,
            role=role,
            started_on=date(2026, 9, 1),
            helper=who,
        )

    response = _cards(Client(), [pupil.pk], bearer(township_worker))

    [card] = response.json()["items"]
    assert card["class_teachers"] == [{"role": "Class teacher", "name": "张丽"}]
    assert card["helpers"] == [{"role": "Surrogate parent", "name": "李老师"}]


def test_a_volunteers_cards_carry_no_digit_of_the_family_phones(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    pairing_start(
        acting_user=township_worker,
        person=pupil,
        role=HelperRole.VOLUNTEER,
        started_on=date(2026, 9, 1),
        helper=volunteer,
    )

    response = _cards(Client(), [pupil.pk], bearer(volunteer))

    assert response.status_code == 200
    [card] = response.json()["items"]
    assert card["guardians"][0]["name"] == "王奶奶"
    assert card["guardians"][0]["phone"] == card["parents"][0]["phone"] == ""
    text = response.content.decode()
    assert "0011" not in text and "****" not in text
