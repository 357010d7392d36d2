"""The register form shows every mistake at once (issue 12, point 15): the ID number, the
phone and the dates are checked with the other fields, not in a second round."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.idnumber import make_id
from guanai.registry.models import Person
from tests.conftest import Region, logged_in

ID = make_id("513322", date(2014, 6, 1), 247)  # an odd sequence: a boy's number


def test_every_mistake_of_a_new_person_shows_in_the_first_answer(
    region: Region, township_worker: User
) -> None:
    bad_id = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = logged_in(township_worker).post(
        reverse("registry:person_create"),
        {
            "org_unit": region.lengqi.pk,
            "name": "",
            "id_number": bad_id,
            "phone": "13912345",
            "birth_date": tomorrow.isoformat(),
            "health": "healthy",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "此项为必填项。" in html  # the name
    assert "身份证号校验位不符，可能有数字输错。" in html
    assert "手机号应为11位，此号码为8位。" in html
    assert "出生日期晚于今天。" in html
    assert not Person.objects.exists()


def test_a_gender_against_the_id_number_shows_beside_a_missing_name(
    region: Region, township_worker: User
) -> None:
    response = logged_in(township_worker).post(
        reverse("registry:person_create"),
        {
            "org_unit": region.lengqi.pk,
            "name": " ",
            "id_number": ID,
            "gender": "female",
            "health": "healthy",
        },
    )

    html = response.content.decode()
    assert "此项为必填项。" in html
    assert "性别与身份证号不符，身份证号为男性。" in html
    assert not Person.objects.exists()


def test_a_good_form_still_registers(region: Region, township_worker: User) -> None:
    response = logged_in(township_worker).post(
        reverse("registry:person_create"),
        {
            "org_unit": region.lengqi.pk,
            "name": "李四",
            "id_number": ID,
            "phone": "139 1234 5678",
            "gender": "male",
            "birth_date": "2014-06-01",
            "health": "healthy",
        },
    )
    person = Person.objects.get()
    assert response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert (person.phone, person.gender, person.birth_date) == (
        "13912345678",
        "male",
        date(2014, 6, 1),
    )
