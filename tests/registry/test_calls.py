"""Tap-to-call (issue 14, point 10): guardians' numbers open through an audited step, units'
office numbers are plain ``tel:`` links, and roles that may not see a number get no link."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole, Pairing
from guanai.core.models import AccessLog, AuditAction
from guanai.core.phone import tel_uri
from guanai.registry.models import Contact, Person
from tests import factories
from tests.conftest import Region, logged_in

GUARDIAN = "13912340007"
FATHER = "13812340007"
SCHOOL = "0836-2812345"


@pytest.fixture
def child(region: Region, township_worker: User) -> Person:
    region.lengqi_school.phone = SCHOOL
    region.lengqi_school.save()
    return factories.pupil(township_worker, region.lengqi_school, "王小明", 7)


def _family(client: Client, person: Person) -> str:
    response = client.get(reverse("registry:person_detail", args=[person.pk]) + "?tab=family")
    assert response.status_code == 200
    return response.content.decode()


def _call_url(person: Person, contact: Contact) -> str:
    return reverse("registry:contact_call", args=[person.pk, contact.pk])


def _guardian(person: Person) -> Contact:
    return person.contacts.get(is_guardian=True)


def _calls() -> list[AccessLog]:
    return [row for row in AccessLog.objects.order_by("pk") if "call" in row.detail]


def test_tel_uri_dials_mobiles_landlines_and_extensions() -> None:
    assert tel_uri("13912340007") == "tel:13912340007"
    assert tel_uri("0836-2812345") == "tel:0836-2812345"
    assert tel_uri("0836-2812345-12") == "tel:0836-2812345;ext=12"
    # Nothing but digits and hyphens of a number that is not one leaves the address.
    assert tel_uri('12"><script>') == "tel:12"


def test_a_worker_sees_a_call_button_for_each_number_but_not_the_number(
    child: Person, township_worker: User
) -> None:
    page = _family(logged_in(township_worker), child)
    assert page.count('data-testid="call"') == 2  # the guardian and the father
    assert _call_url(child, _guardian(child)) in page
    assert "139****0007" in page
    assert GUARDIAN not in page
    assert "tel:" + GUARDIAN not in page


def test_calling_opens_the_number_as_a_tel_link_and_records_each_opening(
    child: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    guardian = _guardian(child)

    # When the worker taps "Call" twice,
    first = client.post(_call_url(child, guardian))
    client.post(_call_url(child, guardian))

    # then the page links the whole number for the dialler,
    assert first.status_code == 200
    page = first.content.decode()
    assert re.search(rf'href="tel:{GUARDIAN}"\s+data-testid="call-link"', page)
    assert "王奶奶（祖母）" in page
    # and each opening is a reveal in the access log, naming the person and the contact.
    calls = _calls()
    assert len(calls) == 2
    for row in calls:
        assert (row.action, row.user, row.object_id) == (
            AuditAction.REVEAL,
            township_worker,
            str(child.pk),
        )
        assert row.detail == {"tab": "family", "call": guardian.pk, "contact": "王奶奶（祖母）"}


def test_a_call_is_a_post(child: Person, township_worker: User) -> None:
    response = logged_in(township_worker).get(_call_url(child, _guardian(child)))
    assert response.status_code == 405
    assert _calls() == []


def test_after_a_reveal_the_numbers_are_plain_tel_links(
    child: Person, township_worker: User
) -> None:
    response = logged_in(township_worker).post(
        reverse("registry:person_reveal", args=[child.pk]),
        {"tab": "family", "purpose": "联系监护人"},
    )
    page = response.content.decode()
    assert f'href="tel:{GUARDIAN}"' in page
    assert f'href="tel:{FATHER}"' in page
    assert 'data-testid="call"' not in page


def test_a_helper_sees_the_masked_number_without_a_call_and_may_not_call(
    child: Person, school_helper: User
) -> None:
    Pairing.objects.create(
        person=child,
        helper=school_helper,
        role=HelperRole.SUBJECT_TEACHER,
        started_on=date(2026, 9, 1),
    )
    client = logged_in(school_helper)
    page = _family(client, child)
    assert "139****0007" in page
    assert 'data-testid="call"' not in page
    assert "tel:" not in page

    refused = client.post(_call_url(child, _guardian(child)), follow=True)
    assert GUARDIAN not in refused.content.decode()
    assert [str(m) for m in refused.context["messages"]] == [
        "您的角色无权查看完整的身份证号和电话号码。"
    ]
    assert _calls() == []


def test_a_volunteer_sees_neither_number_nor_link(
    region: Region, child: Person, township_worker: User
) -> None:
    volunteer = factories.user(unit=region.county, role=Role.VOLUNTEER)
    Pairing.objects.create(
        person=child, helper=volunteer, role=HelperRole.VOLUNTEER, started_on=date(2026, 9, 1)
    )
    client = logged_in(volunteer)
    for tab in ("basic", "family"):
        page = client.get(
            reverse("registry:person_detail", args=[child.pk]) + f"?tab={tab}"
        ).content.decode()
        assert "0007" not in page
        assert "2812345" not in page  # not the school's number either
        assert "tel:" not in page
    refused = client.post(_call_url(child, _guardian(child)), follow=True)
    assert "0007" not in refused.content.decode()
    assert _calls() == []


def test_another_townships_person_or_another_persons_contact_is_404(
    region: Region, child: Person, township_worker: User, other_township_worker: User
) -> None:
    assert (
        logged_in(other_township_worker).post(_call_url(child, _guardian(child))).status_code == 404
    )
    other = factories.pupil(township_worker, region.lengqi_school, "李小红", 8)
    client = logged_in(township_worker)
    assert client.post(_call_url(child, _guardian(other))).status_code == 404
    assert _calls() == []


def test_a_contact_without_a_number_has_no_call(child: Person, township_worker: User) -> None:
    father = child.contacts.get(relation="父亲")
    father.phone = ""
    father.save()
    client = logged_in(township_worker)
    assert _family(client, child).count('data-testid="call"') == 1
    assert client.post(_call_url(child, father)).status_code == 404


def test_the_school_and_the_unit_numbers_are_tel_links(
    region: Region, child: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    basic = client.get(reverse("registry:person_detail", args=[child.pk])).content.decode()
    assert f'href="tel:{SCHOOL}"' in basic
    unit = client.get(reverse("accounts:org_detail", args=[region.lengqi_school.pk]))
    assert f'href="tel:{SCHOOL}"' in unit.content.decode()


def test_a_leader_may_call_and_a_viewer_may_not(
    child: Person, county_leader: User, prefecture_viewer: User
) -> None:
    assert _family(logged_in(county_leader), child).count('data-testid="call"') == 2
    page = _family(logged_in(prefecture_viewer), child)
    assert "139****0007" in page
    assert 'data-testid="call"' not in page
    assert "tel:" not in page
