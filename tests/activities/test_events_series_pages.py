"""The series and plan-item pages as a kindergarten teacher uses them: "安排活动" on a
published plan's item opens the event form filled in, a monthly contact book per class is
one form, the event page shows its place in the series, the rest is cancelled in one step."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.activities import plans
from guanai.activities.events.series import Recurrence, event_series_create
from guanai.activities.events.services import EventData
from guanai.activities.models.events import Event, EventSeries, EventStatus
from guanai.activities.models.plans import ActivityPlan, PlanItem
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _en(user: User) -> Client:
    client = logged_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def kindergarten(region: Region) -> OrgUnit:
    return factories.org_unit(
        parent=region.lengqi, kind=OrgKind.KINDERGARTEN, name="冷碛镇中心幼儿园"
    )


def _plan(worker: User, unit: OrgUnit, *, publish: bool = True) -> ActivityPlan:
    plan = plans.plan_create_from_template(
        acting_user=worker, org_unit=unit, template_code="kindergarten_home", school_year=2026
    )
    if publish:
        plan = plans.plan_publish(acting_user=worker, plan=plan, version=plan.version)
    return plan


def _contact_book(plan: ActivityPlan) -> PlanItem:
    return plan.items.get(title="家园联系册第一期", month=date(2026, 9, 1))


def _monthly_form(unit: OrgUnit, item: PlanItem | None = None, **values: str) -> dict[str, str]:
    form = {
        "unit": str(unit.pk),
        "title": "家园联系册",
        "kind": "contact_book",
        "starts_on": "2026-09-30",
        "start_time": "14:00",
        "end_time": "15:00",
        "target_classes": "小一班、小二班",
        "status": "published",
        "repeat": "monthly",
        "until": "2027-06-30",
        "per_class": "on",
    }
    if item is not None:
        form["plan_item"] = str(item.pk)
    form.update(values)
    return form


def test_arrange_on_a_published_plan_opens_the_event_form_filled_in(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    plan = _plan(township_worker, kindergarten)
    item = _contact_book(plan)
    client = _en(township_worker)

    plan_page = client.get(f"/activities/plans/{plan.pk}/").content.decode()
    arrange = f"{reverse('activities:event_new')}?plan_item={item.pk}"
    assert f'href="{arrange}"' in plan_page
    form = client.get(arrange)

    initial = form.context["form"].initial
    assert initial["title"] == "家园联系册第一期"
    assert initial["kind"] == "contact_book"
    assert initial["unit"] == kindergarten.pk
    assert initial["notes"] == item.description
    # The item has no day: the first working day of its month (1 September 2026, a Tuesday).
    assert initial["starts_on"] == date(2026, 9, 1)
    assert 'data-testid="event-from-item"' in form.content.decode()


def test_an_item_with_a_day_proposes_that_day(kindergarten: OrgUnit, township_worker: User) -> None:
    plan = _plan(township_worker, kindergarten)
    item = _contact_book(plan)
    PlanItem.objects.filter(pk=item.pk).update(on=date(2026, 9, 18))

    form = _en(township_worker).get(f"{reverse('activities:event_new')}?plan_item={item.pk}")

    assert form.context["form"].initial["starts_on"] == date(2026, 9, 18)


def test_a_monthly_contact_book_per_class_from_the_plan_makes_the_series_and_links_back(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    plan = _plan(township_worker, kindergarten)
    item = _contact_book(plan)
    client = _en(township_worker)

    answer = client.post(
        f"{reverse('activities:event_new')}?plan_item={item.pk}",
        _monthly_form(kindergarten, item),
        follow=True,
    )

    series = EventSeries.objects.get()
    events = list(Event.objects.order_by("starts_at", "pk"))
    assert len(events) == 20 and {e.plan_item_id for e in events} == {item.pk}
    assert {e.series_id for e in events} == {series.pk}
    assert answer.redirect_chain[-1][0] == reverse("activities:event_detail", args=[events[0].pk])
    assert "20 events are saved." in [str(m) for m in answer.context["messages"]]
    page = answer.content.decode()
    assert 'data-number="1"' in page and 'data-total="10"' in page
    assert f"/activities/plans/{plan.pk}/#item-{item.pk}" in page
    # The plan page lists the events made from the item: the first six and how many more.
    plan_page = client.get(f"/activities/plans/{plan.pk}/").content.decode()
    assert plan_page.count(f'href="/activities/events/{events[0].pk}/"') == 1
    assert "and 14 more events" in plan_page


def test_the_event_page_shows_its_place_the_other_dates_and_the_other_classes(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    _en(township_worker).post(reverse("activities:event_new"), _monthly_form(kindergarten))
    line = list(Event.objects.filter(target_classes=["小一班"]).order_by("starts_at"))
    third = line[2]
    other_class = Event.objects.get(target_classes=["小二班"], starts_at=third.starts_at)

    page = _en(township_worker).get(f"/activities/events/{third.pk}/").content.decode()

    assert "Repeats every month" in page
    assert 'data-number="3"' in page and 'data-total="10"' in page
    for other in line:
        if other.pk != third.pk:
            assert f'href="/activities/events/{other.pk}/"' in page
    assert f'href="/activities/events/{other_class.pk}/"' in page
    assert 'data-testid="series-cancel"' in page
    assert "?since=2026-11-30" in page


def test_the_form_refuses_a_series_without_an_end_or_beyond_a_year_and_makes_nothing(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    client = _en(township_worker)

    no_end = client.post(reverse("activities:event_new"), _monthly_form(kindergarten, until=""))
    too_long = client.post(
        reverse("activities:event_new"), _monthly_form(kindergarten, until="2027-10-30")
    )

    assert no_end.context["form"].errors["until"] == [
        "Give the last day on which the event repeats."
    ]
    assert "at most 12 months" in too_long.context["form"].errors["until"][0]
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_the_edit_form_changes_one_occurrence_only(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    _en(township_worker).post(reverse("activities:event_new"), _monthly_form(kindergarten))
    first = Event.objects.order_by("starts_at", "pk").first()
    assert first is not None
    client = _en(township_worker)

    form = client.get(reverse("activities:event_edit", args=[first.pk]))
    assert "repeat" not in form.context["form"].fields
    client.post(
        reverse("activities:event_edit", args=[first.pk]),
        {
            "title": "家园联系册（九月）",
            "kind": "contact_book",
            "starts_on": "2026-09-29",
            "target_classes": "小一班",
            "status": "published",
            "version": str(first.version),
        },
    )

    assert Event.objects.filter(title="家园联系册（九月）").count() == 1
    assert Event.objects.filter(title="家园联系册").count() == 19


def test_a_draft_plan_offers_no_arrange_and_its_item_is_refused(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    plan = _plan(township_worker, kindergarten, publish=False)
    item = _contact_book(plan)
    client = _en(township_worker)

    assert (
        'data-testid="item-arrange"'
        not in client.get(f"/activities/plans/{plan.pk}/").content.decode()
    )
    answer = client.post(
        reverse("activities:event_new"), _monthly_form(kindergarten, item, repeat="")
    )

    assert answer.status_code == 200
    assert answer.context["form"].non_field_errors() == [
        "Publish the plan before you arrange its activities as events."
    ]
    assert not Event.objects.exists()


def test_another_townships_plan_item_is_not_found(
    kindergarten: OrgUnit, township_worker: User, other_township_worker: User
) -> None:
    item = _contact_book(_plan(township_worker, kindergarten))

    client = _en(other_township_worker)
    assert client.get(f"{reverse('activities:event_new')}?plan_item={item.pk}").status_code == 404
    assert client.get(f"{reverse('activities:event_new')}?plan_item=x1").status_code == 404


def _made(worker: User, unit: OrgUnit) -> EventSeries:
    start = datetime(2026, 9, 30, 14, tzinfo=timezone.get_current_timezone())
    made = event_series_create(
        acting_user=worker,
        org_unit=unit,
        data=EventData(
            title="家园联系册",
            kind="contact_book",
            starts_at=start,
            ends_at=start,
            target_classes=["小一班", "小二班"],
            status=EventStatus.PUBLISHED,
        ),
        recurrence=Recurrence("monthly", date(2027, 6, 30), per_class=True),
    )
    return EventSeries.objects.get(pk=made[0].series_id)


def test_cancelling_the_rest_asks_first_then_cancels_from_that_day(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    series = _made(township_worker, kindergarten)
    client = _en(township_worker)
    url = reverse("activities:series_cancel", args=[series.pk])

    asked = client.get(f"{url}?since=2027-04-01").content.decode()
    assert 'data-count="6"' in asked  # April, May, June × two classes
    assert not Event.objects.filter(status="cancelled").exists()
    done = client.post(url, {"since": "2027-04-01"}, follow=True)

    assert "6 occurrences were cancelled." in [str(m) for m in done.context["messages"]]
    cancelled = Event.objects.filter(status="cancelled")
    assert cancelled.count() == 6
    assert min(timezone.localtime(e.starts_at).date() for e in cancelled) == date(2027, 4, 30)
    again = client.post(url, {"since": "2027-04-01"}, follow=True)
    assert any("No occurrence" in str(m) for m in again.context["messages"])
    assert client.post(url, {"since": "2027-4-1x"}).status_code == 404
    assert Event.objects.filter(status="cancelled").count() == 6


def test_only_the_units_staff_cancel_a_series(
    region: Region,
    kindergarten: OrgUnit,
    township_worker: User,
    other_township_worker: User,
) -> None:
    series = _made(township_worker, kindergarten)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    served = series.events.order_by("starts_at").first()
    assert served is not None
    served.helpers.add(volunteer)
    url = reverse("activities:series_cancel", args=[series.pk])

    assert _en(other_township_worker).get(url).status_code == 404
    assert _en(other_township_worker).post(url, {"since": "2026-09-01"}).status_code == 404
    # The volunteer sees the one event they serve, with no link to cancel the series.
    page = _en(volunteer).get(f"/activities/events/{served.pk}/").content.decode()
    assert 'data-total="1"' in page and 'data-testid="series-cancel"' not in page
    assert _en(volunteer).post(url, {"since": "2026-09-01"}).status_code == 403
    assert not Event.objects.filter(status="cancelled").exists()


def test_the_plan_page_with_made_events_runs_as_many_queries_for_50_items_as_for_1(
    region: Region, township_worker: User
) -> None:
    plan = plans.plan_create_from_template(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        template_code="school_caring",
        school_year=2026,
        term="2",  # no second-term items: the plan starts empty
    )

    def add(count: int) -> None:
        for n in range(count):
            plan.refresh_from_db()
            item = plans.plan_item_add(
                acting_user=township_worker,
                plan=plan,
                version=plan.version,
                data=plans.ItemData(month=date(2027, 2 + n % 6, 1), title=f"活动{n}", kind="other"),
            )
            start = datetime(2027, 2 + n % 6, 10, 9, tzinfo=timezone.get_current_timezone())
            Event.objects.create(
                org_unit=region.lengqi_school,
                title=f"活动{n}",
                kind="other",
                starts_at=start,
                ends_at=start,
                status="published",
                plan_item=item,
            )

    add(1)
    plan.refresh_from_db()
    plans.plan_publish(acting_user=township_worker, plan=plan, version=plan.version)
    client = _en(township_worker)
    client.get(f"/activities/plans/{plan.pk}/")
    with count_queries() as one:
        assert client.get(f"/activities/plans/{plan.pk}/").status_code == 200
    add(49)
    with count_queries() as fifty:
        page = client.get(f"/activities/plans/{plan.pk}/").content.decode()

    assert page.count('data-testid="item-events"') == 50
    assert page.count('data-testid="item-arrange"') == 50
    assert_same_query_count(one, fifty)
