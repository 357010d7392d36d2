"""A volunteer sees no digit of any ID or phone number, on any page, export or API answer.

DESIGN §1 and §5: volunteers see "no personal IDs"; issue 12 (3) found the contact cards
showing them masked phone numbers (``180****2647``). The rule is decided once, in
``accounts.scoping.numbers_shown``; this test does not trust it and walks everything a
volunteer can reach instead:

- every route of the URL resolver (pages, exports, and the API through the browser
  session), its ids filled with the ids of every object around the volunteer's child;
- every link found on the pages reached, followed until nothing new is found;
- every path of the API's OpenAPI schema, with a token;
- the actions that reveal or print (contact cards, reveal, the roster export), posted
  with a purpose as a clerk would.

Every answer — HTML, JSON, and the XML inside any workbook — is searched for the stored
numbers: their last four digits, any five digits in a row of a phone, any six of an ID
after its region code, and any masked form (digits beside ``***``).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections import deque
from datetime import date, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities.events.services import EventData, event_create
from guanai.api.urls import api
from guanai.care import log as care_log
from guanai.care import plans
from guanai.care.models import CareKind, HelperRole, PlanDomain, ProgressKind
from guanai.care.pairing import pairing_start
from guanai.care.plans import progress
from guanai.community.thanks import acknowledgement_make
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    visit_open,
    visit_sign_up,
    volunteer_add,
)
from guanai.core.actors import SYSTEM
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgKind
from guanai.registry import services
from guanai.registry.models import Person
from guanai.today.feed import feed_token_new
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.support.ids import next_ids_aligned
from tests.support.routes import api_operations, params, routes, substitute

CHILD_ID = make_id("513322", date(2014, 7, 19), 387)
NEIGHBOUR_ID = make_id("513322", date(1962, 11, 23), 518)
PHONES = ("13957318462", "18026472953", "15873619024", "13768254190")
# The phones of the volunteer's own record and of a fellow volunteer of their group.
VOLUNTEER_PHONES = ("13529184736", "18674025193")
IDS = (CHILD_ID, NEIGHBOUR_ID)
PURPOSE = "志愿者家访前联系家长"
# Random tokens (CSRF, CSP nonces) are long runs of letters and digits: drop them before
# searching, so that four digits inside one are not taken for a phone number.
TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{24,}")
MASKED = re.compile(r"\d\s*\*{2,}|\*{2,}\s*\d")
# The user guide (/help/) shows how numbers are masked with two examples, no one's number.
GUIDE_EXAMPLES = re.compile(r"513\*{11}1234|138\*{4}5678")
# Values for the routes' text parameters.
WORDS = ["accept", "decline", "cancel", "approve", "return", "submit", "general", "x"]
# The crawl stops here: far more than a volunteer can reach.
MAX_REQUESTS = 20000


def _fragments() -> list[str]:
    """Return the pieces of the stored numbers that no answer to a volunteer may hold."""
    found: set[str] = set()
    for phone in PHONES + VOLUNTEER_PHONES:
        found.add(phone[-4:])
        found.update(phone[i : i + 5] for i in range(len(phone) - 4))
    for number in IDS:
        found.add(number[-4:])
        # After the region code (513322, shown as the county's code) and not the birth
        # year alone: the birth date and sequence.
        found.update(number[i : i + 6] for i in range(6, len(number) - 5))
    return sorted(found)


FRAGMENTS = _fragments()


def _texts(content: bytes, content_type: str) -> list[str]:
    """Return the readable texts of an answer: a page, JSON, or a workbook's XML parts."""
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return [book.read(name).decode("utf-8", "replace") for name in book.namelist()]
    return [content.decode("utf-8", "replace")]


def _leaks(content: bytes, content_type: str) -> list[str]:
    leaks = []
    for text in _texts(content, content_type):
        text = GUIDE_EXAMPLES.sub(" ", TOKEN.sub(" ", text))
        leaks += [f for f in FRAGMENTS if f in text]
        leaks += MASKED.findall(text)
    return leaks


@pytest.fixture
def aligned_ids(db: None) -> None:
    """Number the objects below from one id on, in every table, as a fresh database does.

    Each route is filled with every combination of the ids around the child; with the
    ids of different tables apart (after other tests in the worker) the walk asked four
    times as many URLs for the same combinations of objects (``tests/support/ids.py``).
    """
    next_ids_aligned()


