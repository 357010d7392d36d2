"""The holiday page (/holidays/): the system administrator lists a year's entered days,
adds one, pastes a year's arrangement and removes a day; a bad paste changes nothing and
says which line is wrong; nobody else opens it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client
from django.utils.formats import date_format
from django.utils.translation import override

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.reports import holidays
from guanai.reports.models import HolidayKind, HolidayOverride
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/holidays/"
TODAY = date(2026, 12, 6)
PASTE = "2027-02-06 至 2027-02-12 春节 放假\n2027-02-14 上班\n"


@pytest.fixture(autouse=True)
def _on_the_day() -> Iterator[None]:
    with on(TODAY):
        yield


def rows(page: str) -> list[str]:
    return [chunk.split('"')[0] for chunk in page.split('data-day="')[1:]]


def test_the_page_says_which_years_the_built_in_calendar_knows(county_sysadmin: User) -> None:
    page = logged_in(county_sysadmin).get(URL, **EN).content.decode()
    # In December the coming year is shown first: its arrangement is due.
    assert "The days entered for 2027" in page
    known = "The built-in calendar knows the State Council's holiday arrangement of 2004–2026."
    assert known in page
    assert "The holidays of 2027 are not known yet" in page


def test_the_sysadmin_pastes_a_year_and_the_page_lists_its_days(county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    answer = client.post("/holidays/paste/", {"text": PASTE, "year": "2027"}, **EN)
    assert (answer.status_code, answer["Location"]) == (302, "/holidays/?year=2027")
    page = client.get(answer["Location"], **EN).content.decode()
    assert "Entered: 8 new days, 0 changed, 0 already so." in page
    assert rows(page) == [f"2027-02-{d:02d}" for d in (6, 7, 8, 9, 10, 11, 12, 14)]
    with override("en"):
        assert date_format(date(2027, 2, 14)) in page
    assert 'data-kind="work"' in page and "春节" in page
    assert "its other weekdays are working days" in page


def test_a_bad_paste_changes_nothing_and_shows_the_lines_message(county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    text = PASTE + "2027-02-30 春节 放假\n2027-02-20 放假"
    answer = client.post("/holidays/paste/", {"text": text, "year": "2027"}, **EN)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Nothing was entered; correct these lines:" in page
    assert "Line 3: “2027-02-30” is not a real day" in page
    assert "Line 4: Name the holiday of a rest day, e.g. 春节." in page
    assert "2027-02-14 上班" in page  # the text is kept to correct
    assert not HolidayOverride.objects.exists()


def test_the_bad_paste_message_is_in_chinese(county_sysadmin: User) -> None:
    """Needs the zh-hans catalogue with this branch's messages (frag-cal.po merged)."""
    client = logged_in(county_sysadmin)
    answer = client.post("/holidays/paste/", {"text": "2027-02-20 放假", "year": "2027"})
    assert "第1行：放假的日期要写明节日名称，如春节。" in answer.content.decode()


def test_the_sysadmin_adds_a_day_then_removes_it(county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    answer = client.post(URL, {"day": "2027-01-01", "kind": "rest", "name": "元旦", "year": "2027"})
    assert (answer.status_code, answer["Location"]) == (302, "/holidays/?year=2027")
    entry = HolidayOverride.objects.get()
    assert (entry.day, entry.kind, entry.name, entry.entered_by) == (
        date(2027, 1, 1),
        HolidayKind.REST,
        "元旦",
        county_sysadmin,
    )
    answer = client.post("/holidays/delete/", {"day": "2027-01-01", "year": "2027"})
    assert answer.status_code == 302
    assert not HolidayOverride.objects.exists()


def test_a_bad_day_is_refused_beside_its_field(county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    answer = client.post(URL, {"day": "2027-01-01", "kind": "rest", "name": ""}, **EN)
    assert answer.status_code == 400
    assert "Name the holiday of a rest day, e.g. 春节." in answer.content.decode()
    answer = client.post(URL, {"day": "2027-13-01", "kind": "work"}, **EN)
    assert answer.status_code == 400
    assert not HolidayOverride.objects.exists()


def test_removing_a_day_not_entered_says_so(county_sysadmin: User) -> None:
    answer = logged_in(county_sysadmin).post("/holidays/delete/", {"day": "2027-01-01"}, **EN)
    assert answer.status_code == 400
    assert "No day is entered for 2027-01-01." in answer.content.decode()


@pytest.mark.parametrize("year", ["1999", "2028", "x", "２０２７", "2027.0"])
def test_a_year_outside_the_range_is_not_found(county_sysadmin: User, year: str) -> None:
    assert logged_in(county_sysadmin).get(URL, {"year": year}).status_code == 404


def test_a_township_worker_is_refused(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    assert client.get(URL).status_code == 403
    assert client.post("/holidays/paste/", {"text": PASTE}).status_code == 403
    assert client.post(URL, {"day": "2027-01-01", "kind": "work"}).status_code == 403
    holidays.holiday_override_set(acting_user=SYSTEM, day=date(2027, 1, 1), kind="work", name="")
    assert client.post("/holidays/delete/", {"day": "2027-01-01"}).status_code == 403
    assert HolidayOverride.objects.count() == 1


def test_a_township_sysadmin_reads_but_cannot_change(region: Region) -> None:
    admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN)
    client = logged_in(admin)
    page = client.get(URL, **EN).content.decode()
    assert "Only the system administrator of a county or a higher unit" in page
    assert 'name="text"' not in page
    assert client.post("/holidays/paste/", {"text": PASTE}).status_code == 403
    assert not HolidayOverride.objects.exists()


def _page(client: Client) -> None:
    assert client.get(URL, {"year": "2027"}).status_code == 200


def test_the_page_has_a_fixed_query_count(county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    holidays.holiday_arrangement_enter(acting_user=SYSTEM, text="2027-01-01 元旦 放假")
    _page(client)
    with count_queries() as one:
        _page(client)
    holidays.holiday_arrangement_enter(
        acting_user=county_sysadmin,
        text="\n".join(f"2027-03-{d:02d} 节 放假" for d in range(1, 26))
        + "\n"
        + "\n".join(f"2027-05-{d:02d} 节 放假" for d in range(1, 25)),
    )
    with count_queries() as fifty:
        _page(client)
    assert HolidayOverride.objects.count() == 50
    assert_same_query_count(one, fifty)
