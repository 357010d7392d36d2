"""The county of the load test (``load.py``): its sizes, and the data and accounts it needs.

The persons, pairings and care records come from the care benchmark's builder
(``care_data.load``: COPY on PostgreSQL, ``executemany`` on SQLite). On top of them:

* the accounts that log in, all with the password ``PASSWORD``: helpers (the builder's
  paired class teachers, spread over the county), clerks (two workers per township) and
  leaders (of the county);
* 40 schools named as the generated roster names them (``roster_data``), so that the
  imports during the run place their children;
* one person in twenty a scattered orphan and the county's rate for it, so that the payment
  roll generated during the run has lines;
* last month's facts (the dashboards) and the early warnings (the leaders' review page), as
  the nightly jobs would have left them.

``build`` returns the *plan* that the Locust users read (``LOAD_PLAN``): who logs in as
what, and which persons, townships and month their pages name.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

PASSWORD = "Load-test-2026"  # noqa: S105 - accounts of a throwaway database
PREFIX = "load"


@dataclass(frozen=True)
class Size:
    """One size of the load test: the data, the users and the background work."""

    name: str
    engine: str  # "postgresql" or "sqlite"
    persons: int
    records: int
    helpers: int
    clerks: int
    leaders: int
    import_rows: int  # each of the two roster imports
    minutes: float  # the steady run


SIZES = {
    "county": Size("county", "postgresql", 100_000, 2_000_000, 300, 40, 10, 5_000, 10),
    "small": Size("small", "sqlite", 20_000, 400_000, 300, 40, 10, 5_000, 10),
    "tiny": Size("tiny", "sqlite", 2_000, 20_000, 12, 4, 2, 500, 1.5),
}


def _accounts(size: Size, loaded: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Give the accounts their password and roles; return them for the plan."""
    from django.contrib.auth.hashers import make_password

    from guanai.accounts.models import Membership, Role, User
    from guanai.care.models import Pairing
    from guanai.orgs.models import OrgKind
    from guanai.registry.models import Person

    # One hash for all: hashing 350 passwords with Argon2 would take minutes.
    password = make_password(PASSWORD)
    county = loaded["county"]
    helpers_all = loaded["users"]
    step = max(1, len(helpers_all) // size.helpers)
    chosen = helpers_all[::step][: size.helpers]
    User.objects.filter(pk__in=[u.pk for u in chosen]).update(password=password)
    helpers = []
    for user in chosen:
        persons = list(
            Pairing.objects.filter(helper=user)
            .order_by("person_id")
            .values_list("person_id", flat=True)
        )
        helpers.append({"username": user.username, "persons": persons})

    townships = list(county.children.filter(kind=OrgKind.TOWNSHIP).order_by("path"))
    staff = []
    for n in range(size.clerks + size.leaders):
        clerk = n < size.clerks
        staff.append(
            User(
                username=f"{PREFIX}_{'clerk' if clerk else 'leader'}{n:03d}",
                full_name=f"{'办事员' if clerk else '负责人'}{n}",
                password=password,
                must_change_password=False,
            )
        )
    User.objects.bulk_create(staff)
    clerks, leaders, memberships = [], [], []
    for n, user in enumerate(
        User.objects.filter(username__startswith=f"{PREFIX}_").order_by("username")
    ):
        if user.username.startswith(f"{PREFIX}_clerk"):
            township = townships[n % len(townships)]
            memberships.append(Membership(user=user, org_unit=township, role=Role.WORKER))
            persons = list(
                Person.objects.filter(org_unit__path__startswith=township.path)
                .order_by("pk")
                .values_list("pk", flat=True)[:300]
            )
            clerks.append({"username": user.username, "township": township.pk, "persons": persons})
        else:
            memberships.append(Membership(user=user, org_unit=county, role=Role.LEADER))
            leaders.append({"username": user.username})
    Membership.objects.bulk_create(memberships)
    return {"helpers": helpers, "clerks": clerks, "leaders": leaders}


def _payable(persons: int) -> int:
    """Make one person in twenty a scattered orphan with a county rate; return how many."""
    from datetime import date

    from guanai.benefits.models import PolicyRate
    from guanai.core.bulk import insert_rows
    from guanai.orgs.models import OrgUnit
    from guanai.registry.models import PersonCategory

    insert_rows(
        PersonCategory,
        [
            {
                "person": n,
                "category": "orphan",
                "started_on": date(2024, 1, 1),
                "details": {"support": "scattered"},
            }
            for n in range(1, persons + 1, 20)
        ],
    )
    county = OrgUnit.objects.get(code="513322")
    PolicyRate.objects.create(
        item="orphan_scattered", org_unit=county, effective_from=date(2024, 1, 1), amount="650"
    )
    return len(range(1, persons + 1, 20))


def build(size: Size) -> dict[str, Any]:
    """Build the county of ``size`` in the migrated, empty database; return the plan."""
    import care_data
    import roster_data
    from django.db import connection
    from django.utils import timezone

    from guanai.care.warnings import detect
    from guanai.core.months import month_label
    from guanai.orgs.models import OrgKind
    from guanai.orgs.services import org_unit_create
    from guanai.reports.facts import facts_refresh
    from guanai.reports.figures import month_starting
    from guanai.reports.views_common import last_month

    timings: dict[str, float] = {}
    today = timezone.localdate()
    start = time.perf_counter()
    loaded = care_data.load(today, persons=size.persons, records=size.records)
    timings["persons and care records"] = time.perf_counter() - start
    start = time.perf_counter()
    accounts = _accounts(size, loaded)
    county = loaded["county"]
    for n in range(roster_data.SCHOOLS):
        org_unit_create(
            parent=county, kind=OrgKind.SCHOOL, name=roster_data.school_name(n), code=""
        )
    orphans = _payable(size.persons)
    timings["accounts, schools, rates"] = time.perf_counter() - start
    start = time.perf_counter()
    detect(county, today=today)
    timings["early warnings (nightly job)"] = time.perf_counter() - start
    month = last_month()
    start = time.perf_counter()
    facts_refresh(month_starting(month))
    timings["last month's facts (nightly job)"] = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "size": asdict(size),
        "password": PASSWORD,
        "county": county.pk,
        "county_code": county.code,
        "month": month_label(month),
        "orphans": orphans,
        "build_seconds": timings,
        **accounts,
    }