@pytest.fixture
def world(aligned_ids: None, region: Region, township_worker: User) -> dict[str, Any]:
    """A child paired with a volunteer, with family, helpers, care, a plan and progress."""
    child = services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        data=services.PersonData(
            name="周小燕",
            id_number=CHILD_ID,
            phone=PHONES[0],
            school=region.lengqi_school,
            grade="四年级",
            class_name="1班",
        ),
        categories=[("left_behind", date(2025, 9, 1))],
    )
    guardian = services.contact_add(
        acting_user=township_worker,
        person=child,
        kind="guardian",
        name="周奶奶",
        relation="祖母",
        phone=PHONES[1],
        is_guardian=True,
    )
    parent = services.contact_add(
        acting_user=township_worker,
        person=child,
        kind="parent",
        name="周爸爸",
        relation="父亲",
        phone=PHONES[2],
        works_away_at="广东东莞",
    )
    neighbour = services.contact_add(
        acting_user=township_worker,
        person=child,
        kind="neighbour",
        name="邻居王阿姨",
        phone=PHONES[3],
        id_number=NEIGHBOUR_ID,
    )
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER, full_name="志愿者小周")
    teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER, full_name="张丽")
    pairings = [
        pairing_start(
            acting_user=township_worker,
            person=child,
            role=role,
            started_on=date(2026, 9, 1),
            helper=helper,
        )
        for helper, role in (
            (volunteer, HelperRole.VOLUNTEER),
            (teacher, HelperRole.CLASS_TEACHER),
        )
    ]
    today = timezone.localdate()
    records = [
        care_log.care_record_add(
            acting_user=author,
            persons=[child],
            data=care_log.RecordData(kind=CareKind.TALK, occurred_on=today, summary="谈心"),
        )
        for author in (volunteer, teacher)
    ]
    plan = plans.plan_create(
        acting_user=township_worker,
        person=child,
        data=plans.PlanData(
            domain=PlanDomain.STUDY,
            goals="按时完成作业",
            measures="每周陪伴学习一次",
            starts_on=today,
            ends_on=today + timedelta(days=90),
            responsible=teacher,
        ),
    )
    entry = progress.progress_entry_add(
        acting_user=teacher, person=child, kind=ProgressKind.AWARD, on=today, title="三好学生"
    )
    # And the volunteer's group, their record and a fellow's, both with phones, and a visit
    # of the group to the school that both signed up for, the volunteer checked in
    group = factories.org_unit(
        parent=region.lengqi, kind=OrgKind.VOLUNTEER_GROUP, name="冷碛志愿队"
    )
    own, fellow = (
        volunteer_add(
            acting_user=SYSTEM,
            group=group,
            data=VolunteerData(name=name, phone=phone, joined_on=today, user=account),
        )
        for name, phone, account in zip(
            ("志愿者小周", "志愿者小李"), VOLUNTEER_PHONES, (volunteer, None), strict=True
        )
    )
    visit_event = event_create(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="志愿者走进学校",
            kind="volunteer_visit",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=2),
        ),
    )
    visit = visit_open(
        acting_user=township_worker, event=visit_event, group=group, volunteer_cap=10
    )
    roles = visit_sign_up(acting_user=SYSTEM, visit=visit, volunteers=[own, fellow])
    check_in(acting_user=SYSTEM, visit=visit, volunteer=own)
    # Its acknowledgement list names the volunteers, never a number of theirs.
    acknowledgement = acknowledgement_make(acting_user=SYSTEM, visit=visit)
    units = [region.lengqi.pk, region.lengqi_school.pk, region.county.pk, group.pk]
    contacts = [guardian.pk, parent.pk, neighbour.pk]
    entries = [c.pk for c in child.categories.all()]
    everything = {
        child.pk,
        plan.pk,
        entry.pk,
        volunteer.pk,
        *(p.pk for p in pairings),
        *(r.pk for r in records),
        *contacts,
        *entries,
        *units,
        visit.pk,
        own.pk,
        fellow.pk,
        *(r.pk for r in roles),
        acknowledgement.pk,
    }
    # A parameter named after a kind of object takes the ids of that kind (``_fill``).
    ids = {
        "all": sorted(everything),
        "unit": units,
        "contact": contacts,
        "entry": entries,
        "person": [child.pk],
        "visit": [visit.pk],
        "volunteer": [own.pk, fellow.pk],
        "role": [r.pk for r in roles],
    }
    return {
        "child": child,
        "volunteer": volunteer,
        "ids": ids,
        "visit": visit,
        "acknowledgement": acknowledgement,
    }


