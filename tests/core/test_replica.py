"""The read replica (core.db_router), against a real PostgreSQL streaming replica.

The replica is a copy of the test cluster started for these tests (tests/support/replica.py).
Pausing its replay makes it lag on purpose: a row written on the primary after the pause is
missing there, which tells where each read went.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pytest
import time_machine
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.db_router import (
    COOKIE,
    REPLICA,
    ReadYourWritesMiddleware,
    forget_writes,
    replica_reads,
)
from guanai.core.months import month_label, this_month
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.reports.models import Fact
from guanai.sheets import export_jobs
from guanai.sheets.models import ExportJob
from tests.care.log_support import pupil
from tests.conftest import Region, logged_in
from tests.support.replica import Replica, postgres_only

pytestmark = [
    postgres_only(),
    # The replica sees only committed rows; one worker starts one replica for all.
    pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA]),
    pytest.mark.xdist_group("replica"),
]


def fact(unit: OrgUnit, value: int) -> Fact:
    return Fact.objects.create(
        org_unit=unit,
        month=this_month(),
        indicator="persons_total",
        value=Decimal(value),
        refreshed_at=timezone.now(),
    )


def dashboard_url(unit: OrgUnit) -> str:
    return f"/reports/dashboard/{unit.pk}/{month_label(this_month())}/"


def persons_shown(client: Client, unit: OrgUnit) -> Decimal | None:
    response = client.get(dashboard_url(unit))
    assert response.status_code == 200
    return response.context["board"].facts.get("persons_total")


def replica_tables(queries: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_the_replica_is_a_standby_of_the_test_database(replica: Replica) -> None:
    assert replica.sql("SELECT pg_is_in_recovery()") == [(True,)]
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT current_database(), pg_is_in_recovery()")
        assert cursor.fetchone() == (connections[REPLICA].settings_dict["NAME"], False)


def test_a_dashboard_reads_the_replica(
    region: Region, county_leader: User, replica: Replica
) -> None:
    client = logged_in(county_leader)
    replica.pause()
    fact(region.county, 7)  # on the primary only, until the replica replays again

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert persons_shown(client, region.county) is None
    assert "reports_fact" in replica_tables(on_replica)

    replica.resume()
    replica.catch_up()
    assert persons_shown(client, region.county) == 7


def test_pages_that_do_not_opt_in_read_the_primary(
    region: Region, county_leader: User, replica: Replica
) -> None:
    client = logged_in(county_leader)
    replica.pause()
    OrgUnit.objects.filter(pk=region.county.pk).update(name="泸定县（新）")

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get("/reports/targets/")  # the units whose targets one sets
    assert on_replica.captured_queries == []
    assert "泸定县（新）" in response.content.decode()


def test_writes_go_to_the_primary_and_later_reads_follow_them(
    region: Region, replica: Replica
) -> None:
    replica.pause()
    with replica_reads(), CaptureQueriesContext(connections[REPLICA]) as on_replica:
        county = OrgUnit.objects.get(pk=region.county.pk)
        assert county._state.db == REPLICA
        county.name = "泸定县（改）"
        county.save()  # read from the replica, saved to the primary
        fact(county, 3)
        after_the_write = Fact.objects.filter(org_unit=county).count()
    assert len(on_replica.captured_queries) == 1  # the read before the write

    assert after_the_write == 1  # the primary's row, which the replica has not replayed
    assert OrgUnit.objects.get(pk=county.pk).name == "泸定县（改）"
    assert replica.sql("SELECT count(*) FROM reports_fact") == [(0,)]


def test_a_request_that_writes_reads_its_write_from_the_primary(
    region: Region, county_leader: User, replica: Replica
) -> None:
    replica.pause()
    fact(region.county, 1)  # written by somebody else: not on the replica yet
    forget_writes()

    def counts(request: HttpRequest) -> HttpResponse:
        with replica_reads():
            before = Fact.objects.count()
            fact(region.xinglong, 2)
            after = Fact.objects.count()
        return JsonResponse({"before": before, "after": after})

    request = RequestFactory().get("/")
    response = ReadYourWritesMiddleware(counts)(request)

    # The read before the write came from the lagging replica; the one after, the primary.
    assert json.loads(response.content) == {"before": 0, "after": 2}
    assert COOKIE in response.cookies  # and the browser's next requests read the primary


def test_the_page_after_a_form_shows_what_it_saved(
    region: Region, county_leader: User, replica: Replica
) -> None:
    pupil(region.lengqi_school, "甲")
    replica.catch_up()
    client = logged_in(county_leader)
    replica.pause()
    assert persons_shown(client, region.county) is None  # no figures yet

    # 重新计算: the refresh writes the month's facts on the primary (tasks run at once).
    response = client.post(dashboard_url(region.county) + "refresh/", follow=True)

    assert response.status_code == 200
    assert response.context["board"].facts["persons_total"] == 1
    assert replica.sql("SELECT count(*) FROM reports_fact") == [(0,)]


def test_after_the_window_reads_go_back_to_the_replica(
    region: Region, county_leader: User, replica: Replica
) -> None:
    client = logged_in(county_leader)
    replica.pause()
    client.post(dashboard_url(region.county) + "refresh/")
    fact(region.county, 5)  # beside the refresh's rows, on the primary only
    window = settings.GUANAI_READ_YOUR_WRITES_SECONDS

    with time_machine.travel(timedelta(seconds=window - 2)):
        with CaptureQueriesContext(connections[REPLICA]) as inside:
            assert persons_shown(client, region.county) == 5
        assert inside.captured_queries == []
    with time_machine.travel(timedelta(seconds=window + 2)):
        with CaptureQueriesContext(connections[REPLICA]) as after:
            assert persons_shown(client, region.county) is None
        assert "reports_fact" in replica_tables(after)


def test_a_job_reads_the_primary_for_a_few_seconds_after_its_own_write(
    region: Region, replica: Replica
) -> None:
    replica.pause()
    fact(region.county, 4)  # this thread wrote: outside a request, a window of seconds

    with replica_reads():
        assert Fact.objects.count() == 1
    forget_writes()
    with replica_reads():
        assert Fact.objects.count() == 0  # the lagging replica
    replica.resume()
    replica.catch_up()
    with replica_reads():
        assert Fact.objects.count() == 1


def test_an_export_job_reads_the_replica_while_it_writes_its_progress(
    region: Region, township_worker: User, replica: Replica
) -> None:
    pupil(region.lengqi_school, "王早")
    replica.catch_up()
    replica.pause()
    pupil(region.lengqi_school, "王晚")  # on the primary only, until the replica replays again
    forget_writes()  # the test's own writes are not the job's
    job = export_jobs.create(
        user=township_worker, kind="roster", file_name="花名册.xlsx", total=2, params={}
    )

    def write(out: BinaryIO, progress: Callable[[int], None]) -> int:
        names = sorted(Person.objects.values_list("name", flat=True))
        progress(len(names))  # a write of the job's own row: it keeps the reads on the replica
        out.write("、".join(names).encode())
        return len(names)

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        export_jobs.run(job, write)
    assert "registry_person" in replica_tables(on_replica)
    assert Path(job.path).read_text() == "王早"
    assert ExportJob.objects.get(pk=job.pk).done == 1
