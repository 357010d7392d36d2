"""Overdue at its boundary, in Asia/Shanghai days: the deadline day is not overdue, the next
day is, even at 00:30 in Shanghai (16:30 UTC of the deadline day); a report sent by the
deadline and accepted later was rectified on time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from guanai.governance.models import Rectification
from guanai.governance.supervision import days_overdue, rectification_accept
from guanai.governance.supervision.timing import is_on_time, overdue_q
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.governance import supervision_support as s

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
VISIT = date(2026, 10, 1)
DEADLINE = VISIT + timedelta(days=10)  # the first finding's deadline


def at(day: date, hour: int, minute: int = 0) -> time_machine.travel:
    return time_machine.travel(
        datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI), tick=False
    )


def test_the_deadline_day_is_not_overdue_the_next_shanghai_day_is(region: Region) -> None:
    p = s.people(region)
    with on(VISIT):
        rectification = s.first(s.recorded(region, p.county_worker, VISIT))
    url = f"/governance/supervision/visits/{rectification.visit_id}/"
    with at(DEADLINE, 23, 30):
        today = timezone.localdate()
        assert today == DEADLINE
        assert days_overdue(rectification, today) is None
        assert not Rectification.objects.filter(overdue_q(today), pk=rectification.pk).exists()
        assert "data-overdue" not in logged_in(p.county_worker).get(url).content.decode()
    # Half past midnight in Shanghai is still the deadline day in UTC.
    with at(DEADLINE + timedelta(days=1), 0, 30):
        assert timezone.now().astimezone(ZoneInfo("UTC")).date() == DEADLINE
        today = timezone.localdate()
        assert days_overdue(rectification, today) == 1
        assert Rectification.objects.filter(overdue_q(today), pk=rectification.pk).exists()
        assert 'data-overdue="1"' in logged_in(p.county_worker).get(url).content.decode()


def test_a_report_sent_by_the_deadline_and_accepted_later_is_on_time(region: Region) -> None:
    p = s.people(region)
    with on(VISIT):
        visit = s.recorded(region, p.county_worker, VISIT)
    first = s.first(visit)
    second = visit.rectifications.exclude(pk=first.pk).get()
    with at(DEADLINE, 23, 50):
        first = s.reported(p.lengqi_worker, first)
    # The second is reported ten minutes past its deadline day.
    with at(second.deadline + timedelta(days=1), 0, 10):
        second = s.reported(p.lengqi_worker, second)
    with on(DEADLINE + timedelta(days=30)):
        # Waiting for the office is not the unit's delay: neither is overdue meanwhile.
        assert days_overdue(first, timezone.localdate()) is None
        first = rectification_accept(p.county_worker, first, version=first.version)
        second = rectification_accept(p.county_worker, second, version=second.version)
    assert first.rectified_on == DEADLINE
    assert is_on_time(first.status, first.deadline, first.rectified_on)
    assert second.rectified_on == second.deadline + timedelta(days=1)
    assert not is_on_time(second.status, second.deadline, second.rectified_on)
