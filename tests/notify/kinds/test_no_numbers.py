"""No notification of any kind carries a person's ID or phone number (issue 22, point 4):
over random persons, with names, valid ID numbers and mobile numbers drawn at random, and
set up so that most kinds fire, no sentence (Chinese or English), name or parameter holds
the number or six digits in a row of it."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.care import rules as care_rules
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.core.idnumber import make_id
from guanai.notify import services
from guanai.notify.models import Notification
from guanai.registry.models import Category
from tests import factories
from tests.conftest import Region
from tests.notify.kinds.support import on, said
from tests.today import support

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 13)  # last month's reports fall due in two days

names = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=4
)
births = st.dates(min_value=date(2010, 1, 1), max_value=date(2018, 12, 31)).map(
    # A birthday in the coming week: the birthdays kind names the person.
    lambda d: d.replace(month=12, day=14 + d.day % 5)
)
id_numbers = st.builds(
    make_id,
    st.sampled_from(["513322", "110101", "440307", "510104"]),
    births,
    st.integers(min_value=0, max_value=999),
)
phones = st.builds(
    lambda second, rest: f"1{second}{rest:09d}",
    st.sampled_from("35789"),
    st.integers(min_value=0, max_value=10**9 - 1),
)


def _runs(number: str) -> set[str]:
    return {number[i : i + 6] for i in range(len(number) - 5)}


# The region and its people are made once; each example rolls its own rows back.
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names, id_number=id_numbers, phone=phones)
def test_no_kind_says_an_id_or_phone_number(
    region: Region,
    county_leader: User,
    township_worker: User,
    other_township_worker: User,
    name: str,
    id_number: str,
    phone: str,
) -> None:
    with transaction.atomic(), on(TODAY):
        care_rules.seed_default_rules(region.county)
        leader = factories.user(unit=region.lengqi, role=Role.LEADER)
        teacher = factories.user(unit=region.lengqi_school, role=Role.WORKER)
        child = factories.person(
            region.xinglong,
            name,
            id_number=id_number,
            phone=phone,
            categories=[Category.LEFT_BEHIND],
            since=date(2024, 9, 1),
        )
        support.transfer(other_township_worker, child, region.lengqi)
        # A child of the township, paired with the class teacher, born in the coming week.
        near = factories.person(
            region.lengqi,
            name,
            id_number=make_id("513322", date(2014, 12, 15), 9 if id_number[14:17] == "007" else 7),
            categories=[Category.LEFT_BEHIND],
        )
        pairing_start(
            acting_user=township_worker,
            person=near,
            helper=teacher,
            role=HelperRole.CLASS_TEACHER,
            started_on=TODAY - timedelta(days=30),
        )
        support.warning(near, raised_on=TODAY)
        support.risk_proposal(township_worker, near)

        counts = services.collect()
        fired = {code for code, n in counts.items() if n}
        assert {"transfer_to_accept", "care_due", "birthdays", "warnings_new"} <= fired
        assert {"risk_to_confirm", "report_due"} <= fired

        numbers = {id_number, phone, near.id_number}
        forbidden = set().union(*(_runs(n) for n in numbers))
        notifications = list(Notification.objects.all())
        assert leader.pk in {n.recipient_id for n in notifications}
        for notification in notifications:
            texts = [
                *said(notification),
                json.dumps(notification.names, ensure_ascii=False),
                json.dumps(notification.params, ensure_ascii=False),
            ]
            for text in texts:
                digits = "".join(re.findall(r"\d+", text))
                assert not any(run in text for run in forbidden), (notification.kind, text)
                assert id_number not in digits and phone not in digits
        transaction.set_rollback(True)
