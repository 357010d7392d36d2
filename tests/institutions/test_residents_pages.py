"""The residents pages, read in English: the section on the institution's page, the
application (pick the person, the form, the decision shown with its reason), the leaving
form, the lists; who sees which; a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest

from guanai.accounts.models import Role, User
from guanai.institutions.models import Resident
from tests import factories
from tests.conftest import Region, logged_in
from tests.institutions.residents_support import applied, disabled
from tests.institutions.support import TODAY, Home, home_in
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def home(region: Region) -> Home:
    return home_in(region.lengqi)


def shown(page: str, testid: str) -> list[str]:
    table = page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'/institutions/residents/\d+/">([^<]+)</a>', table)


def test_the_institution_page_lists_the_current_residents(
    region: Region, home: Home, township_worker: User
) -> None:
    applied(township_worker, home.institution, disabled(region.ganlusi, "李明", kind=6, grade=2))
    applied(
        township_worker, home.institution, disabled(region.ganlusi, "王老", born=date(1950, 1, 1))
    )
    page = logged_in(home.clerk).get(f"/institutions/{home.unit.pk}/", **EN).content.decode()
    assert shown(page, "current-residents") == ["李明"]
    assert "Mental disability Grade 2" in page
    assert "Register a service user" in page
    viewer = factories.user(unit=region.lengqi, role=Role.VIEWER)
    page = logged_in(viewer).get(f"/institutions/{home.unit.pk}/", **EN).content.decode()
    assert shown(page, "current-residents") == ["李明"]
    assert "Register a service user" not in page


def test_applying_through_the_pages_shows_the_decision(
    region: Region, home: Home, township_worker: User
) -> None:
    client = logged_in(township_worker)
    eligible = disabled(region.ganlusi, "李明")
    old = disabled(region.ganlusi, "王老", kind=4, grade=3, born=date(1950, 1, 1))
    stranger = disabled(region.shencun, "兴隆人")
    pick = client.get(f"/institutions/{home.unit.pk}/residents/new/?q=wl", **EN).content.decode()
    assert "王老" in pick and "李明" not in pick
    everyone = client.get(f"/institutions/{home.unit.pk}/residents/new/", **EN).content.decode()
    assert "兴隆人" not in everyone
    url = f"/institutions/{home.unit.pk}/residents/new/?person={old.pk}"
    form = client.get(url, **EN).content.decode()
    assert 'value="residential" selected' in form
    answer = client.post(url, {"mode": "residential", "applied_on": "2026-12-06"}, **EN)
    assert answer.status_code == 302
    page = client.get(answer["Location"], **EN).content.decode()
    assert 'data-decision="refused"' in page and "Not eligible for care" in page
    assert "Aged 76, outside the working age of 16–59." in page
    assert "Physical disability, Grade 3: not severe (grade 1 or 2)." in page
    url = f"/institutions/{home.unit.pk}/residents/new/?person={eligible.pk}"
    answer = client.post(url, {"mode": "residential", "applied_on": "2026-12-06"}, **EN)
    page = client.get(answer["Location"], **EN).content.decode()
    assert 'data-decision="admitted"' in page and "Record the leaving" in page
    # A person off the user's rosters is not offered
    assert (
        client.get(f"/institutions/{home.unit.pk}/residents/new/?person={stranger.pk}").status_code
        == 404
    )
    listing = client.get(f"/institutions/{home.unit.pk}/residents/", **EN).content.decode()
    assert shown(listing, "current-residents") == ["李明"]
    assert shown(listing, "refused") == ["王老"]


def test_a_bad_application_is_shown_beside_its_field(
    region: Region, home: Home, township_worker: User
) -> None:
    person = disabled(region.ganlusi)
    url = f"/institutions/{home.unit.pk}/residents/new/?person={person.pk}"
    answer = logged_in(township_worker).post(
        url, {"mode": "day_care", "applied_on": "2026-12-06"}, **EN
    )
    assert answer.status_code == 400
    assert "offers Institutional residential care only, not Day care." in answer.content.decode()
    assert not Resident.objects.exists()


def test_recording_the_leaving(region: Region, home: Home, township_worker: User) -> None:
    resident = applied(township_worker, home.institution, disabled(region.ganlusi))
    client = logged_in(township_worker)
    url = f"/institutions/residents/{resident.pk}/leave/"
    refused = client.post(
        url,
        {"version": "1", "leave-ended_on": "2026-12-06", "leave-reason": ""},
        **EN,
    )
    assert refused.status_code == 400
    answer = client.post(
        url,
        {"version": "1", "leave-ended_on": "2026-12-06", "leave-reason": "回家居住"},
        **EN,
    )
    assert answer.status_code == 302
    resident.refresh_from_db()
    assert (resident.ended_on, resident.end_reason) == (TODAY, "回家居住")
    page = client.get(f"/institutions/residents/{resident.pk}/", **EN).content.decode()
    assert "回家居住" in page and "Record the leaving" not in page


def test_scoping_other_township_and_roles(
    region: Region, home: Home, township_worker: User
) -> None:
    resident = applied(township_worker, home.institution, disabled(region.ganlusi))
    outsider = factories.user(unit=region.xinglong, role=Role.WORKER)
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    viewer = factories.user(unit=region.lengqi, role=Role.VIEWER)
    for url in (
        f"/institutions/{home.unit.pk}/residents/",
        f"/institutions/{home.unit.pk}/residents/new/",
        f"/institutions/residents/{resident.pk}/",
    ):
        assert logged_in(outsider).get(url).status_code == 404
        assert logged_in(helper).get(url).status_code == 403
    assert logged_in(viewer).get(f"/institutions/residents/{resident.pk}/").status_code == 200
    assert logged_in(viewer).get(f"/institutions/{home.unit.pk}/residents/new/").status_code == 403
    left = logged_in(viewer).post(
        f"/institutions/residents/{resident.pk}/leave/",
        {"version": "1", "leave-ended_on": "2026-12-06", "leave-reason": "x"},
    )
    assert left.status_code == 403


def test_the_pages_take_a_fixed_number_of_queries(
    region: Region, home: Home, township_worker: User
) -> None:
    applied(township_worker, home.institution, disabled(region.ganlusi, "住户"))
    applied(
        township_worker, home.institution, disabled(region.ganlusi, "老", born=date(1950, 1, 1))
    )
    client = logged_in(township_worker)
    urls = [f"/institutions/{home.unit.pk}/", f"/institutions/{home.unit.pk}/residents/"]

    def read() -> list[object]:
        found = []
        for url in urls:
            with count_queries() as counted:
                client.get(url)
            found.append(counted)
        return found

    small = read()
    for i in range(8):
        applied(township_worker, home.institution, disabled(region.ganlusi, f"住户{i}", kind=6))
        applied(
            township_worker,
            home.institution,
            disabled(region.ganlusi, f"老人{i}", born=date(1950, 1, 1)),
        )
    for few, many in zip(small, read(), strict=True):
        assert_same_query_count(few, many)  # type: ignore[arg-type]
