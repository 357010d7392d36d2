"""Roster pages: scoping (404 outside scope), masking and audited reveal, forms, query counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole, Pairing
from guanai.core.idnumber import make_id
from guanai.core.masking import mask_id
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import services
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

ID = make_id("513322", date(2014, 6, 1), 246)


def _person(user: User, region: Region, name: str = "张三", **values: Any) -> Person:
    return factories.person(region.lengqi, name, by=user, **values)


def test_list_shows_own_persons_masked(region: Region, township_worker: User) -> None:
    _person(township_worker, region, id_number=ID)
    page = logged_in(township_worker).get(reverse("registry:person_list")).content.decode()
    assert "张三" in page
    assert ID not in page
    assert ID[:3] + "*" * 11 + ID[-4:] in page


def test_other_township_cannot_list_search_or_open(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    person = _person(township_worker, region, id_number=ID)
    client = logged_in(other_township_worker)
    assert "张三" not in client.get(reverse("registry:person_list")).content.decode()
    assert "张三" not in client.get(reverse("registry:person_list"), {"q": ID}).content.decode()
    for name in ("registry:person_detail", "registry:person_edit"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 404
    assert client.post(reverse("registry:person_reveal", args=[person.pk])).status_code == 404


def test_admin_roles_and_volunteers_get_no_roster(
    region: Region, township_worker: User, county_sysadmin: User
) -> None:
    person = _person(township_worker, region, id_number=ID)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    assert logged_in(county_sysadmin).get(reverse("registry:person_list")).status_code == 403
    # A volunteer opens the list, which holds only the persons paired to them: none here.
    assert "张三" not in logged_in(volunteer).get(reverse("registry:person_list")).content.decode()
    for account in (county_sysadmin, volunteer):
        detail = logged_in(account).get(reverse("registry:person_detail", args=[person.pk]))
        assert detail.status_code == 404
        assert ID not in detail.content.decode()


def test_a_helper_lists_and_opens_only_the_persons_paired_to_them(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired = _person(township_worker, region, id_number=ID)
    other = _person(township_worker, region, name="李四")
    Pairing.objects.create(
        person=paired,
        helper=school_helper,
        role=HelperRole.SUBJECT_TEACHER,
        started_on=timezone.localdate(),
    )
    client = logged_in(school_helper)
    page = client.get(reverse("registry:person_list")).content.decode()
    assert "张三" in page and "李四" not in page
    assert ID not in page  # masked, as for everyone
    assert client.get(reverse("registry:person_detail", args=[paired.pk])).status_code == 200
    assert client.get(reverse("registry:person_detail", args=[other.pk])).status_code == 404
    Pairing.objects.filter(person=paired).update(ended_on=timezone.localdate())
    assert "张三" not in client.get(reverse("registry:person_list")).content.decode()


def test_opening_a_file_and_revealing_numbers_are_audited(
    region: Region, township_worker: User
) -> None:
    person = _person(township_worker, region, id_number=ID, phone="13912345678")
    client = logged_in(township_worker)
    page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert ID not in page and "139****5678" in page
    assert AccessLog.objects.filter(action=AuditAction.READ, object_id=str(person.pk)).exists()
    revealed = client.post(
        reverse("registry:person_reveal", args=[person.pk]), {"purpose": "核对户籍"}
    ).content.decode()
    assert ID in revealed and "13912345678" in revealed
    reveal = AccessLog.objects.get(action=AuditAction.REVEAL, user=township_worker)
    assert reveal.detail["purpose"] == "核对户籍"


def test_viewer_reads_but_cannot_reveal(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    person = _person(township_worker, region, id_number=ID)
    client = logged_in(prefecture_viewer)
    assert client.get(reverse("registry:person_detail", args=[person.pk])).status_code == 200
    response = client.post(
        reverse("registry:person_reveal", args=[person.pk]), {"purpose": "核对"}, follow=True
    )
    assert ID not in response.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_register_form_shows_a_bad_id_next_to_the_field(
    region: Region, township_worker: User
) -> None:
    bad = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    response = logged_in(township_worker).post(
        reverse("registry:person_create"),
        {"org_unit": region.lengqi.pk, "name": "李四", "id_number": bad, "health": "healthy"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page
    assert "身份证号校验位不符" in page
    assert not Person.objects.exists()


def test_register_form_creates_the_file_with_categories(
    region: Region, township_worker: User
) -> None:
    response = logged_in(township_worker).post(
        reverse("registry:person_create"),
        {
            "org_unit": region.lengqi.pk,
            "name": "李四",
            "id_number": ID,
            "health": "healthy",
            "categories": ["left_behind", "single_parent"],
        },
    )
    person = Person.objects.get(name="李四")
    assert response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert set(person.categories.values_list("category", flat=True)) == {
        "left_behind",
        "single_parent",
    }


def test_registering_a_known_id_opens_the_existing_file(
    region: Region, township_worker: User
) -> None:
    existing = _person(township_worker, region, id_number=ID)
    response = logged_in(township_worker).post(
        reverse("registry:person_create"),
        {"org_unit": region.lengqi.pk, "name": "张叁", "id_number": ID, "health": "healthy"},
    )
    assert response["Location"] == reverse("registry:person_detail", args=[existing.pk])
    assert Person.objects.count() == 1


def test_roster_list_runs_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=services.PersonData(name="人0"),
        categories=[("left_behind", date(2024, 9, 1))],
    )
    with count_queries() as one:
        client.get(reverse("registry:person_list"))
    for n in range(1, 50):
        services.person_register(
            acting_user=township_worker,
            org_unit=region.lengqi_school,
            data=services.PersonData(name=f"人{n}", school=region.lengqi_school, grade="三年级"),
            categories=[("orphan", date(2024, 9, 1))],
        )
    with count_queries() as fifty:
        page = client.get(reverse("registry:person_list")).content.decode()
    assert page.count("/persons/") >= 50
    assert_same_query_count(one, fifty)


def test_file_page_asks_for_and_records_consent(region: Region, township_worker: User) -> None:
    child = _person(township_worker, region, id_number=ID)
    client = logged_in(township_worker)
    url = reverse("registry:person_detail", args=[child.pk])
    assert "未满14周岁" in client.get(url).content.decode()
    response = client.post(
        reverse("registry:person_consent", args=[child.pk]),
        {
            "given_by": "张奶奶",
            "relation": "祖母",
            "given_on": "2026-11-01",
            "scope": "登记、帮扶记录",
            "purpose": "关爱帮扶",
        },
    )
    # The consents are on the file's family tab, where the form sends the user back.
    assert response["Location"] == f"{url}?tab=family"
    page = client.get(response["Location"]).content.decode()
    assert "张奶奶（祖母）" in page
    assert "未满14周岁" not in page
    assert child.consents.count() == 1


def test_edit_form_never_shows_full_numbers_and_keeps_them_when_blank(
    region: Region, township_worker: User
) -> None:
    person = _person(township_worker, region, id_number=ID, phone="13912345678")
    Person.objects.filter(pk=person.pk).update(village=region.ganlusi)
    client = logged_in(township_worker)
    url = reverse("registry:person_edit", args=[person.pk])
    page = client.get(url).content.decode()
    assert ID not in page and "13912345678" not in page
    assert mask_id(ID) in page
    client.post(
        url,
        {"name": "张三", "health": "healthy", "version": 1, "address": "新地址", "id_number": ""},
    )
    stored = Person.objects.get(pk=person.pk)
    assert stored.address == "新地址"
    assert (stored.id_number, stored.phone) == (ID, "13912345678")
    # Fields the form does not carry are kept too.
    assert stored.village == region.ganlusi


def test_viewer_cannot_open_the_edit_form(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    person = _person(township_worker, region, id_number=ID)
    url = reverse("registry:person_edit", args=[person.pk])
    assert logged_in(prefecture_viewer).get(url).status_code == 404


def test_editing_to_an_id_outside_scope_does_not_name_that_person(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    other_id = make_id("513322", date(2012, 1, 1), 77)
    services.person_register(
        acting_user=other_township_worker,
        org_unit=region.xinglong,
        data=services.PersonData(name="李秘密", id_number=other_id),
    )
    person = _person(township_worker, region, id_number=ID)
    page = (
        logged_in(township_worker)
        .post(
            reverse("registry:person_edit", args=[person.pk]),
            {"name": "张三", "health": "healthy", "version": 1, "id_number": other_id},
        )
        .content.decode()
    )
    assert "李秘密" not in page
    assert "不在您的权限范围内" in page
    assert Person.objects.get(pk=person.pk).id_number == ID
