"""The birthday pages: a month's list, one tap to mark celebrated, the lunar-birthday form."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.activities.birthdays import celebration_record, lunar_birthday_set
from guanai.activities.models.birthdays import Celebration, LunarBirthday
from guanai.core.actors import SYSTEM
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

LIST = reverse("activities:birthdays")
NOW = dt.datetime(2026, 5, 21, 9, tzinfo=dt.UTC)


def logged_in(account: User) -> Client:
    """Log in with an English browser: the tests read the English wording."""
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(account)
    return client


@pytest.fixture
def zhang(region: Region) -> Person:
    return factories.person(region.ganlusi, "张伟", birth_date=dt.date(2015, 5, 20))


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_the_months_birthdays_with_lunar_ones_marked(
    region: Region, township_worker: User, zhang: Person
) -> None:
    wang = factories.person(region.lengqi, "王芳", birth_date=dt.date(2016, 9, 9))
    lunar_birthday_set(acting_user=SYSTEM, person=wang, month=4, day=8)
    factories.person(region.xinglong, "赵强", birth_date=dt.date(2015, 5, 10))
    page = logged_in(township_worker).get(LIST, {"month": "2026-05"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Birthdays, May 2026" in text
    assert text.index("张伟") < text.index("王芳")
    assert "赵强" not in text
    assert "lunar 4/8" in text
    assert 'value="card"' in text  # the one-tap buttons
    assert reverse("activities:lunar_birthday", args=[wang.pk]) in text


@time_machine.travel(NOW, tick=False)
def test_one_tap_marks_a_birthday_celebrated_and_returns_to_the_list(
    township_worker: User, zhang: Person
) -> None:
    client = logged_in(township_worker)
    answer = client.post(
        reverse("activities:birthday_celebrate", args=[zhang.pk]),
        {"year": "2026", "how": "party", "month": "2026-05", "unit": ""},
        follow=True,
    )
    assert answer.redirect_chain[-1][0] == f"{LIST}?month=2026-05"
    text = answer.content.decode()
    assert "张伟&#x27;s birthday is recorded as celebrated." in text
    assert "Celebrated (birthday party, 21 May)" in text
    made = Celebration.objects.get()
    assert (made.person, made.year, made.how, made.by) == (zhang, 2026, "party", township_worker)
    # A second tap does not make a second record.
    again = client.post(
        reverse("activities:birthday_celebrate", args=[zhang.pk]),
        {"year": "2026", "how": "card", "month": "2026-05"},
        follow=True,
    )
    assert "already recorded as celebrated on 21 May 2026" in again.content.decode()
    assert Celebration.objects.count() == 1
    undone = client.post(
        reverse("activities:birthday_celebration_undo", args=[zhang.pk]),
        {"year": "2026", "month": "2026-05"},
        follow=True,
    )
    assert "no longer recorded as celebrated" in undone.content.decode()
    assert not Celebration.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_bad_celebration_input_is_refused_with_a_message(
    township_worker: User, zhang: Person
) -> None:
    client = logged_in(township_worker)
    url = reverse("activities:birthday_celebrate", args=[zhang.pk])
    bad_how = client.post(url, {"year": "2026", "how": "cake", "month": "2026-05"}, follow=True)
    assert (
        "Choose how the birthday was celebrated: card, wishes, party or other."
        in bad_how.content.decode()
    )
    bad_year = client.post(url, {"year": "20x6", "how": "card", "month": "x"}, follow=True)
    assert "Choose the birthday&#x27;s year." in bad_year.content.decode()
    assert not Celebration.objects.exists()


def test_a_viewer_sees_the_list_without_buttons_and_may_not_post(
    region: Region, prefecture_viewer: User, zhang: Person
) -> None:
    client = logged_in(prefecture_viewer)
    text = client.get(LIST, {"month": "2026-05"}).content.decode()
    assert "张伟" in text
    assert 'value="card"' not in text
    assert "Lunar birthday" not in text
    url = reverse("activities:birthday_celebrate", args=[zhang.pk])
    assert client.post(url, {"year": "2026", "how": "card"}).status_code == 404
    lunar = reverse("activities:lunar_birthday", args=[zhang.pk])
    assert client.get(lunar).status_code == 404
    assert not Celebration.objects.exists()


def test_a_worker_of_another_township_gets_404(other_township_worker: User, zhang: Person) -> None:
    client = logged_in(other_township_worker)
    assert "张伟" not in client.get(LIST, {"month": "2026-05"}).content.decode()
    for name in ("activities:birthday_celebrate", "activities:birthday_celebration_undo"):
        answer = client.post(reverse(name, args=[zhang.pk]), {"year": "2026", "how": "card"})
        assert answer.status_code == 404
    assert client.get(reverse("activities:lunar_birthday", args=[zhang.pk])).status_code == 404


def test_the_unit_filter_offers_the_users_units_and_refuses_others(
    region: Region, zhang: Person
) -> None:
    user = factories.user(unit=region.lengqi, role=Role.WORKER, username="two_units")
    factories.grant(user, region.xinglong, Role.WORKER)
    factories.person(region.shencun, "赵强", birth_date=dt.date(2015, 5, 10))
    client = logged_in(user)
    both = client.get(LIST, {"month": "2026-05"}).content.decode()
    assert "All my units" in both and "赵强" in both and "张伟" in both
    one = client.get(LIST, {"month": "2026-05", "unit": region.lengqi.pk}).content.decode()
    assert "张伟" in one and "赵强" not in one
    assert client.get(LIST, {"unit": region.county.pk}).status_code == 404
    assert client.get(LIST, {"unit": "x"}).status_code == 404


def test_a_bad_month_falls_back_to_this_month_with_a_message(township_worker: User) -> None:
    page = logged_in(township_worker).get(LIST, {"month": "2026-13"})
    assert page.status_code == 200
    assert "“2026-13” is not a month; write it as 2026-01." in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_lunar_birthday_form_saves_and_shows_where_it_falls(
    township_worker: User, zhang: Person
) -> None:
    client = logged_in(township_worker)
    url = reverse("activities:lunar_birthday", args=[zhang.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Lunar birthday of 张伟" in form.content.decode()
    assert "a 30th day in a 29-day month falls on the 29th" in form.content.decode()
    # Offered first: the lunar date of the birth date, 2015-05-20 being 四月初三.
    assert form.context["form"].initial == {"month": 4, "day": 3, "leap": False}
    answer = client.post(url, {"month": "4", "day": "8", "leap": "on"}, follow=True)
    # 2026 has no 闰四月: 四月初八 of 2026 (24 May) is after today, 21 May.
    assert answer.redirect_chain[-1][0] == f"{LIST}?month=2026-05"
    assert "lunar birthday is saved; it next falls on 24 May 2026." in answer.content.decode()
    kept = LunarBirthday.objects.get(person=zhang)
    assert (kept.month, kept.day, kept.is_leap, kept.set_by) == (4, 8, True, township_worker)
    assert "lunar leap 4/8" in answer.content.decode()
    cleared = client.post(url, {"action": "clear"}, follow=True)
    assert "birthday is the solar birth date again" in cleared.content.decode()
    assert not LunarBirthday.objects.exists()


def test_the_lunar_birthday_form_refuses_a_day_no_calendar_has(
    township_worker: User, zhang: Person
) -> None:
    url = reverse("activities:lunar_birthday", args=[zhang.pk])
    answer = logged_in(township_worker).post(url, {"month": "13", "day": "31"})
    assert answer.status_code == 200
    assert "Please correct the errors below." in answer.content.decode()
    assert not LunarBirthday.objects.exists()


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_page_runs_the_same_queries_at_1_and_50_rows(
    region: Region, township_worker: User, count: int
) -> None:
    def make(start: int, n: int) -> None:
        for i in range(start, start + n):
            person = factories.person(
                region.lengqi, f"人{i}", birth_date=dt.date(2015, 5, 1 + i % 28)
            )
            if i % 2:
                lunar_birthday_set(acting_user=SYSTEM, person=person, month=4, day=1 + i % 14)
            if i % 3:
                celebration_record(
                    acting_user=township_worker,
                    person=person,
                    year=2026,
                    how="card",
                    on=dt.date(2026, 1, 1),
                )

    client = logged_in(township_worker)
    make(0, 3)
    with count_queries() as small:
        assert client.get(LIST, {"month": "2026-05"}).status_code == 200
    make(3, count)
    with count_queries() as large:
        page = client.get(LIST, {"month": "2026-05"})
    assert page.content.decode().count('data-testid="birthday-') == 3 + count
    assert_same_query_count(small, large)
