"""The care kinds: the week's talks and visits to whoever is paired with persons, new
warnings and risk levels to the leaders of their units, and the coming week's birthdays of
the children paired with a teacher or helper. A second collect adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole
from guanai.notify.models import Notification
from tests import factories
from tests.conftest import Region
from tests.notify.kinds.support import collect, on, one, received, said
from tests.today import support

pytestmark = pytest.mark.django_db

# A Friday; the pupils of the support are born on 5 May, within the coming week.
FRIDAY = date(2026, 5, 1)


@pytest.fixture
def paired(
    region: Region, county_leader: User, township_worker: User, other_township_worker: User
) -> support.People:
    """A class teacher (a worker of the school) with two pupils, a helper with one; the
    ``school_helper`` fixture and the township's worker are paired with nobody."""
    with on(FRIDAY):
        people = support.people(region, county_leader, township_worker, other_township_worker)
        support.class_of(people, region, 2)
        support.pupils(
            township_worker, region.lengqi_school, people.helper, 1, HelperRole.SURROGATE_PARENT
        )
    return people


def test_care_due_reaches_the_paired_once_a_week(
    region: Region, paired: support.People, school_helper: User
) -> None:
    with on(FRIDAY):
        assert collect("care_due") == 2
        assert collect("care_due") == 0
    assert received("care_due") == {"teacher", "helper"}
    notification = one("care_due", "teacher")
    assert notification.key == "2026-W18"
    assert notification.link == reverse("care:worklist")
    due, overdue = notification.params["due"], notification.params["overdue"]
    assert notification.count == due + overdue > 0
    zh, en = said(notification)
    assert zh == f"本周谈心走访：{due}项待完成，{overdue}项已逾期。"
    assert en == f"Talks and visits this week: {due} due, {overdue} overdue."

    # The next week, one more each.
    with on(FRIDAY + timedelta(days=7)):
        assert collect("care_due") == 2
    assert Notification.objects.filter(kind="care_due", key="2026-W19").count() == 2


def test_birthdays_reach_the_teacher_and_helper_of_the_children(
    region: Region, paired: support.People, school_helper: User, township_worker: User
) -> None:
    with on(FRIDAY):
        assert collect("birthdays") == 2
        assert collect("birthdays") == 0
    assert received("birthdays") == {"teacher", "helper"}
    notification = one("birthdays", "teacher")
    assert notification.count == 2
    assert len(notification.names) == 2
    assert notification.link == f"{reverse('activities:birthdays')}?month=2026-05"
    zh, en = said(notification)
    first, second = notification.names
    assert zh == f"未来一周有2名儿童过生日：{first}、{second}。"
    assert en == f"2 birthdays in the coming week: {first}, {second}."
    # A month before, nobody's birthday is in the coming week.
    with on(date(2026, 4, 1)):
        assert collect("birthdays") == 0


def test_new_warnings_and_risk_levels_reach_the_leaders_of_their_units(
    region: Region, paired: support.People, county_leader: User, township_worker: User
) -> None:
    factories.user(unit=region.lengqi, role=Role.LEADER, username="lq_leader")
    factories.user(unit=region.xinglong, role=Role.LEADER, username="xl_leader")
    with on(FRIDAY):
        pupil = support.class_of(paired, region, 1)[0]
        support.warning(pupil, raised_on=FRIDAY)
        # An older warning of 兴隆镇 is not new.
        other = factories.person(region.xinglong, "赵六", born=date(2014, 1, 1))
        support.warning(other, raised_on=FRIDAY - timedelta(days=2))
        support.risk_proposal(township_worker, pupil)

        assert collect("warnings_new") == 2
        assert collect("warnings_new") == 0
        assert collect("risk_to_confirm") == 2
        assert collect("risk_to_confirm") == 0

    for code in ("warnings_new", "risk_to_confirm"):
        assert received(code) == {"lq_leader", "county_leader"}
        assert one(code, "county_leader").count == 1
        assert one(code, "county_leader").key == "2026-05-01"
    assert one("warnings_new", "lq_leader").link == f"{reverse('care:warning_list')}?status=open"
    assert one("risk_to_confirm", "lq_leader").link == reverse("home")
    assert said(one("warnings_new", "lq_leader")) == (
        "有1条新预警待确认。",
        "1 new early warning to confirm.",
    )
    assert said(one("risk_to_confirm", "lq_leader")) == (
        "有1个新风险等级待确认。",
        "1 new risk level to confirm.",
    )

    # The next day, a new warning is notified again.
    with on(FRIDAY + timedelta(days=1)):
        support.warning(pupil, raised_on=FRIDAY + timedelta(days=1))
        assert collect("warnings_new") == 2
