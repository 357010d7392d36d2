"""The fact table: pre-aggregated figures equal the live ones at every level."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.core.management import call_command
from pytest_django import DjangoAssertNumQueries

from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry.models import Category, Person
from guanai.reports.facts import facts_by_unit, facts_of, facts_refresh
from guanai.reports.figures import Month, month_figures, month_of
from guanai.reports.models import Fact
from tests import factories
from tests.care.log_support import SHANGHAI, on, pupil
from tests.conftest import Region
from tests.reports.community_support import Community
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)


def refreshed(month: str = "2026-10") -> Month:
    period = month_of(month, today=TODAY)
    facts_refresh(period)
    return period


def test_every_units_facts_equal_its_live_figures(
    region: Region, october: dict[str, Person], community: Community
) -> None:
    # The community figures (donations, grants, hours, needs) are among them.
    period = refreshed()
    assert facts_of(region.county, OCTOBER)["volunteer_hours"] == Decimal("13.0")

    for unit in OrgUnit.objects.all():
        live = month_figures(unit, period)
        stored = facts_of(unit, OCTOBER)
        for name, value in live.items():
            if name == "persons_by_category":
                for code, count in value.items():
                    assert stored.get(f"persons.{code}", 0) == count, (unit.name, code)
            elif isinstance(value, int | Decimal):
                assert stored.get(name, 0) == value, (unit.name, name)


def test_a_parent_is_the_sum_of_its_children_down_a_four_level_tree(
    region: Region, october: dict[str, Person]
) -> None:
    # Given a school under a village of 冷碛镇, one level deeper than the fixture's units
    deep_school = factories.org_unit(parent=region.ganlusi, kind=OrgKind.SCHOOL, name="甘露寺村小")
    with on(date(2026, 9, 3)):
        pupil(deep_school, "辛", categories=(Category.LEFT_BEHIND,))

    refreshed()

    # Then every unit's figure is the persons it manages itself plus its children's
    # figures, and the top is everybody on file on 31 October.
    units = list(OrgUnit.objects.all())
    facts = facts_by_unit(units, OCTOBER, ["persons_total"])
    on_file = Person.objects.filter(created_at__lt=datetime(2026, 11, 1, tzinfo=SHANGHAI)).exclude(
        archived_at__lt=datetime(2026, 11, 1, tzinfo=SHANGHAI)
    )
    for unit in units:
        own = on_file.filter(org_unit=unit).count()
        below = sum(facts[c.pk].get("persons_total", 0) for c in units if c.parent_id == unit.pk)
        assert facts[unit.pk].get("persons_total", 0) == own + below, unit.name
    assert facts[region.province.pk]["persons_total"] == on_file.count() == 6
    assert facts[region.ganlusi.pk]["persons_total"] == 2  # 乙 and 辛
    assert facts[region.lengqi.pk]["persons_total"] == 5
    assert facts[region.county.pk]["persons_total"] == facts[region.province.pk]["persons_total"]


def test_a_refresh_replaces_the_month_and_stores_no_zeros(
    region: Region, october: dict[str, Person]
) -> None:
    refreshed()
    first = Fact.objects.filter(month=OCTOBER).count()
    refreshed()

    assert Fact.objects.filter(month=OCTOBER).count() == first
    assert not Fact.objects.filter(value=0).exists()
    assert not Fact.objects.filter(month=date(2026, 11, 1)).exists()


def test_the_command_refreshes_this_and_last_month(
    region: Region, october: dict[str, Person]
) -> None:
    out = io.StringIO()
    with on(TODAY):
        call_command("refresh_facts", stdout=out)

    written = json.loads(out.getvalue())["facts"]
    assert set(written) == {"2026-10", "2026-11"}
    assert written["2026-10"] == Fact.objects.filter(month=OCTOBER).count() > 0


def test_reading_facts_for_many_units_is_one_query(
    region: Region, october: dict[str, Person], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    refreshed()
    units = list(OrgUnit.objects.all())
    with django_assert_num_queries(1):
        facts_by_unit(units, OCTOBER, ["talks"])
