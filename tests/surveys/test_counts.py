"""The survey count from the rounds (摸底数), and the registration rate that divides by it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanai.registry.models import Category
from guanai.reports import kpis
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import month_of
from guanai.surveys.models import Case, Round
from guanai.surveys.rounds import case_found_add, survey_counts
from tests.surveys.support import World, small_form, world
from tests.surveys.support_rounds import made_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return world()


@pytest.fixture
def counted(w: World) -> World:
    """冷碛镇's round this year (three children and one found in the village), the school's
    own round asking two of them again; last year's round over 兴隆镇; typed counts for the
    county (100), 冷碛镇 (10) and 兴隆镇 (7)."""
    form = small_form()
    round_ = made_round(w.township_worker, w.township, form)
    case_found_add(
        acting_user=w.township_worker,
        round_=round_,
        unit=w.village,
        name="村里新",
        category=Category.LEFT_BEHIND,
    )
    made_round(w.township_worker, w.school, form, title="学校复查")
    year = timezone.localdate().year
    old = Round.objects.create(
        org_unit=w.other_township,
        title="去年",
        form=form,
        starts_on=date(year - 1, 3, 1),
        ends_on=date(year - 1, 4, 1),
    )
    child = w.children[3]
    Case.objects.create(
        round=old, person=child, org_unit=child.org_unit, name=child.name, category="left_behind"
    )
    kpis.survey_count_set(acting_user=w.county_worker, unit=w.county, year=year, count=100)
    kpis.survey_count_set(acting_user=w.township_worker, unit=w.township, year=year, count=10)
    kpis.survey_count_set(acting_user=w.other_worker, unit=w.other_township, year=year, count=7)
    return w


def test_each_unit_counts_its_own_persons_once(counted: World) -> None:
    w = counted
    year = timezone.localdate().year
    assert survey_counts(year) == {w.school.pk: 2, w.village.pk: 2}
    assert survey_counts(year - 1) == {w.other_township.pk: 1}
    assert survey_counts(year + 1) == {}


def test_the_round_replaces_the_typed_count_in_the_facts(counted: World) -> None:
    w = counted
    today = timezone.localdate()
    month = month_of(f"{today:%Y-%m}", today=today)

    facts_refresh(month)

    def surveyed(unit: object) -> Decimal:
        return facts_of(unit, month.first)["surveyed"]  # type: ignore[arg-type]

    assert surveyed(w.township) == 4  # the round's 4, not the typed 10
    assert surveyed(w.other_township) == 7  # no round this year: the typed count
    assert surveyed(w.county) == 100 + 4 + 7  # the county's own typed count is kept
    targets = kpis.targets_for([w.township])[w.township.pk]
    rate = {v.kpi.code: v for v in kpis.kpi_values(facts_of(w.township, month.first), targets)}[
        "registration_rate"
    ]
    assert (rate.numerator, rate.denominator) == (3, 4)  # three on file of four found
    assert rate.value == Decimal("75.0")


def test_the_survey_count_page_names_the_round(counted: World) -> None:
    w = counted
    client = Client()
    client.force_login(w.township_worker)
    html = client.get(reverse("reports:targets", args=[w.township.pk])).content.decode()
    note = html.split('data-testid="counting-rounds"')[1].split("</ul>")[0]
    assert "春季摸底排查" in note and str(timezone.localdate().year) in note
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(w.other_worker)
    html = other.get(reverse("reports:targets", args=[w.other_township.pk])).content.decode()
    note = html.split('data-testid="counting-rounds"')[1].split("</ul>")[0]
    year = timezone.localdate().year
    assert f"{year - 1}: " in note and "去年" in note  # last year's round only
    assert f"{year}: " not in note and "春季摸底排查" not in note
