"""Donations, grants, volunteer hours and needs of 泸定县 in October 2026, counted by hand.

Everything is made through the community services, each at the moment it happened (local
time in Shanghai), so that the dates the figures count by are the ones a clerk would
leave. What each unit's October and November figures are is written beside each row and
summed in ``OCTOBER_FIGURES`` / ``NOVEMBER_FIGURES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import time_machine

from guanai.accounts.models import Role, User
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import EventKind, EventStatus
from guanai.community import giving
from guanai.community.models import Volunteer, VolunteerVisit
from guanai.community.models.giving import CharityFund, Donation, Need
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    check_out,
    shifts_confirm_all,
    visit_open,
    visit_sign_up,
    volunteer_add,
)
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry.models import Person
from tests import factories
from tests.care.log_support import SHANGHAI
from tests.conftest import Region


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Travel to ``moment`` for the block (the clock stands still)."""
    with time_machine.travel(moment, tick=False):
        yield


def cash(unit_or_fund: OrgUnit | CharityFund, amount: str, moment: datetime) -> Donation:
    """Record a cash gift at ``moment``, dated the day the clerk records it (the default)."""
    fund = unit_or_fund if isinstance(unit_or_fund, CharityFund) else None
    unit = unit_or_fund if isinstance(unit_or_fund, OrgUnit) else None
    with at(moment):
        return giving.donation_record(
            acting_user=SYSTEM,
            data=giving.DonationData(
                donor_kind="person",
                donor_name="李明",
                kind="cash",
                destination="fund" if fund is not None else "unit",
                amount=amount,
            ),
            to=giving.Destined(fund=fund, org_unit=unit),
        )


def goods(
    moment: datetime,
    quantity: int,
    *,
    need: Need | None = None,
    unit: OrgUnit | None = None,
    value: str | None = None,
) -> Donation:
    """Record goods given at ``moment``; goods for a need are matched to it then."""
    with at(moment):
        return giving.donation_record(
            acting_user=SYSTEM,
            data=giving.DonationData(
                donor_kind="company",
                donor_name="泸定县某电器公司",
                kind="in_kind",
                destination="need" if need is not None else "unit",
                item="大容量洗衣机",
                quantity=quantity,
                measure="台",
                value=value,
            ),
            to=giving.Destined(need=need, org_unit=unit),
        )


def need(unit: OrgUnit, quantity: int, posted_on: date, item: str = "大容量洗衣机") -> Need:
    with at(local(posted_on, 9)):
        return giving.need_post(
            acting_user=SYSTEM,
            org_unit=unit,
            item=item,
            quantity=quantity,
            measure="台",
            posted_on=posted_on,
        )


def grant(fund: CharityFund, amount: str, day: date, *, to: OrgUnit | Person) -> None:
    """A grant made directly (the system acts as a leader): approved on ``day``."""
    with at(local(day, 10)):
        giving.grant_request(
            acting_user=SYSTEM,
            fund=fund,
            amount=amount,
            reason="临时救助",
            person=to if isinstance(to, Person) else None,
            org_unit=to if isinstance(to, OrgUnit) else None,
            on=day,
        )


def hosted_visit(
    group: OrgUnit, host: User, unit: OrgUnit, start: datetime, title: str
) -> VolunteerVisit:
    with at(start - timedelta(days=3)):
        event = event_create(
            acting_user=host,
            org_unit=unit,
            data=EventData(
                title=title,
                kind=EventKind.VOLUNTEER_VISIT,
                starts_at=start,
                ends_at=start + timedelta(hours=6),
                status=EventStatus.PUBLISHED,
            ),
        )
        return visit_open(acting_user=host, event=event, group=group, volunteer_cap=10)


def served(visit: VolunteerVisit, volunteer: Volunteer, start: datetime, end: datetime) -> None:
    """Sign the volunteer up, check them in at ``start`` and out at ``end``."""
    with at(start):
        visit_sign_up(acting_user=SYSTEM, visit=visit, volunteers=[volunteer])
        check_in(acting_user=SYSTEM, visit=visit, volunteer=volunteer, at=start)
    with at(end):
        check_out(acting_user=SYSTEM, visit=visit, volunteer=volunteer, at=end)


def confirmed(visit: VolunteerVisit, moment: datetime) -> None:
    with at(moment):
        shifts_confirm_all(acting_user=SYSTEM, visit=visit)


def groups_with_hours(region: Region, count: int) -> None:
    """Give ``count`` groups one confirmed shift each at 冷碛镇's school, 1 to ``count`` hours."""
    host = factories.user(unit=region.lengqi_school, role=Role.WORKER, username="many_host")
    day = date(2026, 10, 14)
    for n in range(count):
        group = factories.org_unit(
            parent=region.county, kind=OrgKind.VOLUNTEER_GROUP, name=f"第{n:02d}志愿服务队"
        )
        volunteer = volunteer_add(
            acting_user=SYSTEM,
            group=group,
            data=VolunteerData(name=f"队员{n}", joined_on=date(2024, 3, 1)),
        )
        visit = hosted_visit(group, host, region.lengqi_school, local(day, 8), f"走访{n}")
        served(visit, volunteer, local(day, 8), local(day, 9 + n % 12))
        confirmed(visit, local(day, 22))


