"""Creating, closing and reopening survey rounds: who is in scope, who may run them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from guanai.accounts.models import Role
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.models import Category
from guanai.surveys.models import Case, FormStatus, Round, RoundStatus
from guanai.surveys.rounds import can_fill, round_close, round_create, round_reopen
from tests import factories
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys.support import World, small_form, world
from tests.surveys.support_rounds import made_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return world()


def test_a_round_asks_the_persons_of_its_subtree_in_the_form_s_categories(w: World) -> None:
    form = small_form()
    factories.person(w.school, "陈小孤", categories=[Category.ORPHAN])  # not asked about
    factories.person(
        w.village,
        "刘小走",
        categories=[Category.LEFT_BEHIND],
        archived=timezone.now(),  # archived: left out
    )
    ended = factories.person(
        w.village, "周小完", spans=[(Category.LEFT_BEHIND, date(2020, 1, 1), {}, date(2021, 1, 1))]
    )
    assert ended.pk

    round_ = made_round(w.township_worker, w.township, form)

    cases = Case.objects.filter(round=round_).order_by("name")
    assert sorted(c.name for c in cases) == ["张小明", "李小红", "王小刚"]  # not 赵小丽 of 兴隆镇
    by_name = {c.name: c for c in cases}
    assert by_name["王小刚"].org_unit == w.village
    assert all(c.category == Category.LEFT_BEHIND and not c.found for c in cases)
    assert all(c.person_id is not None for c in cases)


def test_the_category_is_the_first_of_the_form_s_the_person_holds(w: World) -> None:
    form = small_form()
    form.questionnaire.categories = [Category.ORPHAN, Category.LEFT_BEHIND]
    form.questionnaire.save()
    both = factories.person(w.school, "孙小双", categories=[Category.LEFT_BEHIND, Category.ORPHAN])

    round_ = made_round(w.county_worker, w.county, form)

    assert round_.cases.get(person=both).category == Category.ORPHAN
    assert round_.cases.count() == 5


def test_where_is_the_school_or_village(w: World) -> None:
    pupil = factories.person(
        w.village, "吴小学", categories=[Category.LEFT_BEHIND], school=w.school, village=w.village
    )
    round_ = made_round(w.township_worker, w.township, small_form())
    assert round_.cases.get(person=pupil).where == "冷碛镇中心小学"


def test_creating_a_round_costs_the_same_queries_for_1_and_50_persons(w: World) -> None:
    one = factories.org_unit(parent=w.county, kind=w.township.kind, name="一人镇")
    many = factories.org_unit(parent=w.county, kind=w.township.kind, name="多人镇")
    worker = factories.user(unit=w.county, role=Role.WORKER)
    factories.person(one, "一", categories=[Category.LEFT_BEHIND])
    for n in range(50):
        factories.person(many, f"多{n}", categories=[Category.LEFT_BEHIND])
    form = small_form()
    worker = type(worker).objects.get(pk=worker.pk)
    made_round(worker, one, form)  # memberships cached

    with count_queries() as small:
        made_round(worker, one, form, title="一")
    with count_queries() as large:
        r = made_round(worker, many, form, title="多")

    assert r.cases.count() == 50
    assert_same_query_count(small, large)


def test_only_a_leader_or_worker_over_the_unit_runs_a_round(w: World) -> None:
    form = small_form()
    with translation.override("en"), pytest.raises(PermissionRefused):
        made_round(w.helper, w.school, form)
    with pytest.raises(PermissionRefused):
        made_round(w.other_worker, w.township, form)
    with pytest.raises(PermissionRefused):
        made_round(w.township_worker, w.county, form)  # above the worker's unit
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": " "}, "title", "Give the round a title."),
        ({"title": "长" * 101}, "title", "Write at most 100 characters here."),
        ({"ends_on": -1}, "ends_on", "The round cannot end before it starts."),
        ({"ends_on": 400}, "ends_on", "A round lasts at most a year."),
        ({"starts_on": -800}, "starts_on", "The round must start within a year of today."),
    ],
)
def test_bad_input_is_refused_and_nothing_made(
    w: World, change: dict, field: str, message: str
) -> None:
    today = timezone.localdate()
    values = {"title": "摸底", "starts_on": today, "ends_on": today + timedelta(days=30)}
    for key, value in change.items():
        if key == "title":
            values[key] = value
        elif key == "ends_on":
            values[key] = today + timedelta(days=value)
        else:
            values[key] = today + timedelta(days=value)
            values["ends_on"] = values[key] + timedelta(days=10)
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        round_create(acting_user=w.township_worker, unit=w.township, form=small_form(), **values)
    assert refused.value.field == field
    assert str(refused.value.message) == message
    assert not Round.objects.exists() and not Case.objects.exists()


def test_a_form_must_be_published_and_of_a_unit_on_the_user_s_path(w: World) -> None:
    draft = small_form()
    draft.status = FormStatus.DRAFT
    draft.save()
    other = small_form(owner=w.other_township)
    own = small_form(owner=w.county)  # the county's form: on the township worker's path

    for refused in (draft, other):
        with translation.override("en"), pytest.raises(ValidationFailed) as error:
            made_round(w.township_worker, w.township, refused)
        assert str(error.value.message) == "Choose a published questionnaire you may use."
    assert made_round(w.township_worker, w.township, own).cases.count() == 3


def test_a_closed_round_cannot_be_filled_until_reopened(w: World) -> None:
    round_ = made_round(w.township_worker, w.township, small_form())
    case = round_.cases.first()
    assert case is not None
    assert can_fill(w.township_worker, case)

    closed = round_close(acting_user=w.township_worker, round_=round_)
    case.refresh_from_db()
    assert closed.status == RoundStatus.CLOSED and closed.closed_at is not None
    assert not can_fill(w.township_worker, Case.objects.select_related("round").get(pk=case.pk))

    with pytest.raises(PermissionRefused):
        round_reopen(acting_user=w.helper, round_=round_)
    opened = round_reopen(acting_user=w.township_worker, round_=round_)
    assert opened.status == RoundStatus.OPEN and opened.closed_at is None
    assert can_fill(w.township_worker, Case.objects.select_related("round").get(pk=case.pk))
