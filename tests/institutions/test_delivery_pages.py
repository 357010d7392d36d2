"""The services pages: the month by type with the residents served none highlighted and
the follow-ups due, a clerk logging a session from the resident's page, a placement made
stable, who sees and changes what, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest

from guanai.accounts.models import Role
from guanai.institutions import delivery
from guanai.institutions.models import Placement, ServiceLog
from tests import factories
from tests.conftest import Region, logged_in
from tests.institutions.delivery_support import admit
from tests.institutions.support import TODAY, XINGLONG_HOME_CODE, Home, hire, home_in
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture
def home(region: Region) -> Home:
    return home_in(region.lengqi)


def attrs(page: str, testid: str, name: str) -> list[str]:
    return re.findall(rf'data-testid="{testid}"[^>]*?data-{name}="([^"]*)"', page, re.S)


def test_the_month_shows_types_totals_residents_without_service_and_follow_ups_due(
    home: Home,
) -> None:
    served = admit(home.institution, "安娜", started_on=date(2026, 10, 1))
    idle = admit(home.institution, "闲置", started_on=date(2026, 10, 1))
    for day, kind, minutes in [(2, "daily_care", 60), (3, "daily_care", 30), (4, "vocational", 90)]:
        delivery.service_log_add(
            acting_user=home.clerk,
            resident=served,
            on=date(2026, 11, day),
            type=kind,
            minutes=minutes,
        )
    late = delivery.placement_add(
        acting_user=home.clerk,
        resident=served,
        employer="泸定县茶厂",
        job="包装工",
        started_on=date(2026, 10, 1),
    )
    client = logged_in(home.clerk)
    page = client.get(f"/institutions/{home.unit.pk}/services/?month=2026-11").content.decode()
    rows = re.findall(r'data-type="(\w+)"\s+data-sessions="(\d+)"\s+data-minutes="(\d+)"', page)
    assert ("daily_care", "2", "90") in rows and ("vocational", "1", "90") in rows
    assert len(rows) == 7
    assert (
        'data-testid="total"\n              data-sessions="3"\n              data-minutes="180"'
        in page
    )
    residents = re.findall(
        r'data-resident="(\d+)"\s+data-sessions="(\d+)"\s+data-minutes="(\d+)"\s+data-served="(\w+)"',
        page,
    )
    assert residents == [(str(idle.pk), "0", "0", "no"), (str(served.pk), "3", "180", "yes")]
    assert 'data-testid="unserved-count"' in page
    # The job began on 10-01 and was never followed up: due 10-31, overdue today
    assert f'data-placement="{late.pk}"' in page
    assert 'data-due-on="2026-10-31"' in page and 'data-overdue="yes"' in page
    # A month as a clerk types it, and a month that is none
    other = client.get(f"/institutions/{home.unit.pk}/services/?month=2026年10月")
    assert other.status_code == 200
    assert 'data-served="no"' in other.content.decode().replace('data-served="yes"', "")
    bad = client.get(f"/institutions/{home.unit.pk}/services/?month=2026-13")
    assert bad.status_code == 400
    assert 'data-testid="month-error"' in bad.content.decode()


def test_a_clerk_logs_a_session_and_a_refusal_is_shown_beside_its_field(home: Home) -> None:
    resident = admit(home.institution)
    nurse = hire(home.institution, "陈护理", "nurse")
    client = logged_in(home.clerk)
    url = f"/institutions/residents/{resident.pk}/services/"
    form = client.get(url).content.decode()
    assert 'value="2026-12-06"' in form  # the day defaults to today
    assert re.search(rf'<option value="{nurse.pk}"\s*>陈护理', form)
    answer = client.post(
        url, {"on": "2026-12-06", "type": "motor_training", "minutes": "40", "staff": nurse.pk}
    )
    assert answer.status_code == 302
    saved = ServiceLog.objects.get()
    assert (saved.type, saved.minutes, saved.staff) == ("motor_training", 40, nurse)
    page = client.get(url).content.decode()
    assert f'data-log="{saved.pk}"' in page and 'data-minutes="40"' in page
    refused = client.post(url, {"on": "2026-08-01", "type": "self_care", "minutes": "30"})
    assert refused.status_code == 400
    assert re.search(
        r'id="id_on"[^>]*is-invalid|is-invalid[^>]*id="id_on"', refused.content.decode()
    )
    assert ServiceLog.objects.count() == 1
    # Taken back by the clerk
    assert client.post(f"/institutions/services/{saved.pk}/delete/").status_code == 302
    assert not ServiceLog.objects.exists()


def test_a_placement_is_recorded_followed_up_and_made_stable(home: Home) -> None:
    resident = admit(home.institution)
    coach = hire(home.institution, "刘就业", "employment")
    hire(home.institution, "护理员", "caregiver")
    client = logged_in(home.clerk)
    form = client.get(f"/institutions/residents/{resident.pk}/services/").content.decode()
    coaches = re.findall(r'name="placement-coach".*?</select>', form, re.S)[0]
    assert "刘就业" in coaches and "护理员" not in coaches
    answer = client.post(
        f"/institutions/residents/{resident.pk}/placements/",
        {
            "placement-employer": "泸定县茶厂",
            "placement-job": "包装工",
            "placement-started_on": "2026-11-01",
            "placement-coach": coach.pk,
            "placement-follow_up_days": "30",
        },
    )
    job = Placement.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/institutions/placements/{job.pk}/"
    page = client.get(f"/institutions/placements/{job.pk}/").content.decode()
    assert 'data-due-on="2026-12-01"' in page and 'data-overdue="yes"' in page
    stable = client.post(
        f"/institutions/placements/{job.pk}/follow-ups/",
        {"f-on": "2026-12-06", "f-note": "工作稳定，雇主满意", "f-staff": coach.pk, "stable": "1"},
    )
    assert stable.status_code == 302
    job.refresh_from_db()
    assert job.stable_on == TODAY
    page = client.get(f"/institutions/placements/{job.pk}/").content.decode()
    assert 'data-testid="follow-up-form"' not in page and 'data-testid="next-due"' not in page
    month = client.get(f"/institutions/{home.unit.pk}/services/").content.decode()
    assert f'data-placement="{job.pk}"' not in month
    ended = client.post(
        f"/institutions/placements/{job.pk}/end/",
        {"version": job.version, "end-ended_on": "2026-12-06", "end-reason": "工厂停产"},
    )
    assert ended.status_code == 302
    job.refresh_from_db()
    assert job.end_reason == "工厂停产"


def test_who_sees_and_changes_the_services(region: Region, home: Home) -> None:
    resident = admit(home.institution)
    saved = delivery.service_log_add(
        acting_user=home.clerk, resident=resident, on=TODAY, type="daily_care", minutes=30
    )
    job = delivery.placement_add(
        acting_user=home.clerk,
        resident=resident,
        employer="茶厂",
        job="包装工",
        started_on=date(2026, 11, 1),
    )
    other = home_in(region.xinglong, name="兴隆镇日间照料中心", code=XINGLONG_HOME_CODE)
    outsider = logged_in(other.clerk)
    reads = [
        f"/institutions/{home.unit.pk}/services/",
        f"/institutions/residents/{resident.pk}/services/",
        f"/institutions/placements/{job.pk}/",
    ]
    writes = [
        f"/institutions/residents/{resident.pk}/services/",
        f"/institutions/residents/{resident.pk}/placements/",
        f"/institutions/services/{saved.pk}/delete/",
        f"/institutions/placements/{job.pk}/follow-ups/",
        f"/institutions/placements/{job.pk}/end/",
    ]
    for url in reads:
        assert outsider.get(url).status_code == 404, url
    for url in writes:
        assert outsider.post(url, {}).status_code == 404, url
    viewer = logged_in(factories.user(unit=region.county, role=Role.VIEWER))
    for url in reads:
        assert viewer.get(url).status_code == 200, url
    assert 'data-testid="log-form"' not in viewer.get(reads[1]).content.decode()
    for url in writes:
        assert viewer.post(url, {}).status_code == 403, url
    helper = logged_in(factories.user(unit=home.unit, role=Role.HELPER))
    for url in reads:
        assert helper.get(url).status_code == 403, url
    assert ServiceLog.objects.count() == 1


def test_the_pages_run_as_many_queries_for_fifty_residents_as_for_one(home: Home) -> None:
    client = logged_in(home.clerk)
    first = admit(home.institution, "第一", started_on=date(2026, 11, 1))
    nurse = hire(home.institution, "陈护理", "nurse")

    def serve(resident: object) -> None:
        delivery.service_log_add(
            acting_user=home.clerk,
            resident=resident,  # type: ignore[arg-type]
            on=TODAY,
            type="daily_care",
            minutes=30,
            staff=nurse,
        )
        delivery.placement_add(
            acting_user=home.clerk,
            resident=resident,  # type: ignore[arg-type]
            employer="茶厂",
            job="包装工",
            started_on=date(2026, 11, 1),
        )

    serve(first)
    month = f"/institutions/{home.unit.pk}/services/"
    mine = f"/institutions/residents/{first.pk}/services/"
    client.get(month)
    with count_queries() as one:
        client.get(month)
        client.get(mine)
    for n in range(49):
        resident = admit(home.institution, f"住{n}", started_on=date(2026, 11, 1))
        serve(resident)
        delivery.service_log_add(
            acting_user=home.clerk, resident=first, on=TODAY, type="self_care", minutes=5
        )
    with count_queries() as fifty:
        page = client.get(month).content.decode()
        mine_page = client.get(mine).content.decode()
    assert page.count('data-testid="resident"') == 50
    assert page.count('data-testid="due"') == 50
    assert mine_page.count('data-testid="log"') == 50
    assert_same_query_count(one, fifty)
