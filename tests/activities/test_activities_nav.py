"""The links between the activities pages: every page shows those the user's roles open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import User
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import EventKind
from guanai.activities.plans import plan_create_from_template, templates_for
from tests.conftest import Region, logged_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NAV = [
    "activities:plans",
    "activities:events",
    "activities:coverage",
    "activities:birthdays",
    "activities:event_priorities",
]


def nav_of(page: str) -> str:
    start = page.index('<nav class="mb-3 d-print-none"')
    return page[start : page.index("</nav>", start)]


def current_of(nav: str) -> list[str]:
    return [
        part.split('href="')[1].split('"')[0] for part in nav.split("<a ")[1:] if "active" in part
    ]


@pytest.mark.parametrize("name", [*NAV, "activities:event_new", "activities:plan_new"])
def test_each_page_links_to_the_others(township_worker: User, name: str) -> None:
    page = logged_in(township_worker).get(reverse(name), **EN)
    assert page.status_code == 200
    nav = nav_of(page.content.decode())
    for other in NAV:
        assert f'href="{reverse(other)}"' in nav, other
    # The form for a new event is of the events page; coverage is itself, not "events".
    expected = "activities:events" if name == "activities:event_new" else name
    expected = "activities:plans" if name == "activities:plan_new" else expected
    assert current_of(nav) == [reverse(expected)]


def test_the_pages_of_one_plan_and_one_event_show_the_links(
    region: Region, township_worker: User
) -> None:
    template = templates_for(region.lengqi_school.kind)[0]
    plan = plan_create_from_template(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        template_code=template.code,
        school_year=2026,
    )
    start = timezone.now()
    event = event_create(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="亲子运动会",
            kind=EventKind.FESTIVAL,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
        ),
    )
    client = logged_in(township_worker)
    pages = {
        reverse("activities:plan", args=[plan.pk]): "activities:plans",
        reverse("activities:plan_edit", args=[plan.pk]): "activities:plans",
        reverse("activities:plan_print", args=[plan.pk]): "activities:plans",
        reverse("activities:event_detail", args=[event.pk]): "activities:events",
        reverse("activities:event_edit", args=[event.pk]): "activities:events",
        reverse("activities:event_attendance", args=[event.pk]): "activities:events",
    }
    for url, current in pages.items():
        answer = client.get(url, **EN)
        assert answer.status_code == 200, url
        assert current_of(nav_of(answer.content.decode())) == [reverse(current)], url


def test_a_class_teacher_sees_only_the_pages_she_opens(school_helper: User) -> None:
    client = logged_in(school_helper)
    nav = nav_of(client.get(reverse("activities:birthdays"), **EN).content.decode())
    for shown in ("activities:plans", "activities:events", "activities:birthdays"):
        assert f'href="{reverse(shown)}"' in nav, shown
    for hidden in ("activities:coverage", "activities:event_priorities"):
        assert f'href="{reverse(hidden)}"' not in nav, hidden
        assert client.get(reverse(hidden)).status_code in (403, 404), hidden


def test_a_viewer_is_not_sent_to_set_the_order_of_places(prefecture_viewer: User) -> None:
    client = logged_in(prefecture_viewer)
    nav = nav_of(client.get(reverse("activities:coverage"), **EN).content.decode())
    assert f'href="{reverse("activities:coverage")}"' in nav
    assert f'href="{reverse("activities:event_priorities")}"' not in nav
    assert client.get(reverse("activities:event_priorities")).status_code == 403


def test_the_links_are_in_chinese(township_worker: User) -> None:
    nav = nav_of(logged_in(township_worker).get(reverse("activities:plans")).content.decode())
    for label in ("活动计划", "活动", "参与覆盖", "生日", "优先顺序"):
        assert f">{label}</a>" in nav, label
