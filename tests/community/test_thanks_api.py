"""Acknowledgement lists through the API: made for a visit, edited, a stale version 409,
bad input 400 with its message, another township 404, a helper 403, fixed query counts at
1 and 50 rows."""

from __future__ import annotations

from typing import Any

from django.test import Client

from guanai.accounts.models import Role
from guanai.community import thanks
from guanai.community.models import Acknowledgement
from guanai.community.volunteers import visit_sign_up
from guanai.core.actors import SYSTEM
from tests import factories
from tests.api.conftest import bearer
from tests.community import support
from tests.community.thanks_support import gift, plan_four
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

THANKS = "/api/community/thanks"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


def test_a_list_is_made_edited_and_refused_when_stale_or_bad(region: Region) -> None:
    plan = plan_four(region)
    gift(region, donor="", kind="anonymous")
    gift(region, donor="", kind="anonymous")
    auth = bearer(plan.club.coordinator)

    made = send("post", f"/api/community/visits/{plan.visit.pk}/thanks", {}, auth)

    assert made.status_code == 201, made.content
    body = made.json()
    assert [g["key"] for g in body["groups"]] == [
        "lead",
        "lead_giver",
        "scout",
        "donor",
        "participant",
        "driver",
    ]
    assert body["groups"][3]["lines"] == ["2 caring people"]
    assert body["chat_text"].splitlines()[1] == f"Planning and leading：{plan.volunteers[0].name}"
    lines = [*body["lines"], {"group": "writer", "text": "县融媒体中心"}]
    url = f"{THANKS}/{body['id']}"
    changed = send(
        "put", url, {"version": 1, "title": "感谢名单", "closing": "", "lines": lines}, auth
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["groups"][-1] == {
        "key": "writer",
        "label": "Wrote it up",
        "lines": ["县融媒体中心"],
    }
    stale = send("put", url, {"version": 1, "title": "旧的", "lines": []}, auth)
    assert stale.status_code == 409
    too_long = send(
        "put",
        url,
        {"version": 2, "title": "感谢名单", "lines": [{"group": "lead", "text": "李" * 201}]},
        auth,
    )
    assert too_long.status_code == 400
    assert "at most 200 characters" in too_long.json()["detail"]
    empty = send(
        "put",
        url,
        {"version": 2, "title": "感谢名单", "lines": [{"group": "lead", "text": " "}]},
        auth,
    )
    assert empty.status_code == 400
    assert "Line 1 is empty" in empty.json()["detail"]
    assert Acknowledgement.objects.get().version == 2


def test_another_township_gets_404_and_a_helper_403(region: Region) -> None:
    plan = plan_four(region)
    made = thanks.acknowledgement_make(acting_user=SYSTEM, visit=plan.visit)
    stranger = bearer(factories.user(unit=region.xinglong, role=Role.LEADER))
    assert Client().get(f"{THANKS}/{made.pk}", headers=stranger).status_code == 404
    assert (
        send("post", f"/api/community/visits/{plan.visit.pk}/thanks", {}, stranger).status_code
        == 404
    )
    assert Client().get(THANKS, headers=stranger).json()["items"] == []
    helper = bearer(factories.user(unit=region.lengqi_school, role=Role.HELPER))
    assert Client().get(f"{THANKS}/{made.pk}", headers=helper).status_code == 403


def _read(auth: dict[str, str], pk: int) -> list[Any]:
    found = []
    for path in (THANKS, f"{THANKS}/{pk}"):
        with count_queries() as counted:
            answer = Client().get(path, headers=auth)
        assert answer.status_code == 200, answer.content
        found.append(counted)
    return found


def test_the_list_and_one_list_take_a_fixed_number_of_queries(region: Region) -> None:
    club = support.club_of(region)
    auth = bearer(club.host)
    first = support.visit(region, club)
    visit_sign_up(acting_user=SYSTEM, visit=first, volunteers=support.volunteers(club, 1))
    made = thanks.acknowledgement_make(acting_user=SYSTEM, visit=first)
    Client().get(THANKS, headers=auth)  # the token's first use is recorded once
    small = _read(auth, made.pk)

    visit_sign_up(acting_user=SYSTEM, visit=first, volunteers=support.volunteers(club, 49, first=1))
    thanks.acknowledgement_regenerate(acting_user=SYSTEM, acknowledgement=made, version=1)
    for _ in range(49):
        thanks.acknowledgement_make(acting_user=SYSTEM, visit=support.visit(region, club))
    large = _read(auth, made.pk)

    assert len(Client().get(THANKS, headers=auth).json()["items"]) == 50
    assert len(Client().get(f"{THANKS}/{made.pk}", headers=auth).json()["lines"]) == 50
    for one, many in zip(small, large, strict=True):
        assert_same_query_count(one, many)