def _fill(route: str, ids: dict[str, list[int]]) -> list[str]:
    """Return the route with its parameters filled in every way from ``ids`` and words.

    A parameter named after a kind of object (``unit``, ``contact_pk``, ``person_id``,
    ``volunteer_id`` …) takes the ids of that kind; a year this year and last; a position
    in a form (``index``, ``section``) its first three; any other id parameter takes every
    id around the child.
    """
    today = timezone.localdate()
    this_month = today.strftime("%Y-%m")
    choices: list[list[str]] = []
    for param in params(route):
        converter, name = param.converter, param.name
        if name == "month":
            choices.append([this_month])
        elif name == "year":
            choices.append([str(today.year), str(today.year - 1)])
        elif name in ("index", "section"):
            choices.append(["0", "1", "2"])
        elif converter in ("str", "slug", "path"):
            choices.append(WORDS)
        else:
            kind = next((k for k in ids if k != "all" and k in name), "all")
            choices.append([str(i) for i in ids[kind]])
    return [substitute(route, values) for values in itertools.product(*choices)]


HREF = re.compile(r'href="([^"#]+)')


def _links(page: str, base: str) -> list[str]:
    found = []
    for raw in HREF.findall(page):
        url = urljoin(base, raw.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        if parts.path.startswith(("/static/", "/media/")) or "logout" in parts.path:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_a_volunteer_reaches_no_digit_of_an_id_or_phone_number(world: dict[str, Any]) -> None:
    volunteer: User = world["volunteer"]
    child: Person = world["child"]
    client = logged_in(volunteer)
    client.raise_request_exception = False
    leaks: dict[str, list[str]] = {}
    failures: list[str] = []
    reached: list[str] = []

    def check(url: str, response: Any) -> None:
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url}")
        if response.status_code == 200:
            reached.append(url)
        found = _leaks(response.content, response.get("Content-Type", ""))
        if found:
            leaks[url] = found

    # Given every route of the resolver, filled with the ids around the child, and
    # every link on the pages reached
    queue = deque(
        url for route in routes(get_resolver().url_patterns) for url in _fill(route, world["ids"])
    )
    queue.appendleft("/")
    seen: set[str] = set()
    while queue and len(seen) < MAX_REQUESTS:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        check(url, response)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(_links(response.content.decode("utf-8", "replace"), url))
    assert len(seen) < MAX_REQUESTS, "the crawl did not finish"

    # And every path of the API, with a token
    token = Client(headers=bearer(volunteer))
    token.raise_request_exception = False
    schema = api.get_openapi_schema(path_prefix="/api/")
    for method, route in api_operations(schema):
        if method != "get":
            continue
        for url in _fill(route, world["ids"]):
            check(url, token.get(url))

    # And the actions that reveal, print or export: as the roster's forms send them, and
    # asked with a purpose
    for url in (f"/persons/cards/?ids={child.pk}", f"/persons/{child.pk}/reveal/?tab=family"):
        check(url, client.get(url))
    form = {"ids": [child.pk], "purpose": PURPOSE}
    for url in ("/persons/cards/", "/persons/export/?full=1", f"/persons/{child.pk}/reveal/"):
        check(f"POST {url}", client.post(url, {**form, "full": "1", "tab": "family"}))
    for contact in world["ids"]["contact"]:
        url = f"/persons/{child.pk}/contacts/{contact}/call/"
        check(f"POST {url}", client.post(url, follow=True))
    body = {"ids": [child.pk], "purpose": PURPOSE}
    for url in ("/api/persons/contact-cards", f"/api/persons/{child.pk}/reveal"):
        check(f"POST {url}", token.post(url, body, content_type="application/json"))

    # And the volunteer's calendar feed, read as a phone reads it (on a fixed day: its
    # stamps are times, whose digits could by chance match a fragment)
    with on(date(2026, 12, 6)):
        feed = f"/calendar/feed.ics?key={feed_token_new(acting_user=volunteer)[1]}"
        check("calendar feed", Client().get(feed))

    # Then nothing anywhere holds a digit of the numbers, and no answer failed
    assert leaks == {}
    assert failures == []
    # And the walk did reach the child's file, its tabs, the care pages and the cards
    assert f"/persons/{child.pk}/" in reached
    assert f"/persons/{child.pk}/?tab=family" in reached
    assert f"/care/persons/{child.pk}/" in reached
    assert "POST /persons/cards/" in reached and "POST /api/persons/contact-cards" in reached
    assert "calendar feed" in reached
    # And the volunteer pages and their API: the list (their own record), the visit
    visit_id = world["visit"].pk
    assert "/community/volunteers/" in reached and f"/community/visits/{visit_id}/" in reached
    assert "/api/community/volunteers" in reached
    thanks_id = world["acknowledgement"].pk
    assert f"/community/thanks/{thanks_id}/print/" in reached
    assert len(reached) > 40, reached
