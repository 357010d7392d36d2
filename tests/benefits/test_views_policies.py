"""The policy-standards page: a unit's standards today, their source and history, and the
leader's form for a new version."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.benefits.models import PolicyRate
from guanai.benefits.policies import policy_rate_add
from tests import factories
from tests.benefits.views_support import EN, page
from tests.conftest import Region, logged_in

pytestmark = pytest.mark.django_db

URL = reverse("benefits:policies")


@pytest.fixture
def lengqi_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")


def _form(amount: str, item: str = "orphan_scattered", day: str = "2025-01-01") -> dict[str, str]:
    return {"item": item, "effective_from": day, "amount": amount, "note": "泸民发〔2025〕3号"}


def test_the_national_standards_show_with_their_basis(
    region: Region, township_worker: User
) -> None:
    html = page(logged_in(township_worker), URL)

    assert 'data-testid="rate-orphan_scattered">¥600.00<' in html
    assert 'data-testid="rate-medical_ratio">70%<' in html
    assert "Plan 8 (1) 2: at least ¥600 a month" in html
    # A worker reads the standards but does not set them.
    assert 'id="new-version"' not in html


def test_a_county_standard_applies_below_and_shows_its_source(
    region: Region, county_leader: User, township_worker: User
) -> None:
    policy_rate_add(
        acting_user=county_leader,
        org_unit=region.county,
        item="orphan_scattered",
        effective_from=date(2025, 1, 1),
        amount="700",
    )

    html = page(logged_in(township_worker), f"{URL}?unit={region.lengqi.pk}")

    assert 'data-testid="rate-orphan_scattered">¥700.00<' in html
    assert "standard of 泸定县 from 2025-01-01" in html


def test_leader_adds_a_version(region: Region, lengqi_leader: User) -> None:
    client = logged_in(lengqi_leader)
    response = client.post(URL + f"?unit={region.lengqi.pk}", _form("650.5"), **EN)

    assert response.status_code == 302
    rate = PolicyRate.objects.get()
    assert (rate.org_unit, rate.amount) == (region.lengqi, Decimal("650.5000"))
    html = page(client, response["Location"])
    assert "¥650.50" in html and "泸民发〔2025〕3号" in html


def test_a_lower_local_standard_is_refused_next_to_the_field(
    region: Region, lengqi_leader: User
) -> None:
    response = logged_in(lengqi_leader).post(URL + f"?unit={region.lengqi.pk}", _form("500"), **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "A local standard cannot be lower than the one above it: ¥600.00" in html
    assert "Please correct the errors below." in html
    assert 'class="form-control is-invalid"' in html
    assert not PolicyRate.objects.exists()


def test_a_bad_amount_is_refused(region: Region, lengqi_leader: User) -> None:
    response = logged_in(lengqi_leader).post(URL + f"?unit={region.lengqi.pk}", _form("六百"), **EN)

    assert "“六百” has digits other than 0–9" in response.content.decode()
    assert not PolicyRate.objects.exists()


def test_worker_and_viewer_cannot_post(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    for user in (township_worker, prefecture_viewer):
        response = logged_in(user).post(URL + f"?unit={region.lengqi.pk}", _form("700"))
        assert response.status_code == 403
    assert not PolicyRate.objects.exists()


def test_a_unit_outside_the_users_scope_is_not_found(
    region: Region, other_township_worker: User
) -> None:
    page(logged_in(other_township_worker), f"{URL}?unit={region.lengqi.pk}", status=404)


def test_helpers_and_admins_are_refused(
    region: Region, school_helper: User, county_sysadmin: User
) -> None:
    for user in (school_helper, county_sysadmin):
        assert logged_in(user).get(URL).status_code == 403
