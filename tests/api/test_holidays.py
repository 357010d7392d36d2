"""The holiday arrangement through the API: the page's rules, the page's messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.reports.holidays import holiday_calendar
from guanai.reports.models import HolidayKind, HolidayOverride
from guanai.reports.monthly.workdays import first_working_day
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

URL = "/api/reports/holidays"
PASTE = "2027-02-06 至 2027-02-12 春节 放假\n2027-02-14 上班\n"


@pytest.fixture(autouse=True)
def _on_the_day() -> Iterator[None]:
    with on(date(2026, 12, 6)):
        yield


def _days(client: Client, headers: dict[str, str], year: int = 2027) -> list[tuple[str, str]]:
    body = client.get(URL, {"year": year}, headers=headers).json()
    return [(d["day"], d["kind"]) for d in body["days"]]


def test_the_sysadmin_pastes_a_year_and_reads_it_back(county_sysadmin: User) -> None:
    client, headers = Client(), bearer(county_sysadmin)

    entered = client.post(
        f"{URL}/arrangement", {"text": PASTE}, content_type="application/json", headers=headers
    )

    assert entered.json() == {"added": 8, "changed": 0, "unchanged": 0}
    body = client.get(URL, {"year": 2027}, headers=headers).json()
    assert body["library_knows"] is False
    assert body["days"][0] == {
        "day": "2027-02-06",
        "kind": "rest",
        "name": "春节",
        "entered_by": county_sysadmin.username,
        "entered_at": body["days"][0]["entered_at"],
    }
    assert _days(client, headers)[-1] == ("2027-02-14", "work")


def test_a_bad_line_enters_nothing_and_is_named(county_sysadmin: User) -> None:
    client, headers = Client(), bearer(county_sysadmin)

    answer = client.post(
        f"{URL}/arrangement",
        {"text": "2027-02-06 春节 放假\n2027-13-01 上班\n"},
        content_type="application/json",
        headers=headers,
    )

    assert answer.status_code == 400
    assert "2" in answer.json()["detail"]  # the line's number
    assert not HolidayOverride.objects.exists()


def test_a_day_is_set_replaced_and_removed(county_sysadmin: User) -> None:
    client, headers = Client(), bearer(county_sysadmin)
    day = f"{URL}/2027-10-01"

    rest = client.put(
        day, {"kind": "rest", "name": "国庆节"}, content_type="application/json", headers=headers
    )
    work = client.put(day, {"kind": "work"}, content_type="application/json", headers=headers)

    assert (rest.status_code, rest.json()["name"]) == (200, "国庆节")
    assert (work.json()["kind"], work.json()["name"]) == ("work", "")
    assert HolidayOverride.objects.get().kind == HolidayKind.WORK
    assert client.delete(day, headers=headers).status_code == 204
    assert not HolidayOverride.objects.exists()
    again = client.delete(day, headers=headers)
    assert (again.status_code, again.json()["field"]) == (400, "day")


def test_an_entered_holiday_moves_a_deadline(county_sysadmin: User, region: Region) -> None:
    # Given a deadline on a day of the 2027 Spring Festival, which the library does not know
    nominal = date(2027, 2, 8)
    assert first_working_day(nominal, holiday_calendar()).moved_to == nominal

    Client().post(
        f"{URL}/arrangement",
        {"text": PASTE},
        content_type="application/json",
        headers=bearer(county_sysadmin),
    )

    assert first_working_day(nominal, holiday_calendar()).moved_to == date(2027, 2, 14)


def test_bad_input_is_refused_and_changes_nothing(county_sysadmin: User) -> None:
    client, headers = Client(), bearer(county_sysadmin)

    answers = [
        client.put(
            f"{URL}/2027-02-30",
            {"kind": "rest", "name": "春节"},
            content_type="application/json",
            headers=headers,
        ),
        client.put(
            f"{URL}/2027-02-06",
            {"kind": "holiday", "name": "春节"},
            content_type="application/json",
            headers=headers,
        ),
        client.put(
            f"{URL}/2027-02-06", {"kind": "rest"}, content_type="application/json", headers=headers
        ),
        client.get(URL, {"year": 1900}, headers=headers),
    ]

    assert [a.status_code for a in answers] == [422, 422, 400, 422]
    assert answers[2].json() == {
        "detail": "Name the holiday of a rest day, e.g. 春节.",
        "field": "name",
    }
    assert not HolidayOverride.objects.exists()


def test_others_are_refused(region: Region, township_worker: User) -> None:
    township_admin = factories.user(
        unit=region.lengqi, role=Role.SYSADMIN, username="lengqi_sysadmin"
    )
    client = Client()

    read = client.get(URL, {"year": 2027}, headers=bearer(township_worker))
    write = client.put(
        f"{URL}/2027-02-06",
        {"kind": "rest", "name": "春节"},
        content_type="application/json",
        headers=bearer(township_admin),
    )

    assert read.status_code == 403
    assert client.get(URL, {"year": 2027}, headers=bearer(township_admin)).status_code == 200
    assert write.status_code == 403
    assert not HolidayOverride.objects.exists()


def test_the_list_reads_in_a_fixed_number_of_queries(county_sysadmin: User) -> None:
    client, headers = Client(), bearer(county_sysadmin)
    client.get(URL, {"year": 2027}, headers=headers)  # the token's last use is stamped once

    def listed(count: int) -> object:
        HolidayOverride.objects.all().delete()
        HolidayOverride.objects.bulk_create(
            HolidayOverride(
                day=date(2027, 1 + i // 28, 1 + i % 28),
                kind=HolidayKind.REST,
                name="假日",
                entered_by=county_sysadmin,
            )
            for i in range(count)
        )
        with count_queries() as queries:
            assert len(client.get(URL, {"year": 2027}, headers=headers).json()["days"]) == count
        return queries

    assert_same_query_count(listed(1), listed(50))
