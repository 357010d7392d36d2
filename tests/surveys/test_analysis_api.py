"""The API of a round's analysis and of a person's survey answers: the same numbers as the
pages, scoping, the read logged, a fixed number of queries at 1 and 50 answer sets."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from guanai.accounts.models import User
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Category
from guanai.surveys.models import Case, Round
from tests.api.conftest import bearer
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys import support
from tests.surveys.support_analysis import SIX, answer, more_cases


def api(user: User) -> Client:
    return Client(headers=bearer(user))


@pytest.fixture
def w(db: None) -> support.World:
    return support.world()


def test_the_analysis_counts_as_the_page(w: support.World) -> None:
    round_ = support.round_over(w, support.small_form())
    cases = {c.name: c for c in round_.cases.all()}
    answer(cases["张小明"], SIX[0])
    answer(cases["李小红"], SIX[3])
    answer(cases["赵小丽"], SIX[4])
    body = api(w.township_worker).get(f"/api/surveys/rounds/{round_.pk}/analysis").json()
    assert (body["unit_id"], body["cases"], body["done"], body["respondents"]) == (
        w.township.pk,
        3,
        2,
        2,
    )
    assert body["done_percent"] == 66.7
    guardian = body["questions"][0]
    assert [(v["value"], v["count"], v["percent"]) for v in guardian["values"]] == [
        ("grand", 1, 50.0),
        ("relative", 0, 0.0),
        ("none", 1, 50.0),
    ]
    assert [p["code"] for p in body["problems"]][:3] == ["contact:rarely", "needs:talk", "lonely"]
    school = api(w.township_worker).get(
        f"/api/surveys/rounds/{round_.pk}/analysis", {"unit_id": w.school.pk}
    )
    assert school.json()["cases"] == 2


def test_another_township_counts_only_its_cases_and_may_not_pick_ours(w: support.World) -> None:
    round_ = support.round_over(w, support.small_form())
    answer(round_.cases.get(name="张小明"), SIX[0])
    client = api(w.other_worker)
    body = client.get(f"/api/surveys/rounds/{round_.pk}/analysis").json()
    assert (body["cases"], body["respondents"]) == (1, 0)
    response = client.get(f"/api/surveys/rounds/{round_.pk}/analysis", {"unit_id": w.township.pk})
    assert response.status_code == 404
    child = w.children[0]
    assert client.get(f"/api/surveys/persons/{child.pk}").status_code == 404


def test_a_persons_answers_latest_first_and_the_read_logged(w: support.World) -> None:
    form = support.small_form()
    spring = support.round_over(w, form)
    autumn = support.round_over(w, form, title="秋季", starts=date(2027, 4, 1))
    child = w.children[0]
    answer(spring.cases.get(person=child), SIX[1], author=w.helper)
    answer(autumn.cases.get(person=child), SIX[0], author=w.helper)
    body = api(w.township_worker).get(f"/api/surveys/persons/{child.pk}").json()
    assert len(body) == 1
    entry = body[0]
    assert [h["round_title"] for h in entry["history"]] == ["秋季", "2027年春季摸底排查"]
    contact = next(a for a in entry["latest"] if a["code"] == "contact")
    assert (contact["answer"], contact["problem"]) == ("很少或从不", True)
    assert "与父母联系少" in entry["problems"]
    assert AccessLog.objects.filter(
        action=AuditAction.READ, object_id=str(child.pk), detail__page="surveys"
    ).exists()


def rounds_answered(w: support.World, person, count: int) -> None:
    form = support.small_form()
    for n in range(count):
        round_ = Round.objects.create(
            org_unit=w.county,
            title=f"第{n}轮",
            form=form,
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 4, 30),
        )
        case = Case.objects.create(
            round=round_,
            person=person,
            org_unit=person.org_unit,
            name=person.name,
            category=Category.LEFT_BEHIND,
        )
        answer(case, SIX[n % 6])


def test_queries_are_fixed_at_1_and_50_answer_sets(w: support.World) -> None:
    form = support.small_form()
    small = support.round_over(w, form, title="一份")
    large = support.round_over(w, form, title="五十份")
    for case in more_cases(small, w.village, 1):
        answer(case, SIX[0])
    for n, case in enumerate(more_cases(large, w.village, 50)):
        answer(case, SIX[n % 6])
    client = api(w.township_worker)
    client.get(f"/api/surveys/rounds/{small.pk}/analysis")  # the token's first use is saved
    runs = []
    for round_ in (small, large):
        with count_queries() as queries:
            assert client.get(f"/api/surveys/rounds/{round_.pk}/analysis").status_code == 200
        runs.append(queries)
    assert_same_query_count(*runs)
    rounds_answered(w, w.children[0], 1)
    rounds_answered(w, w.children[1], 50)
    runs = []
    for child in w.children[:2]:
        with count_queries() as queries:
            response = client.get(f"/api/surveys/persons/{child.pk}")
        assert response.status_code == 200
        runs.append(queries)
    assert len(response.json()[0]["history"]) == 50
    assert_same_query_count(*runs)
