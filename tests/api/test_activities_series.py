"""Event series and plan items through the API: a monthly contact book per class made from
a published plan's item in one call, the series read back, the rest cancelled; bad rules
refused with their message and nothing made; another township gets 404."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.activities import plans
from guanai.activities.models.events import Event, EventSeries
from guanai.activities.models.plans import PlanItem
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region

EVENTS = "/api/activities/events"
SERIES = "/api/activities/series"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


@pytest.fixture
def kindergarten(region: Region) -> OrgUnit:
    return factories.org_unit(parent=region.lengqi, kind=OrgKind.KINDERGARTEN, name="中心幼儿园")


def _item(worker: User, unit: OrgUnit, *, publish: bool = True) -> PlanItem:
    plan = plans.plan_create_from_template(
        acting_user=worker, org_unit=unit, template_code="kindergarten_home", school_year=2026
    )
    if publish:
        plans.plan_publish(acting_user=worker, plan=plan, version=plan.version)
    return plan.items.get(title="家园联系册第一期", month=date(2026, 9, 1))


def body(unit: OrgUnit, **values: Any) -> dict[str, Any]:
    return {
        "unit_id": unit.pk,
        "title": "家园联系册",
        "kind": "contact_book",
        "starts_at": "2026-09-30T14:00",
        "ends_at": "2026-09-30T15:00",
        "target_classes": ["小一班", "小二班"],
        "status": "published",
        **values,
    }


def test_a_monthly_series_per_class_from_a_plan_item_in_one_call(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    item = _item(township_worker, kindergarten)
    auth = bearer(township_worker)

    made = send(
        "post",
        EVENTS,
        body(
            kindergarten,
            plan_item_id=item.pk,
            repeat="monthly",
            until="2027-06-30",
            per_class=True,
        ),
        auth,
    )

    assert made.status_code == 201, made.content
    first = made.json()
    assert first["plan_item_id"] == item.pk
    assert first["target_classes"] == ["小一班"]
    assert first["series"]["repeat"] == "monthly"
    assert (first["series"]["occurrences"], first["series"]["per_class"]) == (10, True)
    series = Client().get(f"{SERIES}/{first['series_id']}", headers=auth).json()
    assert len(series["events"]) == 20
    assert series["events"][0]["id"] == first["id"]
    assert {tuple(e["target_classes"]) for e in series["events"]} == {("小一班",), ("小二班",)}
    listed = Client().get(f"{EVENTS}?when=upcoming", headers=auth).json()
    assert all(e["series_id"] == first["series_id"] for e in listed["items"])


def test_a_single_event_from_a_plan_item_reads_its_item_back(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    item = _item(township_worker, kindergarten)
    auth = bearer(township_worker)

    made = send("post", EVENTS, body(kindergarten, plan_item_id=item.pk), auth)

    assert made.status_code == 201, made.content
    read = Client().get(f"{EVENTS}/{made.json()['id']}", headers=auth).json()
    assert (read["plan_item_id"], read["series_id"], read["series"]) == (item.pk, None, None)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"repeat": "monthly", "until": "2026-09-01"}, "until", "Repeat until a day after"),
        ({"repeat": "monthly", "until": "2027-10-30"}, "until", "at most 12 months"),
        ({"repeat": "weekly", "until": "2027-09-30"}, "until", "at most 52 occurrences"),
        ({"repeat": "monthly"}, "until", "Give the last day"),
        ({"until": "2027-06-30"}, "repeat", "Choose how the event repeats"),
        (
            {"repeat": "monthly", "until": "2027-06-30", "per_class": True, "target_classes": []},
            "per_class",
            "Name the classes",
        ),
    ],
)
def test_a_bad_rule_is_refused_with_its_message_and_nothing_is_made(
    kindergarten: OrgUnit,
    township_worker: User,
    values: dict[str, Any],
    field: str,
    message: str,
) -> None:
    answer = send("post", EVENTS, body(kindergarten, **values), bearer(township_worker))

    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == field
    assert message in answer.json()["detail"]
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_a_draft_plans_item_is_refused_and_another_townships_is_not_found(
    region: Region,
    kindergarten: OrgUnit,
    township_worker: User,
    other_township_worker: User,
) -> None:
    draft = _item(township_worker, kindergarten, publish=False)
    other_kindergarten = factories.org_unit(parent=region.xinglong, kind=OrgKind.KINDERGARTEN)
    elsewhere = _item(other_township_worker, other_kindergarten)

    refused = send(
        "post", EVENTS, body(kindergarten, plan_item_id=draft.pk), bearer(township_worker)
    )
    missing = send(
        "post", EVENTS, body(kindergarten, plan_item_id=elsewhere.pk), bearer(township_worker)
    )

    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Publish the plan before you arrange its activities as events.",
        "field": "plan_item",
    }
    assert missing.status_code == 404
    assert not Event.objects.exists()


def test_cancel_the_rest_of_a_series(
    region: Region, kindergarten: OrgUnit, township_worker: User, other_township_worker: User
) -> None:
    auth = bearer(township_worker)
    made = send(
        "post",
        EVENTS,
        body(kindergarten, repeat="monthly", until="2027-06-30", per_class=True),
        auth,
    ).json()
    url = f"{SERIES}/{made['series_id']}/cancel"
    helper = factories.user(unit=kindergarten, role=Role.HELPER)
    Event.objects.get(pk=made["id"]).helpers.add(helper)

    outsider = send("post", url, {"since": "2027-04-01"}, bearer(other_township_worker))
    served_only = send("post", url, {"since": "2027-04-01"}, bearer(helper))
    cancelled = send("post", url, {"since": "2027-04-01"}, auth)
    again = send("post", url, {"since": "2027-04-01"}, auth)
    bad_day = send("post", url, {"since": "April"}, auth)

    assert outsider.status_code == 404
    assert served_only.status_code == 403
    assert cancelled.status_code == 200, cancelled.content
    result = cancelled.json()
    assert len(result["cancelled"]) == 6
    statuses = {e["id"]: e["status"] for e in result["events"]}
    assert sorted(i for i, s in statuses.items() if s == "cancelled") == sorted(result["cancelled"])
    assert again.status_code == 400 and again.json()["field"] == "since"
    assert bad_day.status_code == 422
    assert Event.objects.filter(status="cancelled").count() == 6
    assert Client().get(f"{SERIES}/{made['series_id']}", headers=bearer(helper)).json()[
        "events"
    ] == [{**result["events"][0]}]
