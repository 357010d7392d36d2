"""A person's benefits page: what they get and why, gaps, the one-child aid, the account,
this year's claims against the caps, roll lines; and who may see and change it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import User
from guanai.benefits.entitlements import entitlement_grant, payment_account_set
from guanai.benefits.models import Entitlement, PaymentAccount
from guanai.care.pairing import pairing_start
from guanai.registry.models import Person
from tests.benefits.views_support import EN, claim, orphan, page, person
from tests.conftest import Region, logged_in

pytestmark = pytest.mark.django_db


def _url(someone: Person, action: str = "") -> str:
    base = reverse("benefits:person", args=[someone.pk])
    return f"{base}{action}"


def test_worker_sees_the_benefit_and_why(region: Region, township_worker: User) -> None:
    someone = orphan(region.ganlusi)

    html = page(logged_in(township_worker), _url(someone))

    assert 'data-testid="monthly-total">¥600.00<' in html
    assert "Orphan basic living, scattered support" in html
    assert "national standard (Plan 8 (1) 2: at least ¥600 a month)" in html


def test_an_orphan_without_support_mode_is_reported(region: Region, township_worker: User) -> None:
    someone = orphan(region.ganlusi, support=None)

    html = page(logged_in(township_worker), _url(someone))

    assert 'data-testid="monthly-total">¥0.00<' in html
    assert "support mode" in html.lower()


def test_another_township_gets_404(region: Region, other_township_worker: User) -> None:
    someone = orphan(region.ganlusi)
    page(logged_in(other_township_worker), _url(someone), status=404)


def test_helpers_and_admins_are_refused(
    region: Region, school_helper: User, county_sysadmin: User
) -> None:
    someone = orphan(region.lengqi_school)
    for user in (school_helper, county_sysadmin):
        assert logged_in(user).get(_url(someone)).status_code == 403


def test_account_is_set_and_shown_masked(region: Region, township_worker: User) -> None:
    someone = orphan(region.ganlusi)
    client = logged_in(township_worker)

    response = client.post(
        _url(someone, "account/"),
        {
            "bank": "泸定县农村信用社",
            "account_number": "6217 0000 1111 2222 345",
            "holder": "王奶奶",
        },
        **EN,
    )

    assert response.status_code == 302
    assert PaymentAccount.objects.get(person=someone).holder == "王奶奶"
    html = page(client, _url(someone))
    assert "泸定县农村信用社 ****2345" in html
    assert "62170000" not in html


def test_a_bad_account_number_is_refused_and_changes_nothing(
    region: Region, township_worker: User
) -> None:
    someone = orphan(region.ganlusi)

    response = logged_in(township_worker).post(
        _url(someone, "account/"),
        {"bank": "信用社", "account_number": "abc", "holder": "王奶奶"},
        **EN,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert "is-invalid" in html
    assert not PaymentAccount.objects.exists()


def test_viewer_reads_but_cannot_post(region: Region, prefecture_viewer: User) -> None:
    someone = orphan(region.ganlusi)
    client = logged_in(prefecture_viewer)

    html = page(client, _url(someone))
    assert "¥600.00" in html
    assert _url(someone, "account/") not in html

    response = client.post(
        _url(someone, "account/"),
        {"bank": "信用社", "account_number": "6217000011112222", "holder": "王奶奶"},
    )
    assert response.status_code == 403
    assert not PaymentAccount.objects.exists()


def test_the_one_child_aid_is_granted_paid_and_ended(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "李大姐", "dibao")
    client = logged_in(township_worker)

    response = client.post(
        _url(parent, "entitlements/"),
        {
            "item": "one_child_aid",
            "quantity": "2",
            "started_on": "2024-01-01",
            "reason": "独生子女2019年病故，无其他子女",
        },
        **EN,
    )
    assert response.status_code == 302
    html = page(client, _url(parent))
    assert 'data-testid="monthly-total">¥220.00<' in html

    granted = Entitlement.objects.get(person=parent)
    response = client.post(
        _url(parent, f"entitlements/{granted.pk}/end/"),
        {f"end{granted.pk}-ended_on": "2024-06-30"},
        **EN,
    )
    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.ended_on == date(2024, 6, 30)
    assert 'data-testid="monthly-total">¥0.00<' in page(client, _url(parent))


def test_a_grant_without_reason_is_refused(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "李大姐", "dibao")

    response = logged_in(township_worker).post(
        _url(parent, "entitlements/"),
        {"item": "one_child_aid", "quantity": "0", "started_on": "2024-01-01", "reason": ""},
        **EN,
    )

    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    assert not Entitlement.objects.exists()


def test_claims_of_the_year_are_shown_against_the_caps(
    region: Region, township_worker: User
) -> None:
    patient = person(region.ganlusi, "张大爷", "tekun")
    today = timezone.localdate()
    claim(
        township_worker,
        patient,
        admitted=(today - timedelta(days=2)).isoformat(),
        discharged=today.isoformat(),
    )

    html = page(logged_in(township_worker), _url(patient))

    # 70% of ¥5,000 = ¥3,500 of the ¥50,000 cap: ¥46,500 left.
    assert "¥3,500.00" in html
    assert "¥46,500.00" in html
    assert "泸定县人民医院" in html


def test_the_case_file_links_to_benefits_for_roster_roles_only(
    region: Region, township_worker: User, school_helper: User
) -> None:
    someone = orphan(region.lengqi_school, "赵小明")
    pairing_start(
        acting_user=township_worker,
        person=someone,
        helper=school_helper,
        role="subject_teacher",
        started_on=date(2025, 1, 1),
    )
    file_url = reverse("registry:person_detail", args=[someone.pk])

    assert _url(someone) in page(logged_in(township_worker), file_url)
    assert _url(someone) not in page(logged_in(school_helper), file_url)


def test_csrf_is_enforced(region: Region, township_worker: User) -> None:
    someone = orphan(region.ganlusi)
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)

    response = client.post(
        _url(someone, "account/"),
        {"bank": "信用社", "account_number": "6217000011112222", "holder": "王奶奶"},
    )

    assert response.status_code == 403
    assert not PaymentAccount.objects.exists()


def test_the_page_shows_existing_grants_and_accounts(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "李大姐", "dibao")
    entitlement_grant(
        acting_user=township_worker,
        person=parent,
        item="one_child_aid",
        quantity=1,
        started_on=date(2024, 1, 1),
        reason="独女病故",
    )
    payment_account_set(
        acting_user=township_worker,
        person=parent,
        bank="农业银行",
        account_number="6228480000001234",
        holder="李大姐",
    )

    html = page(logged_in(township_worker), _url(parent))

    assert "独女病故" in html
    assert "农业银行 ****1234" in html
