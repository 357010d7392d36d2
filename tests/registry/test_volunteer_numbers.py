"""A volunteer paired with a person sees the file without any digit of ID or phone numbers,
on the pages and in the API (DESIGN §1: volunteers see no personal IDs)."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole, Pairing
from guanai.core.idnumber import make_id
from guanai.registry import services
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in

ID = make_id("513322", date(2014, 6, 1), 246)
PHONE = "13912345678"
GUARDIAN_PHONE = "13887654321"


def _paired_child(region: Region, worker: User, volunteer: User) -> int:
    child = factories.person(region.lengqi, "张三", by=worker, id_number=ID, phone=PHONE)
    services.contact_add(
        acting_user=worker, person=child, kind="guardian", name="张奶奶", phone=GUARDIAN_PHONE
    )
    Pairing.objects.create(
        person=child, helper=volunteer, role=HelperRole.VOLUNTEER, started_on=date(2026, 9, 1)
    )
    return child.pk


def _no_digits_of_numbers(text: str) -> None:
    for number in (ID, PHONE, GUARDIAN_PHONE):
        assert number[-4:] not in text, number
        assert number[:3] + "*" not in text, number


def test_a_paired_volunteer_sees_no_id_or_phone_number(
    region: Region, township_worker: User
) -> None:
    volunteer = factories.user(unit=region.county, role=Role.VOLUNTEER)
    pk = _paired_child(region, township_worker, volunteer)
    client = logged_in(volunteer)
    listing = client.get(reverse("registry:person_list")).content.decode()
    assert "张三" in listing
    _no_digits_of_numbers(listing)
    for tab in ("basic", "family"):
        page = client.get(reverse("registry:person_detail", args=[pk]), {"tab": tab})
        assert page.status_code == 200 and "张三" in page.content.decode()
        _no_digits_of_numbers(page.content.decode())
    api = Client(headers=bearer(volunteer))
    for url in ("/api/persons", f"/api/persons/{pk}"):
        response = api.get(url)
        assert response.status_code == 200 and "张三" in str(response.json())
        _no_digits_of_numbers(response.content.decode())
    # A worker still sees the masked numbers.
    page = logged_in(township_worker).get(reverse("registry:person_detail", args=[pk]))
    assert ID[-4:] in page.content.decode()
