"""The monthly bulletin's overdue rectifications: the subtree's findings not rectified by
their deadline as of the bulletin's day (its publication, or today for a draft), with the
unit, the finding, the deadline and the days; a published bulletin keeps them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from guanai.accounts.models import User
from guanai.governance.supervision import overdue_on, rectification_accept
from guanai.reports import bulletins
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.governance import supervision_support as s
from tests.support.queries import assert_num_queries

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)
VISIT = date(2026, 10, 1)
PUBLISHED = date(2026, 11, 20)


def test_the_bulletin_lists_what_was_overdue_on_its_day(
    region: Region, county_leader: User
) -> None:
    p = s.people(region)
    with on(VISIT):
        visit = s.recorded(region, p.county_worker, VISIT)
        # A visit to 兴隆镇 whose finding is reported in time.
        other = s.recorded(region, p.county_worker, VISIT, inspected=region.xinglong, findings=[])
    assert other.rectifications.count() == 0
    first = s.first(visit)  # 冷碛镇, deadline 10-11: reported in time
    second = visit.rectifications.exclude(pk=first.pk).get()  # 甘露寺村, deadline 10-21
    with on(date(2026, 10, 9)):
        first = s.reported(p.lengqi_worker, first)
    with on(PUBLISHED):
        bulletin = bulletins.bulletin_open(
            acting_user=county_leader, unit=region.county, month=OCTOBER
        )
        draft = bulletins.overdue_rectifications(bulletin, PUBLISHED)
        assert [(row.unit, row.days) for row in draft] == [(region.ganlusi, 30)]
        bulletin = bulletins.bulletin_publish(
            acting_user=county_leader, bulletin=bulletin, version=bulletin.version
        )
    # Rectified after the bulletin was published: the bulletin still says what it said.
    with on(PUBLISHED + timedelta(days=2)):
        second = s.reported(p.lengqi_worker, second)
        rectification_accept(p.county_worker, second, version=second.version)
    later = PUBLISHED + timedelta(days=10)
    with on(later):
        rows = bulletins.overdue_rectifications(bulletin, later)
        assert [(row.rectification.pk, row.days) for row in rows] == [(second.pk, 30)]
        page = logged_in(county_leader).get(f"/reports/bulletins/{bulletin.pk}/")
        text = page.content.decode()
        section = text.split('data-testid="overdue-rectifications"')[1]
        assert f'data-rectification="{second.pk}"' in section
        assert "甘露寺村台账不全" in section
        assert 'data-days="30"' in section
        # The township reads the published bulletin, through the API too.
        answer = Client().get(
            f"/api/reports/bulletins/{bulletin.pk}", headers=bearer(p.lengqi_worker)
        )
        assert answer.status_code == 200
        assert answer.json()["overdue_as_of"] == f"{PUBLISHED:%Y-%m-%d}"
        assert [r["days_overdue"] for r in answer.json()["overdue_rectifications"]] == [30]
    # A draft of another month, read today, finds nothing overdue any more.
    with on(later):
        november = bulletins.bulletin_open(
            acting_user=county_leader, unit=region.county, month=date(2026, 11, 1)
        )
        assert bulletins.overdue_rectifications(november, later) == []


@pytest.mark.parametrize("visits", [1, 25])
def test_the_section_costs_two_queries_whatever_its_length(region: Region, visits: int) -> None:
    p = s.people(region)
    with on(VISIT):
        for _ in range(visits):
            s.recorded(region, p.county_worker, VISIT)
    with assert_num_queries(2):
        rows = overdue_on(region.county, PUBLISHED)
    assert len(rows) == 2 * visits
