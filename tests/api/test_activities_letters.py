"""Letters home through the API: occasions of a span, rounds opened from an occasion with
its title and dates, one letter marked and unmarked, close and reopen with the version;
bad input refused with its message and nothing changed; another township and a volunteer
get 404; the lists read a fixed number of queries at 1 and 50 rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from guanai.accounts.models import Role, User
from guanai.activities.models.letters import Letter, LetterRound, RoundStatus
from guanai.care.models import HelperRole
from tests import factories
from tests.activities.letters_support import MID_AUTUMN, child, open_round, that_day
from tests.api.conftest import bearer
from tests.care.log_support import pair
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

BASE = "/api/activities/letters"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


def test_the_occasions_of_a_span_with_their_sources(township_worker: User) -> None:
    answer = Client().get(
        f"{BASE}/occasions",
        {"start": "2026-09-01", "end": "2027-03-01"},
        headers=bearer(township_worker),
    )
    assert answer.status_code == 200
    body = answer.json()
    by_key = {o["key"]: o for o in body["occasions"]}
    assert by_key[MID_AUTUMN]["source"] == "lunar"
    assert by_key["national_day:2026-10-01"]["source"] == "statutory"
    assert by_key["winter_vacation:2027-01-16"]["estimate"] is True
    assert body["statutory_unknown_years"] == [2027]


def test_a_backwards_or_too_long_span_is_refused(township_worker: User) -> None:
    auth = bearer(township_worker)
    for query, field in (
        ({"start": "2026-09-01", "end": "2026-08-01"}, "end"),
        ({"start": "2026-09-01", "end": "2030-08-01"}, "end"),
    ):
        answer = Client().get(f"{BASE}/occasions", query, headers=auth)
        assert answer.status_code == 400
        assert answer.json()["field"] == field


def test_a_year_the_calendar_does_not_hold_is_refused_with_a_message(
    township_worker: User,
) -> None:
    # The fuzzer's 0001-01-01 overflowed the engine's date arithmetic (a 500).
    auth = bearer(township_worker)
    for query, field in (
        ({"start": "0001-01-01"}, "start"),
        ({"start": "9999-12-31"}, "start"),
        ({"start": "2026-09-01", "end": "2101-01-01"}, "end"),
    ):
        answer = Client().get(f"{BASE}/occasions", query, headers=auth)
        assert answer.status_code == 400, query
        assert answer.json() == {"detail": "Choose a year from 1900 to 2100.", "field": field}


def test_a_round_is_opened_marked_and_closed(region: Region, township_worker: User) -> None:
    pupil = child(region.lengqi_school, "甲")
    child(region.lengqi_school, "乙", "3班")
    auth = bearer(township_worker)
    with that_day():
        made = send(
            "post",
            f"{BASE}/rounds",
            {"unit_id": region.lengqi.pk, "occasion": MID_AUTUMN},
            auth,
        )
        assert made.status_code == 201, made.content
        body = made.json()
        assert (body["occasion"], body["occasion_on"]) == ("mid_autumn", "2026-09-25")
        assert (body["opens_on"], body["closes_on"]) == ("2026-09-20", "2026-10-04")
        assert "中秋节" in body["title"] and (body["written"], body["total"]) == (0, 2)
        detail = Client().get(f"{BASE}/rounds/{body['id']}", headers=auth).json()
        assert [c["label"] for c in detail["classes"]] == [
            "冷碛镇中心小学 三年级2班",
            "冷碛镇中心小学 三年级3班",
        ]
        letter = next(x for x in detail["letters"] if x["person"]["id"] == pupil.pk)
        marked = send("put", f"{BASE}/letters/{letter['id']}", {"written": True}, auth)
        assert marked.status_code == 200
        assert (marked.json()["written"], marked.json()["written_on"]) == (True, "2026-09-20")
        closed = send(
            "post", f"{BASE}/rounds/{body['id']}/close", {"version": body["version"]}, auth
        )
        assert closed.status_code == 200
        assert (closed.json()["status"], closed.json()["written"]) == ("closed", 1)
        # Closed: no more marks; an old version is 409.
        refused = send("put", f"{BASE}/letters/{letter['id']}", {"written": False}, auth)
        assert refused.status_code == 400
        stale = send(
            "post", f"{BASE}/rounds/{body['id']}/reopen", {"version": body["version"]}, auth
        )
        assert stale.status_code == 409
    assert Letter.objects.get(person=pupil).written


def test_bad_input_is_refused_with_its_message_and_nothing_made(
    region: Region, township_worker: User
) -> None:
    child(region.lengqi_school, "甲")
    auth = bearer(township_worker)
    with that_day():
        for body, field in (
            ({"unit_id": region.lengqi.pk, "occasion": "mid_autumn:2026-09-24"}, "occasion"),
            (
                {
                    "unit_id": region.lengqi.pk,
                    "occasion": MID_AUTUMN,
                    "opens_on": "2026-10-01",
                    "closes_on": "2026-09-01",
                },
                "closes_on",
            ),
            (
                {"unit_id": region.lengqi.pk, "occasion": MID_AUTUMN, "target_categories": []},
                "target_categories",
            ),
        ):
            answer = send("post", f"{BASE}/rounds", body, auth)
            assert answer.status_code == 400, body
            assert answer.json()["field"] == field and answer.json()["detail"]
        too_long = send(
            "post",
            f"{BASE}/rounds",
            {"unit_id": region.lengqi.pk, "occasion": MID_AUTUMN, "title": "信" * 101},
            auth,
        )
        assert too_long.status_code == 422
    assert not LetterRound.objects.exists()


def test_another_township_and_a_volunteer_get_404(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    pupil = child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    letter = made.letters.get()
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    pair(pupil, volunteer, HelperRole.VOLUNTEER)
    for outsider in (other_township_worker, volunteer):
        auth = bearer(outsider)
        assert Client().get(f"{BASE}/rounds/{made.pk}", headers=auth).status_code == 404
        with that_day():
            answer = send("put", f"{BASE}/letters/{letter.pk}", {"written": True}, auth)
        assert answer.status_code == 404
        assert Client().get(f"{BASE}/rounds", headers=auth).json()["items"] == []
        opened = send(
            "post", f"{BASE}/rounds", {"unit_id": region.lengqi.pk, "occasion": MID_AUTUMN}, auth
        )
        assert opened.status_code == 404
    assert not Letter.objects.get().written


def test_a_viewer_reads_but_may_not_mark(region: Region, township_worker: User) -> None:
    child(region.lengqi_school, "甲")
    made = open_round(township_worker, region.lengqi)
    viewer = factories.user(unit=region.county, role=Role.VIEWER)
    auth = bearer(viewer)
    assert Client().get(f"{BASE}/rounds/{made.pk}", headers=auth).status_code == 200
    with that_day():
        answer = send("put", f"{BASE}/letters/{made.letters.get().pk}", {"written": True}, auth)
    assert answer.status_code == 403


def _counts(auth: dict[str, str], round_id: int) -> list[Any]:
    found = []
    for path in (f"{BASE}/rounds", f"{BASE}/rounds/{round_id}"):
        with count_queries() as counted:
            answer = Client().get(path, headers=auth)
        assert answer.status_code == 200, answer.content
        found.append(counted)
    return found


def test_the_lists_take_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    auth = bearer(township_worker)
    child(region.lengqi_school, "童0")
    small_round = open_round(township_worker, region.lengqi)
    Client().get(f"{BASE}/rounds", headers=auth)  # the token's first use is written down once
    small = _counts(auth, small_round.pk)
    for n in range(1, 50):
        child(region.lengqi_school, f"童{n}", f"{n % 4 + 1}班")
    large_round = open_round(township_worker, region.lengqi_school)
    LetterRound.objects.bulk_create(
        LetterRound(
            org_unit=region.lengqi_school,
            occasion="qixi",
            occasion_on=date(2000 + n, 8, 1),
            title=f"{2000 + n}年七夕节亲情书信",
            opens_on=date(2000 + n, 7, 20),
            closes_on=date(2000 + n, 8, 10),
            status=RoundStatus.CLOSED,
        )
        for n in range(48)
    )
    large = _counts(auth, large_round.pk)
    assert Client().get(f"{BASE}/rounds", headers=auth).json()["count"] == 50
    assert (
        len(Client().get(f"{BASE}/rounds/{large_round.pk}", headers=auth).json()["letters"]) == 50
    )
    for one, many in zip(small, large, strict=True):
        assert_same_query_count(one, many)
