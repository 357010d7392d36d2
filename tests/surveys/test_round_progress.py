"""A round's progress per unit against a hand-counted round, and who sees which cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from guanai.accounts.models import User
from guanai.registry.models import Category
from guanai.surveys.models import Case, CaseStatus, Round
from guanai.surveys.rounds import (
    ProgressRow,
    access_case,
    access_round,
    case_found_add,
    cases_assign,
    cases_of_round,
    rounds_visible,
)
from guanai.surveys.rounds import round_progress as progress
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys.support import World, small_form, world
from tests.surveys.support_rounds import made_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return world()


@pytest.fixture
def counted(w: World) -> Round:
    """The county's round: in 冷碛镇 张小明 done, 李小红 and 王小刚 moved away (已搬离), a
    found person at the township itself pending and one in the village done; in 兴隆镇
    赵小丽 pending."""
    round_ = made_round(w.county_worker, w.county, small_form())
    one = case_found_add(
        acting_user=w.township_worker,
        round_=round_,
        unit=w.township,
        name="镇上新",
        category=Category.LEFT_BEHIND,
    )
    two = case_found_add(
        acting_user=w.township_worker,
        round_=round_,
        unit=w.village,
        name="村里新",
        category=Category.LEFT_BEHIND,
    )
    Case.objects.filter(pk__in=[two.pk], round=round_).update(status=CaseStatus.DONE)
    Case.objects.filter(round=round_, name="张小明").update(status=CaseStatus.DONE)
    Case.objects.filter(round=round_, name__in=["李小红", "王小刚"]).update(
        status=CaseStatus.UNREACHABLE, unreachable_reason="已搬离"
    )
    assert one.status == CaseStatus.PENDING
    return round_


def _numbers(row: ProgressRow) -> tuple[str, int, int, int, int, int, Decimal | None]:
    return (
        row.unit.name,
        row.total,
        row.done,
        row.pending,
        row.unreachable,
        row.found,
        row.percent_done,
    )


def test_the_county_sees_each_township_s_progress(w: World, counted: Round) -> None:
    rows, total = progress(w.county_worker, counted)

    assert [_numbers(r) for r in rows] == [
        ("冷碛镇", 5, 2, 1, 2, 2, Decimal("40.0")),
        ("兴隆镇", 1, 0, 1, 0, 0, Decimal("0.0")),
    ]
    assert rows[0].reasons_counted == [("已搬离", 2)]
    assert _numbers(total) == ("泸定县", 6, 2, 2, 2, 2, Decimal("33.3"))


def test_drilled_down_to_the_township(w: World, counted: Round) -> None:
    rows, total = progress(w.county_worker, counted, w.township)

    assert [(_numbers(r), r.own) for r in rows] == [
        (("冷碛镇", 1, 0, 1, 0, 1, Decimal("0.0")), True),
        (("甘露寺村", 2, 1, 0, 1, 1, Decimal("50.0")), False),
        (("冷碛镇中心小学", 2, 1, 0, 1, 0, Decimal("50.0")), False),
    ]
    assert total.total == 5


def test_progress_costs_the_same_queries_for_few_and_many_units(w: World, counted: Round) -> None:
    user = User.objects.get(pk=w.county_worker.pk)
    progress(user, counted)  # memberships cached
    with count_queries() as small:
        progress(user, counted, w.school)
    with count_queries() as large:
        progress(user, counted)
    assert_same_query_count(small, large)
    assert len(large.captured_queries) <= 3


def test_another_township_s_worker_sees_the_round_but_only_their_cases(
    w: World, counted: Round
) -> None:
    assert access_round(w.other_worker, counted.pk) == counted
    rows, total = progress(w.other_worker, counted)
    assert total.total == 1
    assert [r.unit.name for r in rows if r.total] == ["兴隆镇"]
    assert list(cases_of_round(w.other_worker, counted).values_list("name", flat=True)) == [
        "赵小丽"
    ]
    lengqi = counted.cases.get(name="张小明")
    with pytest.raises(Exception) as refused:
        access_case(w.other_worker, lengqi.pk)
    assert type(refused.value).__name__ == "Http404"


def test_a_helper_sees_only_the_cases_given_to_them(w: World, counted: Round) -> None:
    assert not rounds_visible(w.helper).exists()
    mine = counted.cases.get(name="张小明")
    cases_assign(
        acting_user=w.township_worker, round_=counted, case_ids=[mine.pk], assignee=w.helper
    )

    assert list(rounds_visible(w.helper)) == [counted]
    _rows, total = progress(w.helper, counted)
    assert (total.total, total.done) == (1, 1)
    assert list(cases_of_round(w.helper, counted)) == [mine]
