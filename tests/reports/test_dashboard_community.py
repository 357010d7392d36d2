"""The dashboard's volunteers-and-giving card (issue 16, point 7): hours per group, the
months' donations and grants, the needs at the month's end; scoped; two queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports.dashboard import TOP_GROUPS, community_card
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import month_of
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.community_support import Community, groups_with_hours
from tests.reports.conftest import TODAY
from tests.support.queries import assert_num_queries

SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def refreshed(*months: str) -> None:
    for text in months:
        facts_refresh(month_of(text, today=TODAY))


def dashboard_html(user: User, unit: OrgUnit, month: str = "2026-11") -> str:
    with on(TODAY):
        response = logged_in(user).get(f"/reports/dashboard/{unit.pk}/{month}/", **EN)
    assert response.status_code == 200
    return response.content.decode()


def card_of(html: str) -> str:
    return html.split('data-card="community"')[1].split("</section>")[0]


def test_the_countys_card_holds_the_hours_the_months_and_the_needs(
    region: Region, community: Community, county_leader: User
) -> None:
    refreshed("2026-09", "2026-10", "2026-11")

    card = community_card(county_leader, region.county, NOV)

    assert card is not None
    # Hours confirmed from January to November, the most first: the association's 13 in
    # October; the youth team's 3, confirmed at 00:30 on 1 November.
    assert [(g.name, g.hours) for g in card.groups] == [
        ("泸定县志愿者协会", Decimal("13.0")),
        ("泸定县青年志愿者服务队", Decimal("3.0")),
    ]
    assert card.more_groups == 0
    months = {m.month: m for m in card.months}
    assert len(card.months) == 12 and card.months[-1].month == NOV
    assert (months[SEP].cash, months[SEP].in_kind, months[SEP].in_kind_value) == (
        Decimal("40"),
        2,
        Decimal("390"),
    )
    assert (months[OCT].cash, months[OCT].in_kind, months[OCT].grants) == (
        Decimal("1620.50"),
        4,
        Decimal("500"),
    )
    assert (months[NOV].cash, months[NOV].grants) == (Decimal("80"), Decimal("100"))
    assert not any(m.any for m in card.months[:-3])
    # At the end of November (the 20th so far): the stove open, the stools partly met; the
    # machines, the desk and the heater met.
    assert (card.needs_open, card.needs_partly_met, card.needs_met) == (1, 1, 3)


def test_a_townships_card_shows_the_hours_served_in_it_by_any_group(
    region: Region, community: Community, township_worker: User
) -> None:
    refreshed("2026-10", "2026-11")

    card = community_card(township_worker, region.lengqi, NOV)

    assert card is not None
    # 兴隆镇's 1.5 hours are not 冷碛镇's; the youth team served here, so it is listed.
    assert [(g.name, g.hours) for g in card.groups] == [
        ("泸定县志愿者协会", Decimal("11.5")),
        ("泸定县青年志愿者服务队", Decimal("3.0")),
    ]
    # The year's hours per group add up to the monthly figures of the fact table.
    monthly = sum(facts_of(region.lengqi, m).get("volunteer_hours", 0) for m in (OCT, NOV))
    assert card.hours == monthly == Decimal("14.5")
    assert (card.needs_open, card.needs_partly_met, card.needs_met) == (1, 0, 3)


def test_the_page_shows_the_card(region: Region, community: Community, county_leader: User) -> None:
    refreshed("2026-09", "2026-10", "2026-11")

    card = card_of(dashboard_html(county_leader, region.county))

    assert "Volunteer hours in 2026" in card
    association = card.split('data-group="泸定县志愿者协会"')[1].split("</tr>")[0]
    assert ">13</td>" in association
    youth = card.split('data-group="泸定县青年志愿者服务队"')[1].split("</tr>")[0]
    assert ">3</td>" in youth
    # Only the months with donations or grants are rows, oldest first.
    assert [part.split('"')[0] for part in card.split('data-month="')[1:]] == [
        "2026-09",
        "2026-10",
        "2026-11",
    ]
    october = card.split('data-month="2026-10"')[1].split("</tr>")[0]
    assert "¥1,620.50" in october and "¥12,800.00" in october and "¥500.00" in october
    assert 'data-needs="open">1<' in card
    assert 'data-needs="partly_met">1<' in card
    assert 'data-needs="met">3<' in card


def test_a_half_hour_is_shown(region: Region, community: Community, county_leader: User) -> None:
    card = card_of(dashboard_html(county_leader, region.lengqi, "2026-10"))
    association = card.split('data-group="泸定县志愿者协会"')[1].split("</tr>")[0]
    assert ">11.5</td>" in association


def test_a_volunteer_group_sees_its_own_hours_and_nothing_of_another_county(
    region: Region, community: Community
) -> None:
    # Given the association's own clerk, and a group of another county with its clerk
    association_clerk = factories.user(unit=community.group, role=Role.WORKER)
    other_county = factories.org_unit(
        parent=region.prefecture, kind=OrgKind.COUNTY, name="康定市", code="513301"
    )
    other_group = factories.org_unit(
        parent=other_county, kind=OrgKind.VOLUNTEER_GROUP, name="康定市志愿者协会"
    )
    other_clerk = factories.user(unit=other_group, role=Role.WORKER)
    refreshed("2026-10", "2026-11")

    # The association's page lists its own hours, wherever served, and no other group's
    card = card_of(dashboard_html(association_clerk, community.group))
    assert 'data-group="泸定县志愿者协会"' in card
    assert "泸定县青年志愿者服务队" not in card
    # The other county's group sees nothing of 泸定县, and may not open its pages
    card = card_of(dashboard_html(other_clerk, other_group))
    assert "泸定县" not in card
    assert 'data-none="hours"' in card and 'data-none="giving"' in card
    with on(TODAY):
        client = logged_in(other_clerk)
        for unit in (region.county, region.lengqi, community.group):
            assert client.get(f"/reports/dashboard/{unit.pk}/2026-11/").status_code == 404
    # And the card itself is refused for a unit the user does not read
    assert community_card(other_clerk, region.county, NOV) is None
    assert community_card(association_clerk, region.lengqi, NOV) is None


@pytest.mark.parametrize("groups", [1, 50])
def test_the_card_takes_two_queries_and_shows_the_first_ten_groups(
    region: Region, county_leader: User, groups: int
) -> None:
    groups_with_hours(region, groups)
    refreshed("2026-10")
    scoping.memberships(county_leader)  # read once per request, before the card

    with assert_num_queries(2):
        card = community_card(county_leader, region.county, OCT)

    assert card is not None
    assert len(card.groups) == min(groups, TOP_GROUPS)
    assert card.more_groups == max(groups - TOP_GROUPS, 0)
    hours = [g.hours for g in card.groups]
    assert hours == sorted(hours, reverse=True)
    assert hours[0] == Decimal(min(groups, 12))