@dataclass
class Community:
    group: OrgUnit
    other_group: OrgUnit
    county_fund: CharityFund
    lengqi_fund: CharityFund
    needs: dict[str, Need]


OCT, NOV, SEP = date(2026, 10, 1), date(2026, 11, 1), date(2026, 9, 1)


def build(region: Region) -> Community:
    """Make the rows; the comments say in which unit and month each one counts."""
    county, lengqi, school = region.county, region.lengqi, region.lengqi_school
    xinglong_school = region.xinglong_school

    # Funds: the county's and 冷碛镇's, each fed by a cash gift.
    with at(local(date(2026, 9, 1), 9)):
        county_fund = giving.fund_open(
            acting_user=SYSTEM, org_unit=county, name="泸定县慈善救助基金", opened_on=SEP
        )
        lengqi_fund = giving.fund_open(
            acting_user=SYSTEM, org_unit=lengqi, name="冷碛镇慈善救助基金", opened_on=SEP
        )
    # (A fund's ledger is written in date order.)
    cash(lengqi_fund, "40", local(date(2026, 9, 30), 23, 55))  # 冷碛镇, September
    grant(lengqi_fund, "10", date(2026, 9, 30), to=school)  # 冷碛镇, September
    cash(lengqi_fund, "1000", local(date(2026, 10, 1), 0, 5))  # 冷碛镇, Oct: ¥1,000
    cash(county_fund, "500", local(date(2026, 10, 3), 10))  # county, Oct: ¥500
    # The last day of October at 23:30 is October's; 00:30 on 1 November is November's.
    cash(school, "120.50", local(date(2026, 10, 31), 23, 30))  # 冷碛镇, Oct: ¥120.50
    cash(school, "80", local(date(2026, 11, 1), 0, 30))  # 冷碛镇, Nov: ¥80

    # Grants: approved when decided; a refused one and one decided in November are not
    # October's.
    with at(local(date(2026, 9, 1), 9)):
        child = factories.person(school, "张小花")
    grant(lengqi_fund, "300", date(2026, 10, 15), to=school)  # 冷碛镇, Oct: ¥300
    grant(county_fund, "200", date(2026, 10, 31), to=child)  # county (the fund's), Oct: ¥200
    worker = factories.user(unit=county, role=Role.WORKER, username="county_fund_worker")
    leader = factories.user(unit=county, role=Role.LEADER, username="county_fund_leader")
    with at(local(date(2026, 10, 25), 10)):
        late = giving.grant_request(
            acting_user=worker, fund=county_fund, amount="100", reason="助学", person=child
        )
        refused = giving.grant_request(
            acting_user=worker, fund=county_fund, amount="50", reason="慰问", person=child
        )
    with at(local(date(2026, 10, 27), 10)):
        giving.grant_decide(
            acting_user=leader, grant=refused, version=refused.version, approve=False, note="重复"
        )
    with at(local(date(2026, 11, 2), 10)):
        giving.grant_decide(acting_user=leader, grant=late, version=late.version, approve=True)
    # county, Nov: ¥100

    # Needs and goods: the washing machines of the school, met on 20 October; the stools of
    # 兴隆镇's school, half given; a desk of 冷碛镇 met in September; a stove still open.
    machines = need(school, 4, date(2026, 10, 2))
    stools = need(xinglong_school, 20, date(2026, 10, 2), item="餐凳")
    desk = need(lengqi, 1, date(2026, 9, 20), item="课桌")
    stove = need(lengqi, 5, date(2026, 10, 2), item="取暖炉")
    heater = need(school, 2, date(2026, 10, 5), item="热水器")
    goods(local(date(2026, 10, 10), 10), 2, need=machines, value="6000")  # 冷碛镇, Oct
    goods(local(date(2026, 10, 20), 10), 2, need=machines, value="6000")  # 冷碛镇, Oct: met
    goods(local(date(2026, 10, 12), 10), 10, need=stools)  # 兴隆镇, Oct, no value given
    goods(local(date(2026, 9, 28), 10), 1, need=desk, value="300")  # 冷碛镇, Sept: met
    goods(local(date(2026, 9, 30), 10), 3, unit=lengqi, value="90")  # 冷碛镇, September
    # The heater's second one comes at 00:30 on 1 November: met in November, not October.
    goods(local(date(2026, 10, 31), 23, 0), 1, need=heater, value="800")  # 冷碛镇, Oct
    goods(local(date(2026, 11, 1), 0, 30), 1, need=heater, value="800")  # 冷碛镇, Nov: met

    # Volunteer hours, by the host unit, in the month the host confirmed them.
    group = factories.org_unit(parent=county, kind=OrgKind.VOLUNTEER_GROUP, name="泸定县志愿者协会")
    other_group = factories.org_unit(
        parent=county, kind=OrgKind.VOLUNTEER_GROUP, name="泸定县青年志愿者服务队"
    )
    v = [
        volunteer_add(
            acting_user=SYSTEM,
            group=group,
            data=VolunteerData(name=name, joined_on=date(2024, 3, 1)),
        )
        for name in ("王芳", "李娜", "张伟")
    ]
    young = volunteer_add(
        acting_user=SYSTEM,
        group=other_group,
        data=VolunteerData(name="刘洋", joined_on=date(2024, 3, 1)),
    )
    school_host = factories.user(unit=school, role=Role.WORKER, username="school_host")
    xinglong_host = factories.user(unit=xinglong_school, role=Role.WORKER, username="xl_host")
    day = date(2026, 10, 14)
    first = hosted_visit(group, school_host, school, local(day, 9), "助残日走进特教学校")
    served(first, v[0], local(day, 9), local(day, 15))  # 6.0
    served(first, v[1], local(day, 9), local(day, 11, 15))  # 2.5
    confirmed(first, local(day, 16))  # 冷碛镇, Oct: 8.5
    night = date(2026, 10, 31)
    late_visit = hosted_visit(group, school_host, school, local(night, 20), "万圣夜陪伴")
    served(late_visit, v[0], local(night, 20), local(night, 23))  # 3.0
    confirmed(late_visit, local(night, 23, 30))  # 冷碛镇, Oct: 3.0 (23:30 on the 31st)
    after = hosted_visit(other_group, school_host, school, local(night, 21), "夜间巡访")
    served(after, young, local(night, 21), local(night, 23, 59))  # 3.0
    confirmed(after, local(date(2026, 11, 1), 0, 30))  # 冷碛镇, Nov: 3.0
    day = date(2026, 10, 20)
    away = hosted_visit(group, xinglong_host, xinglong_school, local(day, 9), "兴隆镇敬老院")
    served(away, v[2], local(day, 9), local(day, 10, 30))  # 1.5
    confirmed(away, local(day, 12))  # 兴隆镇, Oct: 1.5
    served(away, v[0], local(day, 13), local(day, 15))  # never confirmed: nowhere
    return Community(
        group=group,
        other_group=other_group,
        county_fund=county_fund,
        lengqi_fund=lengqi_fund,
        needs={"machines": machines, "stools": stools, "desk": desk, "stove": stove},
    )


