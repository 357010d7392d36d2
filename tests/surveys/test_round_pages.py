"""The rounds pages: the list with a helper's tasks, a new round, the round's progress and
cases, the assignment page, the persons found, a case and its changes, registering."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import User
from guanai.registry.models import Category, Person
from guanai.surveys.models import Case, CaseStatus, Round, RoundStatus
from guanai.surveys.rounds import case_found_add, cases_assign
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys.support import World, small_form, world
from tests.surveys.support_rounds import made_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return world()


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_worker_creates_a_round_from_the_page(w: World) -> None:
    form = small_form()
    client = client_of(w.township_worker)
    assert client.get(reverse("surveys:round_new")).status_code == 200
    today = timezone.localdate()
    data = {
        "unit": w.township.pk,
        "title": "冬季摸底",
        "form": form.pk,
        "starts_on": f"{today:%Y-%m-%d}",
        "ends_on": f"{today - timedelta(days=1):%Y-%m-%d}",
    }
    with translation.override("en"):
        refused = client.post(reverse("surveys:round_new"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert not Round.objects.exists()

    data["ends_on"] = f"{today + timedelta(days=30):%Y-%m-%d}"
    made = client.post(reverse("surveys:round_new"), data)
    round_ = Round.objects.get()
    assert made.url == reverse("surveys:round_detail", args=[round_.pk])
    assert round_.cases.count() == 3


def test_a_helper_is_refused_the_new_round_page(w: World) -> None:
    assert client_of(w.helper).get(reverse("surveys:round_new")).status_code == 403


def test_the_round_page_shows_progress_and_filters_cases(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    Case.objects.filter(round=round_, name="张小明").update(status=CaseStatus.DONE)
    client = client_of(w.county_worker)
    url = reverse("surveys:round_detail", args=[round_.pk])

    html = client.get(url).content.decode()
    progress = html.split('data-testid="progress"')[1].split("</table>")[0]
    assert "冷碛镇" in progress and "33.3%" in progress

    done = client.get(url, {"status": "done"}).content.decode()
    listed = done.split('data-testid="cases"')[1].split("</table>")[0]
    assert "张小明" in listed and "李小红" not in listed

    drilled = client.get(url, {"unit": w.township.pk}).content.decode()
    assert "冷碛镇中心小学" in drilled.split('data-testid="progress"')[1].split("</table>")[0]


def test_the_round_page_costs_the_same_queries_for_1_and_50_cases(w: World) -> None:
    from tests import factories

    form = small_form()
    few = made_round(w.county_worker, w.other_township, form)
    for n in range(50):
        factories.person(w.village, f"多{n}", categories=[Category.LEFT_BEHIND])
    many = made_round(w.county_worker, w.township, form, title="多")
    client = client_of(w.county_worker)
    client.get(reverse("surveys:round_detail", args=[few.pk]))
    with count_queries() as small:
        client.get(reverse("surveys:round_detail", args=[few.pk]))
    with count_queries() as large:
        client.get(reverse("surveys:round_detail", args=[many.pk]))
    assert_same_query_count(small, large)


def test_assigning_from_the_page_gives_the_helper_tasks(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    school = list(round_.cases.filter(org_unit=w.school).values_list("pk", flat=True))
    client = client_of(w.township_worker)
    url = reverse("surveys:round_assign", args=[round_.pk])
    page = client.get(url, {"unit": w.school.pk, "unassigned": "yes"}).content.decode()
    assert "王老师" in page

    missing = client.post(url, {"case_ids": school})
    assert missing.status_code == 400
    done = client.post(url, {"case_ids": school, "assignee": w.helper.pk})
    assert done.status_code == 302
    assert set(Case.objects.filter(assigned_to=w.helper).values_list("pk", flat=True)) == set(
        school
    )

    helper = client_of(w.helper)
    listing = helper.get(reverse("surveys:round_list")).content.decode()
    tasks = listing.split('data-testid="tasks"')[1].split("</ul>")[0]
    assert "张小明" in tasks and "王小刚" not in tasks
    assert helper.get(reverse("surveys:my_cases")).status_code == 200
    assert helper.get(url).status_code == 403  # a helper assigns nothing


def test_all_the_persons_a_filter_matches_are_assigned_at_once(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    school = set(round_.cases.filter(org_unit=w.school).values_list("pk", flat=True))
    client = client_of(w.township_worker)
    url = reverse("surveys:round_assign", args=[round_.pk])
    nothing = client.post(url, {"assignee": w.helper.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert nothing.status_code == 400
    assert "Tick at least one person." in nothing.content.decode()
    assert not Case.objects.filter(assigned_to=w.helper).exists()
    done = client.post(f"{url}?unit={w.school.pk}", {"all_matching": "on", "assignee": w.helper.pk})
    assert done.status_code == 302
    assigned = set(Case.objects.filter(assigned_to=w.helper).values_list("pk", flat=True))
    assert assigned == school and len(school) == 2


def test_a_case_not_reached_from_the_page_and_back(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    case = round_.cases.get(name="王小刚")
    client = client_of(w.township_worker)
    assert client.get(reverse("surveys:case_detail", args=[case.pk])).status_code == 200

    empty = client.post(
        reverse("surveys:case_unreachable", args=[case.pk]), {"reason": "", "version": case.version}
    )
    assert empty.status_code == 400
    client.post(
        reverse("surveys:case_unreachable", args=[case.pk]),
        {"reason": "已去世", "version": case.version},
    )
    case.refresh_from_db()
    assert (case.status, case.unreachable_reason) == (CaseStatus.UNREACHABLE, "已去世")
    client.post(reverse("surveys:case_pending", args=[case.pk]), {"version": case.version})
    case.refresh_from_db()
    assert case.status == CaseStatus.PENDING


def test_found_persons_page_adds_and_registers(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    client = client_of(w.township_worker)
    url = reverse("surveys:round_found", args=[round_.pk])
    added = client.post(
        url, {"unit": w.village.pk, "name": "黄小新", "category": Category.LEFT_BEHIND}
    )
    assert added.status_code == 302
    found = Case.objects.get(found=True)
    assert "黄小新" in client.get(url).content.decode()

    register = reverse("surveys:case_register", args=[found.pk])
    assert client.get(register).status_code == 200
    made = client.post(register, {"name": "黄小新", "health": "healthy"})
    person = Person.objects.get(name="黄小新")
    assert made.url == reverse("registry:person_detail", args=[person.pk])
    found.refresh_from_db()
    assert found.person == person
    assert client.get(register).url == reverse("surveys:case_detail", args=[found.pk])


def test_a_duplicate_id_number_shows_the_registry_s_message(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    found = case_found_add(
        acting_user=w.township_worker,
        round_=round_,
        unit=w.village,
        name="张小明",
        category=Category.LEFT_BEHIND,
    )
    client = client_of(w.township_worker)
    with translation.override("en"):
        answer = client.post(
            reverse("surveys:case_register", args=[found.pk]),
            {"name": "张小明", "health": "healthy", "id_number": w.children[0].id_number},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert answer.status_code == 400
    assert Case.objects.get(pk=found.pk).person is None


def test_another_township_s_worker_gets_404_for_a_case_and_sees_the_round(w: World) -> None:
    round_ = made_round(w.county_worker, w.county, small_form())
    lengqi = round_.cases.get(name="张小明")
    client = client_of(w.other_worker)
    assert client.get(reverse("surveys:case_detail", args=[lengqi.pk])).status_code == 404
    page = client.get(reverse("surveys:round_detail", args=[round_.pk])).content.decode()
    listed = page.split('data-testid="cases"')[1].split("</table>")[0]
    assert "赵小丽" in listed and "张小明" not in listed
    township_round = made_round(w.township_worker, w.township, small_form(), title="镇里")
    assert client.get(reverse("surveys:round_detail", args=[township_round.pk])).status_code == 404


def test_closing_and_reopening_from_the_page(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    url = reverse("surveys:round_close", args=[round_.pk])
    assert client_of(w.helper).post(url).status_code == 404  # the helper sees no round
    client = client_of(w.township_worker)
    client.post(url)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    client.post(url, {"reopen": "1"})
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    cases_assign(
        acting_user=w.township_worker,
        round_=round_,
        case_ids=[round_.cases.filter(org_unit=w.school).first().pk],  # type: ignore[union-attr]
        assignee=w.helper,
    )
    assert client_of(w.helper).post(url).status_code == 403  # sees it, does not run it
