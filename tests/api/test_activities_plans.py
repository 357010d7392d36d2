"""Activity plans through the API: templates, make from a template, items, publish, copy;
bad input refused with the message and nothing changed; another township's plan is 404;
a stale version is 409; the list reads a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.test import Client

from guanai.accounts.models import Role
from guanai.activities.models.plans import ActivityPlan, PlanItem
from guanai.activities.plans import plan_create_from_template
from tests import factories
from tests.api.conftest import bearer
from tests.support.queries import assert_same_query_count, count_queries

PLANS = "/api/activities/plans"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


def make_plan(region, township_worker, year: int = 2026) -> ActivityPlan:
    return plan_create_from_template(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        template_code="school_caring",
        school_year=year,
    )


def test_the_templates_are_listed_and_filtered_by_unit(region, township_worker):
    auth = bearer(township_worker)

    every = Client().get("/api/activities/plan-templates", headers=auth).json()
    school = (
        Client()
        .get("/api/activities/plan-templates", {"unit_id": region.lengqi_school.pk}, headers=auth)
        .json()
    )

    assert "school_caring" in {t["code"] for t in every}
    assert {t["code"] for t in school} < {t["code"] for t in every}
    assert all("school" in t["unit_kinds"] for t in school)
    assert all(t["item_count"] > 0 for t in school)


def test_a_worker_makes_a_plan_from_a_template_and_edits_it(region, township_worker):
    auth = bearer(township_worker)

    made = send(
        "post",
        PLANS,
        {"unit_id": region.lengqi_school.pk, "template": "school_caring", "school_year": 2026},
        auth,
    )

    assert made.status_code == 201, made.content
    plan = made.json()
    assert plan["status"] == "draft"
    assert plan["unit"] == {"id": region.lengqi_school.pk, "name": "冷碛镇中心小学"}
    assert plan["items"] and plan["items"][0]["month"] == "2026-09-01"
    added = send(
        "post",
        f"{PLANS}/{plan['id']}/items",
        {
            "version": plan["version"],
            "month": "2026-10-01",
            "on": "2026-10-15",
            "title": "秋季运动会",
            "kind": "competition",
            "responsible": "体育组",
        },
        auth,
    )
    assert added.status_code == 201, added.content
    item = added.json()
    assert (item["month"], item["on"], item["title"]) == ("2026-10-01", "2026-10-15", "秋季运动会")
    version = Client().get(f"{PLANS}/{plan['id']}", headers=auth).json()["version"]
    assert version == plan["version"] + 1
    changed = send(
        "put",
        f"/api/activities/plan-items/{item['id']}",
        {"version": version, "month": "2026-11-01", "title": "冬季运动会", "kind": "competition"},
        auth,
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["month"], changed.json()["on"]) == ("2026-11-01", None)
    removed = Client().delete(
        f"/api/activities/plan-items/{item['id']}?version={version + 1}", headers=auth
    )
    assert removed.status_code == 204
    assert not PlanItem.objects.filter(pk=item["id"]).exists()
    renamed = send(
        "patch", f"{PLANS}/{plan['id']}", {"version": version + 2, "title": "关爱活动"}, auth
    )
    assert renamed.json()["title"] == "关爱活动"
    published = send(
        "post", f"{PLANS}/{plan['id']}/publish", {"version": renamed.json()["version"]}, auth
    )
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["published_at"]
    copied = Client().post(f"{PLANS}/{plan['id']}/copy", headers=auth)
    assert copied.status_code == 201, copied.content
    assert (copied.json()["school_year"], copied.json()["status"]) == (2027, "draft")
    assert copied.json()["items"][0]["month"] == "2027-09-01"


def test_the_list_filters_by_unit_and_year(region, township_worker):
    make_plan(region, township_worker, 2025)
    make_plan(region, township_worker, 2026)
    auth = bearer(township_worker)

    found = Client().get(PLANS, {"school_year": 2026}, headers=auth).json()
    elsewhere = Client().get(PLANS, {"unit_id": region.ganlusi.pk}, headers=auth).json()

    assert [(p["school_year"], p["item_count"] > 0) for p in found["items"]] == [(2026, True)]
    assert elsewhere["items"] == []


def test_bad_input_is_refused_with_its_message_and_nothing_is_made(region, township_worker):
    auth = bearer(township_worker)

    unknown = send(
        "post",
        PLANS,
        {"unit_id": region.lengqi_school.pk, "template": "nothing", "school_year": 2026},
        auth,
    )
    wrong_unit = send(
        "post",
        PLANS,
        {"unit_id": region.lengqi.pk, "template": "school_caring", "school_year": 2026},
        auth,
    )
    long_title = send(
        "post",
        PLANS,
        {
            "unit_id": region.lengqi_school.pk,
            "template": "school_caring",
            "school_year": 2026,
            "title": "长" * 101,
        },
        auth,
    )

    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "Choose a template from the list.", "field": "template"}
    assert wrong_unit.status_code == 400
    assert "This template is not for a unit of this kind" in wrong_unit.json()["detail"]
    assert long_title.status_code == 422
    assert "Enter at most 100 characters." in long_title.content.decode()
    assert not ActivityPlan.objects.exists()


def test_an_item_outside_the_school_year_is_refused(region, township_worker):
    plan = make_plan(region, township_worker)
    count = plan.items.count()

    answer = send(
        "post",
        f"{PLANS}/{plan.pk}/items",
        {"version": plan.version, "month": "2030-01-01", "title": "x", "kind": "other"},
        bearer(township_worker),
    )

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Choose a day in the plan's school year (2026-09-01 to 2027-08-31).",
        "field": "month",
    }
    assert plan.items.count() == count
    plan.refresh_from_db()
    assert plan.version == 1


def test_a_stale_version_is_409_and_changes_nothing(region, township_worker):
    plan = make_plan(region, township_worker)
    auth = bearer(township_worker)
    send("patch", f"{PLANS}/{plan.pk}", {"version": plan.version, "title": "新标题"}, auth)

    stale = send("post", f"{PLANS}/{plan.pk}/publish", {"version": plan.version}, auth)

    assert stale.status_code == 409
    assert "Someone changed this plan after you opened it" in stale.json()["detail"]
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_another_townships_worker_gets_404(region, township_worker, other_township_worker):
    plan = make_plan(region, township_worker)
    item = plan.items.first()
    assert item is not None
    auth = bearer(other_township_worker)

    answers = [
        Client().get(f"{PLANS}/{plan.pk}", headers=auth),
        send("patch", f"{PLANS}/{plan.pk}", {"version": 1, "title": "改"}, auth),
        send("post", f"{PLANS}/{plan.pk}/publish", {"version": 1}, auth),
        Client().post(f"{PLANS}/{plan.pk}/copy", headers=auth),
        send(
            "put",
            f"/api/activities/plan-items/{item.pk}",
            {"version": 1, "month": "2026-10-01", "title": "x", "kind": "other"},
            auth,
        ),
        Client().delete(f"/api/activities/plan-items/{item.pk}?version=1", headers=auth),
        send(
            "post",
            PLANS,
            {"unit_id": region.lengqi_school.pk, "template": "school_caring", "school_year": 2027},
            auth,
        ),
    ]

    assert [a.status_code for a in answers] == [404] * 7
    assert Client().get(PLANS, headers=auth).json()["items"] == []
    plan.refresh_from_db()
    assert (plan.title, plan.version, ActivityPlan.objects.count()) == (plan.title, 1, 1)


def test_a_helper_reads_plans_but_may_not_change_them(region, township_worker, school_helper):
    plan = make_plan(region, township_worker)
    auth = bearer(school_helper)

    read = Client().get(f"{PLANS}/{plan.pk}", headers=auth)
    refused = send("patch", f"{PLANS}/{plan.pk}", {"version": 1, "title": "改"}, auth)

    assert read.status_code == 200
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only a leader or worker of this unit may change its plans."


def test_the_list_takes_a_fixed_number_of_queries(region, township_worker):
    auth = bearer(township_worker)
    factories.user(unit=region.lengqi_school, role=Role.HELPER)

    def add(n: int) -> None:
        plan = ActivityPlan.objects.create(
            org_unit=region.lengqi_school, school_year=2000 + n, title=f"计划{n}"
        )
        PlanItem.objects.create(plan=plan, month=f"{2000 + n}-09-01", title="活动")

    add(0)
    Client().get(PLANS, headers=auth)  # the token's first use is written down once
    with count_queries() as one:
        small = Client().get(PLANS, headers=auth)
    for n in range(1, 50):
        add(n)
    with count_queries() as many:
        large = Client().get(PLANS, headers=auth)

    assert (small.json()["count"], large.json()["count"]) == (1, 50)
    assert_same_query_count(one, many)
