"""The supervision demo on the test region: one rectified on time, one overdue, one reported
and awaiting the county's acceptance; built once."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.governance.models import RectificationStatus, Visit
from guanai.governance.supervision import days_overdue
from guanai.governance.supervision.timing import is_on_time
from guanai.ops.demo.governance_supervision import build
from tests.care.log_support import on
from tests.conftest import Region

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def test_the_demo_builds_two_visits_with_each_outcome(region: Region) -> None:
    with on(TODAY):
        build(region.county, TODAY)
        build(region.county, TODAY)  # once
    visits = list(Visit.objects.order_by("visited_on"))
    assert [v.inspected for v in visits] == [region.xinglong, region.lengqi]
    rows = {r.finding: r for v in visits for r in v.rectifications.all()}
    on_time = rows["3名留守儿童未落实结对帮扶人"]
    assert is_on_time(on_time.status, on_time.deadline, on_time.rectified_on)
    assert on_time.reports.get().photos.count() == 1
    overdue = rows["未建立贫困残疾人家庭走访台账"]
    assert days_overdue(overdue, TODAY) == 14
    awaiting = rows["兴隆镇中心小学特殊群体学生生日名单未更新"]
    assert awaiting.status == RectificationStatus.REPORTED
    assert awaiting.org_unit == region.xinglong_school
    # The township's monthly reports were never sent: the drawn line says so.
    assert visits[0].checks.filter(source="monthly_timeliness", verdict="issue").exists()