ZERO = Decimal("0")
# unit → the October figures of its subtree.
OCTOBER_FIGURES = {
    "冷碛镇": {
        "donations_cash": Decimal("1120.50"),  # 1,000 to its fund + 120.50 to the school
        "donations_in_kind": 3,  # the machines twice, the heater's first
        "donations_in_kind_value": Decimal("12800.00"),
        "grants_paid": Decimal("300.00"),
        "volunteer_hours": Decimal("11.5"),
        "needs_met": 1,  # the machines
        "needs_open_end": 1,  # the stove
        "needs_partly_met_end": 1,  # the heater
        "needs_met_end": 2,  # the machines, the desk
    },
    "兴隆镇": {
        "donations_cash": ZERO,
        "donations_in_kind": 1,
        "donations_in_kind_value": ZERO,
        "grants_paid": ZERO,
        "volunteer_hours": Decimal("1.5"),
        "needs_met": 0,
        "needs_open_end": 0,
        "needs_partly_met_end": 1,  # the stools
        "needs_met_end": 0,
    },
    "泸定县": {
        "donations_cash": Decimal("1620.50"),
        "donations_in_kind": 4,
        "donations_in_kind_value": Decimal("12800.00"),
        "grants_paid": Decimal("500.00"),
        "volunteer_hours": Decimal("13.0"),
        "needs_met": 1,
        "needs_open_end": 1,
        "needs_partly_met_end": 2,
        "needs_met_end": 2,
    },
}
NOVEMBER_FIGURES = {
    "冷碛镇": {
        "donations_cash": Decimal("80.00"),
        "donations_in_kind": 1,
        "donations_in_kind_value": Decimal("800.00"),
        "grants_paid": ZERO,
        "volunteer_hours": Decimal("3.0"),
        "needs_met": 1,  # the heater, at 00:30 on the 1st
        "needs_open_end": 1,
        "needs_partly_met_end": 0,
        "needs_met_end": 3,
    },
    "泸定县": {
        "donations_cash": Decimal("80.00"),
        "donations_in_kind": 1,
        "donations_in_kind_value": Decimal("800.00"),
        "grants_paid": Decimal("100.00"),  # decided on 2 November
        "volunteer_hours": Decimal("3.0"),
        "needs_met": 1,
        "needs_open_end": 1,
        "needs_partly_met_end": 1,
        "needs_met_end": 3,
    },
}
