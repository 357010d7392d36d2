"""The family-contact KPI (issue 15 point 5): left-behind children in touch with their
parents in the month so far — a family call or letter in the care log, or a letter of a
letters-home round — against a hand-counted 冷碛镇 in October 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from guanai.accounts.models import User
from guanai.activities.letters import letter_mark, round_create
from guanai.activities.models.letters import Letter
from guanai.care.models import CareKind
from guanai.registry.models import Category
from guanai.reports import kpis
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import month_of
from tests.care.log_support import on, record
from tests.conftest import Region
from tests.reports.conftest import TODAY
from tests.reports.test_kpis import OCTOBER, person

LB = (Category.LEFT_BEHIND,)
CALL = {"parent": "mother", "minutes": 10}


def family_contact(region: Region) -> kpis.KpiValue:
    targets = kpis.targets_for([region.lengqi])[region.lengqi.pk]
    values = kpis.kpi_values(facts_of(region.lengqi, OCTOBER), targets)
    return next(v for v in values if v.kpi.code == "family_contact")


def test_family_contact_counts_calls_letters_and_rounds_of_the_month(
    region: Region, township_worker: User
) -> None:
    school = region.lengqi_school
    called = person(school, "甲", date(2015, 5, 1), LB, school, "in_school")
    wrote_in_log = person(school, "乙", date(2015, 5, 2), LB, school, "in_school")
    wrote_in_round = person(school, "丙", date(2015, 5, 3), LB, school, "in_school")
    wrote_in_september = person(school, "丁", date(2015, 5, 4), LB, school, "in_school")
    called_in_november = person(school, "戊", date(2015, 5, 5), LB, school, "in_school")
    person(school, "己", date(2015, 5, 6), LB, school, "in_school")  # nothing at all
    undone = person(school, "庚", date(2015, 5, 7), LB, school, "in_school")
    both = person(region.ganlusi, "辛", date(2014, 3, 1), LB)  # a call and a letter
    single = person(school, "壬", date(2015, 5, 9), (Category.SINGLE_PARENT,), school)
    # Given calls and letters in the care log, in and out of October
    record(township_worker, [called, both], CareKind.FAMILY_CALL, date(2026, 10, 5), **CALL)
    record(township_worker, [wrote_in_log], CareKind.LETTER, date(2026, 10, 10))
    record(township_worker, [called_in_november], CareKind.FAMILY_CALL, date(2026, 11, 2), **CALL)
    record(township_worker, [single], CareKind.FAMILY_CALL, date(2026, 10, 5), **CALL)  # not LB
    # and a Double Ninth round in which three children's letters are marked
    with on(date(2026, 9, 25)):
        letters_round = round_create(
            acting_user=township_worker,
            org_unit=region.lengqi,
            occasion="double_ninth:2026-10-18",
            title="2026年重阳节亲情书信",
            opens_on=date(2026, 9, 25),
            closes_on=date(2026, 10, 25),
        )
    letters = {x.person_id: x for x in Letter.objects.filter(round=letters_round)}
    assert len(letters) == 8  # the left-behind children of the township, not 壬
    with on(date(2026, 9, 28)):
        letter_mark(
            acting_user=township_worker, letter=letters[wrote_in_september.pk], written=True
        )
    with on(date(2026, 10, 12)):
        letter_mark(acting_user=township_worker, letter=letters[wrote_in_round.pk], written=True)
        letter_mark(acting_user=township_worker, letter=letters[both.pk], written=True)
        letter_mark(acting_user=township_worker, letter=letters[undone.pk], written=True)
        letter_mark(acting_user=township_worker, letter=letters[undone.pk], written=False)
    # When October's facts are counted
    facts_refresh(month_of("2026-10", today=TODAY))
    value = family_contact(region)
    # Then 甲 (call), 乙 (letter in the log), 丙 (round) and 辛 (both, once) were in touch,
    # of the eight left-behind children; 丁 wrote in September, 戊 called in November,
    # 己 did nothing, 庚's letter was taken back, and 壬 is no left-behind child.
    assert (value.numerator, value.denominator) == (4, 8)
    assert value.value == Decimal("50.0")
    # The figures roll up: the county reads the same.
    county = facts_of(region.county, OCTOBER)
    assert county["left_behind_in_touch"] == 4
    assert county["left_behind_children"] == 8


def test_the_catalogue_names_family_contact() -> None:
    kpi = kpis.BY_CODE["family_contact"]
    assert kpi.target == 100
    assert (kpi.numerator, kpi.denominator) == ("left_behind_in_touch", "left_behind_children")
    assert "亲情书信" in str(kpi.source) and "亲情电话" in str(kpi.source)
