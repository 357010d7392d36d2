"""Birthdays through the API: a month's list, a lunar birthday set and cleared, a
celebration recorded and taken back; bad input refused with its message and nothing
changed; another township's person is 404; the list reads a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.utils import timezone

from guanai.activities.birthdays import lunar_birthday_set
from guanai.activities.models.birthdays import Celebration, LunarBirthday
from guanai.registry.models import Person
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

BIRTHDAYS = "/api/activities/birthdays"
# Last year's May: the pupils, born on 5 May 2015, had their birthday then.
YEAR = timezone.localdate().year - 1
MAY = f"{YEAR}-05"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


def pupil(region: Region, worker, name: str, n: int) -> Person:
    return factories.pupil(worker, region.lengqi_school, name, n)


def test_a_months_birthdays_are_listed(region, township_worker):
    child = pupil(region, township_worker, "周小燕", 1)
    auth = bearer(township_worker)

    may = Client().get(BIRTHDAYS, {"month": MAY}, headers=auth).json()
    june = Client().get(BIRTHDAYS, {"month": f"{YEAR}-06"}, headers=auth).json()
    school = (
        Client().get(BIRTHDAYS, {"month": MAY, "unit_id": region.lengqi.pk}, headers=auth).json()
    )

    assert may["items"] == [
        {
            "person": {"id": child.pk, "name": "周小燕"},
            "unit": {"id": region.lengqi_school.pk, "name": "冷碛镇中心小学"},
            "on": f"{YEAR}-05-05",
            "year": YEAR,
            "lunar": None,
            "celebration": None,
            "can_celebrate": True,
        }
    ]
    assert june["items"] == []
    assert school["count"] == 1


def test_a_lunar_birthday_is_set_shown_and_cleared(region, township_worker):
    child = pupil(region, township_worker, "周小燕", 1)
    auth = bearer(township_worker)
    path = f"/api/activities/persons/{child.pk}/lunar-birthday"

    kept = send("put", path, {"month": 4, "day": 8, "leap": False}, auth)

    assert kept.status_code == 200, kept.content
    assert kept.json() == {
        "person": {"id": child.pk, "name": "周小燕"},
        "month": 4,
        "day": 8,
        "leap": False,
    }
    rows = [
        row
        for month in range(4, 7)
        for row in Client()
        .get(BIRTHDAYS, {"month": f"{YEAR}-{month:02}"}, headers=auth)
        .json()["items"]
    ]
    assert [r["lunar"] for r in rows] == [{"month": 4, "day": 8, "leap": False}]
    assert Client().delete(path, headers=auth).status_code == 204
    assert not LunarBirthday.objects.exists()
    again = Client().delete(path, headers=auth)
    assert again.status_code == 400
    assert again.json()["detail"] == "This person keeps no lunar birthday."


def test_a_lunar_month_or_day_no_calendar_has_is_refused(region, township_worker):
    child = pupil(region, township_worker, "周小燕", 1)
    auth = bearer(township_worker)
    path = f"/api/activities/persons/{child.pk}/lunar-birthday"

    month = send("put", path, {"month": 13, "day": 1}, auth)
    day = send("put", path, {"month": 1, "day": 31}, auth)
    text = send("put", path, {"month": "四", "day": 8}, auth)

    assert month.status_code == 400
    assert month.json() == {
        "detail": "A lunar year has months 1 to 12; there is no month 13.",
        "field": "month",
    }
    assert day.status_code == 400
    assert day.json()["detail"] == "A lunar month has days 1 to 30; there is no day 31."
    assert text.status_code == 422
    assert not LunarBirthday.objects.exists()


def test_a_celebration_is_recorded_once_and_taken_back(region, township_worker):
    child = pupil(region, township_worker, "周小燕", 1)
    auth = bearer(township_worker)
    path = f"/api/activities/persons/{child.pk}/celebrations"
    card = {"year": YEAR, "how": "card", "on": f"{YEAR}-05-05", "note": "贺卡和祝福"}

    made = send("post", path, card, auth)
    twice = send("post", path, {**card, "how": "party"}, auth)
    listed = Client().get(BIRTHDAYS, {"month": MAY}, headers=auth).json()["items"]

    assert made.status_code == 201, made.content
    assert (made.json()["how"], made.json()["on"], made.json()["lunar"]) == (
        "card",
        f"{YEAR}-05-05",
        False,
    )
    assert made.json()["by"] == {"id": township_worker.pk, "name": township_worker.full_name}
    assert twice.status_code == 400
    assert "This birthday was already recorded as celebrated" in twice.json()["detail"]
    assert listed[0]["celebration"]["how"] == "card"
    assert Client().delete(f"{path}/{YEAR}", headers=auth).status_code == 204
    assert not Celebration.objects.exists()
    missing = Client().delete(f"{path}/{YEAR}", headers=auth)
    assert missing.status_code == 400
    assert missing.json()["detail"] == "No celebration of this birthday is recorded."


def test_bad_celebrations_are_refused_and_nothing_is_recorded(region, township_worker):
    child = pupil(region, township_worker, "周小燕", 1)
    auth = bearer(township_worker)
    path = f"/api/activities/persons/{child.pk}/celebrations"
    tomorrow = timezone.localdate().toordinal() + 1

    ahead = send(
        "post",
        path,
        {"year": YEAR + 1, "how": "card", "on": _iso(tomorrow)},
        auth,
    )
    how = send("post", path, {"year": YEAR, "how": "cake"}, auth)
    note = send("post", path, {"year": YEAR, "how": "card", "note": "长" * 201}, auth)
    month = Client().get(BIRTHDAYS, {"month": f"{YEAR}-13"}, headers=auth)

    assert ahead.status_code == 400
    assert ahead.json() == {
        "detail": "A celebration is recorded on or after its day, not ahead of it.",
        "field": "on",
    }
    assert (how.status_code, note.status_code) == (422, 422)
    assert "Enter at most 200 characters." in note.content.decode()
    assert month.status_code == 400
    assert month.json()["field"] == "month"
    assert not Celebration.objects.exists()


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def test_another_townships_worker_gets_404(region, township_worker, other_township_worker):
    child = pupil(region, township_worker, "周小燕", 1)
    lunar_birthday_set(acting_user=township_worker, person=child, month=4, day=8)
    auth = bearer(other_township_worker)
    person = f"/api/activities/persons/{child.pk}"

    answers = [
        send("put", f"{person}/lunar-birthday", {"month": 5, "day": 5}, auth),
        Client().delete(f"{person}/lunar-birthday", headers=auth),
        send("post", f"{person}/celebrations", {"year": YEAR, "how": "card"}, auth),
        Client().delete(f"{person}/celebrations/{YEAR}", headers=auth),
        Client().get(BIRTHDAYS, {"month": MAY, "unit_id": region.lengqi.pk}, headers=auth),
    ]

    assert [a.status_code for a in answers] == [404] * 5
    assert Client().get(BIRTHDAYS, {"month": MAY}, headers=auth).json()["items"] == []
    assert LunarBirthday.objects.get().month == 4
    assert not Celebration.objects.exists()


def test_a_helper_not_paired_may_not_celebrate(region, township_worker, school_helper):
    child = pupil(region, township_worker, "周小燕", 1)
    auth = bearer(school_helper)

    answer = send(
        "post",
        f"/api/activities/persons/{child.pk}/celebrations",
        {"year": YEAR, "how": "card"},
        auth,
    )

    assert answer.status_code == 404
    assert not Celebration.objects.exists()


def test_the_list_takes_a_fixed_number_of_queries(region, township_worker):
    auth = bearer(township_worker)
    first = pupil(region, township_worker, "人0", 0)
    send(
        "post",
        f"/api/activities/persons/{first.pk}/celebrations",
        {"year": YEAR, "how": "card", "on": f"{YEAR}-05-05"},
        auth,
    )
    with count_queries() as one:
        small = Client().get(BIRTHDAYS, {"month": MAY}, headers=auth)
    for n in range(1, 50):
        person = pupil(region, township_worker, f"人{n}", n)
        if n % 3 == 0:
            lunar_birthday_set(acting_user=township_worker, person=person, month=4, day=1 + n % 20)
    with count_queries() as many:
        large = Client().get(BIRTHDAYS, {"month": MAY}, headers=auth)

    assert small.json()["count"] == 1
    assert large.json()["count"] > 30
    assert_same_query_count(one, many)
