"""Contact cards (联系卡, 篇九): asked for with a purpose (POST), audited, naming the school's
people, with phone numbers only as the user's role may see them."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import services
from tests import factories
from tests.conftest import Region, logged_in

CARDS = "registry:contact_cards"
PURPOSE = "期中家长会前发给家长"


def _print(user: User, ids: list[int], purpose: str = PURPOSE) -> str:
    response = logged_in(user).post(reverse(CARDS), {"ids": ids, "purpose": purpose})
    assert response.status_code == 200
    return response.content.decode()


def test_contact_cards_print_the_ticked_children_and_are_audited_with_their_purpose(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    first = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    second = factories.pupil(township_worker, region.lengqi_school, "李小红", 12)
    other = services.person_register(
        acting_user=other_township_worker,
        org_unit=region.xinglong,
        data=services.PersonData(name="兴隆的孩子"),
    )
    page = _print(township_worker, [first.pk, second.pk, other.pk])
    assert page.count('class="contact-card"') == 2
    assert "13912340011" in page and "13812340012" in page
    assert "广东东莞" in page and "冷碛镇中心小学 三年级2班" in page
    assert "兴隆的孩子" not in page
    export = AccessLog.objects.get(action=AuditAction.EXPORT, user=township_worker)
    assert export.detail["rows"] == 2
    assert export.detail["purpose"] == PURPOSE


def test_the_roster_link_asks_the_purpose_and_exports_nothing(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    # Given the roster's tick boxes sent by GET (a link, a crawler, another site)
    response = logged_in(township_worker).get(reverse(CARDS), {"ids": [pupil.pk]})
    # Then a form asks the purpose; no number is shown and nothing is exported
    page = response.content.decode()
    assert response.status_code == 200 and 'name="purpose"' in page
    assert "共 1 张：王小明。" in page
    assert f'name="ids" value="{pupil.pk}"' in page and "csrfmiddlewaretoken" in page
    assert "1391234" not in page and "139****" not in page
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_print_without_a_purpose_or_with_a_long_one_is_refused_in_chinese(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    client = logged_in(township_worker)
    empty = client.post(reverse(CARDS), {"ids": [pupil.pk], "purpose": "   "})
    assert empty.status_code == 400
    assert "请填写用途" in empty.content.decode()
    too_long = client.post(reverse(CARDS), {"ids": [pupil.pk], "purpose": "用" * 201})
    assert too_long.status_code == 400
    assert "用途最多 200 个字，现在有 201 个字" in too_long.content.decode()
    for response in (empty, too_long):
        assert "13912340011" not in response.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_print_needs_the_csrf_token(region: Region, township_worker: User) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)
    response = client.post(reverse(CARDS), {"ids": [pupil.pk], "purpose": PURPOSE})
    assert response.status_code == 403
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_cards_name_the_class_teacher_and_the_helpers(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="张丽")
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="李老师")
    for who, role in ((teacher, HelperRole.CLASS_TEACHER), (helper, HelperRole.SUBJECT_TEACHER)):
        pairing_start(
            acting_user=township_worker,
            person=pupil,
            role=role,
            started_on=date(2026, 9, 1),
            helper=who,
        )
    pairing_start(
        acting_user=township_worker,
        person=pupil,
        role=HelperRole.STUDY_BUDDY,
        started_on=date(2026, 9, 1),
        buddy_name="同桌小刚",
    )
    page = _print(township_worker, [pupil.pk])
    assert "<dt>班主任</dt>" in page and "张丽" in page
    assert "李老师（任课教师）" in page
    # A study buddy is a pupil: the card is for reaching the school and the family.
    assert "同桌小刚" not in page


def test_viewer_cards_show_masked_numbers(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    page = _print(prefecture_viewer, [pupil.pk])
    assert "13912340011" not in page
    assert "139****0011" in page


def test_a_volunteers_cards_show_no_digit_of_the_family_phones(
    region: Region, township_worker: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER, full_name="志愿者小周")
    pairing_start(
        acting_user=township_worker,
        person=pupil,
        role=HelperRole.VOLUNTEER,
        started_on=date(2026, 9, 1),
        helper=volunteer,
    )
    page = _print(volunteer, [pupil.pk])
    assert "王奶奶" in page
    assert "****" not in page and "0011" not in page


def test_cards_without_a_selection_go_back_with_a_message(township_worker: User) -> None:
    response = logged_in(township_worker).get(reverse(CARDS), follow=True)
    assert response.redirect_chain[-1][0] == reverse("registry:person_list")
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_school_hotline_set_on_the_unit_shows_on_the_cards(
    region: Region, township_worker: User, county_sysadmin: User
) -> None:
    pupil = factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    school = region.lengqi_school
    logged_in(county_sysadmin).post(
        reverse("accounts:org_edit", args=[school.pk]),
        {
            "name": school.name,
            "code": "",
            "phone": "0836 312 1234",
            "is_active": "on",
            "version": 1,
        },
    )
    assert "0836-3121234" in _print(township_worker, [pupil.pk])
