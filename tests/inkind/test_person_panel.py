"""The person's file: the 专项帮扶 tab (each service, qualifies today and why, the requests,
the one-click request), who gets it, and the "申请帮扶服务" follow-up offered beside a
problem a survey found."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.inkind.applications import application_deliver
from guanai.inkind.models import Application, ApplicationSource, ApplicationStatus
from guanai.registry.extensions import person_actions
from guanai.registry.models import Person
from tests import factories
from tests.conftest import logged_in
from tests.inkind.support import World
from tests.inkind.support_requests import approved, asked

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def tab(client: Client, person: Person) -> str:
    return client.get(f"/persons/{person.pk}/?tab=inkind", **EN).content.decode()


def entry(page: str, code: str) -> str:
    return page.split(f'data-service="{code}"', 1)[1].split('data-service="', 1)[0]


def test_the_tab_says_what_the_person_qualifies_for_and_why(world: World) -> None:
    page = tab(logged_in(world.lengqi_worker), world.elder)

    assert 'data-testid="tab-inkind"' in page and "Assistance in kind" in page
    wheelchair = entry(page, "wheelchair")
    assert "Qualifies today" in wheelchair
    assert 'data-testid="request-wheelchair"' in wheelchair
    prosthesis = entry(page, "prosthesis")
    assert "Qualifies today" in prosthesis and "✓" in prosthesis and "Aged 60 or over" in prosthesis
    hearing = entry(page, "hearing_aid")
    assert "Does not qualify today" in hearing and "✗" in hearing
    assert 'data-testid="request-hearing_aid"' not in hearing


def test_an_open_or_delivered_request_takes_the_button_away_and_is_listed(world: World) -> None:
    open_one = asked(world, world.elder, "wheelchair")
    crutches = approved(world, world.elder, "crutches")
    application_deliver(world.lengqi_worker, crutches, version=crutches.version)

    page = tab(logged_in(world.lengqi_worker), world.elder)

    wheelchair = entry(page, "wheelchair")
    assert 'data-testid="request-wheelchair"' not in wheelchair
    assert "Requested" in wheelchair
    assert reverse("inkind:application_detail", args=[open_one.pk]) in wheelchair
    assert "Delivered" in entry(page, "crutches")
    assert 'data-testid="request-crutches"' not in entry(page, "crutches")
    assert 'data-testid="request-prosthesis"' in entry(page, "prosthesis")


def test_one_click_records_the_request_from_the_office(world: World) -> None:
    client = logged_in(world.lengqi_worker)
    page = tab(client, world.elder)
    form = entry(page, "prosthesis").split("<form", 1)[1].split("</form>", 1)[0]
    action = re.search(r'action="([^"]+)"', form)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert action is not None

    done = client.post(action.group(1).replace("&amp;", "&"), fields)

    application = Application.objects.get()
    assert done.url == reverse("inkind:application_detail", args=[application.pk])
    assert (application.service.code, application.source) == ("prosthesis", "office")
    assert (application.person, application.status) == (world.elder, ApplicationStatus.REQUESTED)
    assert application.requested_on == timezone.localdate()
    assert 'data-testid="request-prosthesis"' not in entry(tab(client, world.elder), "prosthesis")


def test_a_viewer_reads_the_tab_without_buttons(world: World, prefecture_viewer: User) -> None:
    asked(world, world.elder, "wheelchair")
    page = tab(logged_in(prefecture_viewer), world.elder)
    assert "Qualifies today" in entry(page, "prosthesis")
    assert 'data-testid="request-' not in page
    assert "Requested" in entry(page, "wheelchair")


def test_a_paired_helper_gets_the_tab_and_asks_as_a_helper(world: World) -> None:
    helper = factories.user(unit=world.region.lengqi, role=Role.HELPER, full_name="李干部")
    pairing_start(
        acting_user=world.lengqi_worker,
        person=world.elder,
        role=HelperRole.PAIRED_CADRE,
        started_on=timezone.localdate() - timedelta(days=30),
        helper=helper,
    )
    asked(world, world.elder, "wheelchair")  # made by the worker: not the helper's to read
    client = logged_in(helper)

    page = tab(client, world.elder)

    assert 'data-testid="tab-inkind"' in page
    assert "Requested" not in entry(page, "wheelchair")
    form = entry(page, "prosthesis").split("<form", 1)[1].split("</form>", 1)[0]
    assert 'name="source" value="helper"' in form


def test_the_tab_is_not_offered_to_a_volunteer(world: World) -> None:
    volunteer = factories.user(unit=world.region.lengqi, role=Role.VOLUNTEER)
    page = logged_in(volunteer).get(f"/persons/{world.elder.pk}/?tab=inkind", **EN)
    assert 'data-testid="tab-inkind"' not in page.content.decode()


def test_the_file_of_the_other_township_is_404(world: World) -> None:
    client = logged_in(world.xinglong_worker)
    assert client.get(f"/persons/{world.elder.pk}/?tab=inkind").status_code == 404
    mine = tab(client, world.other)
    assert "Qualifies today" in entry(mine, "wheelchair")


def test_a_survey_problem_offers_a_request_with_the_problem_as_reason(world: World) -> None:
    actions = {a.code: a for a in person_actions(world.lengqi_worker, world.elder)}
    with translation.override("en"):
        assert str(actions["inkind_request"].label) == "Request a service"
    url = actions["inkind_request"].url(world.elder, "行动不便，无辅具", "")
    asked_for = parse_qs(urlsplit(url).query)
    assert asked_for == {
        "person": [str(world.elder.pk)],
        "source": [ApplicationSource.SURVEY],
        "reason": ["行动不便，无辅具"],
    }

    page = logged_in(world.lengqi_worker).get(url, **EN).content.decode()

    assert "行动不便，无辅具</textarea>" in page
    assert re.search(r'<option value="survey"\s+selected>A survey</option>', page)
    assert "What the rules find for 王大爷 today" in page
    # Not offered to a worker of the other township
    outside = person_actions(world.xinglong_worker, world.elder)
    assert "inkind_request" not in {a.code for a in outside}
