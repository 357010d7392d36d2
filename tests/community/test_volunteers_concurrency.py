"""Sign-up never passes the cap, even when coordinators sign up at the same moment.

Each coordinator is a process of its own on the test database (SQLite file, or PostgreSQL
on a run with DATABASE_URL), as gunicorn workers would be: the guard is the visit row read
under ``select_for_update`` in ``community.volunteers.visits.visit_sign_up``.
"""

from __future__ import annotations

from typing import Any

import pytest

from guanai.community.models import VisitRole
from tests.community.support import club_of, visit, volunteers
from tests.conftest import Region
from tests.ops.processes import released_together

SIGNERS = 4


def run_signers(arguments: list[list[str]]) -> list[dict[str, Any]]:
    return released_together("tests.community.visit_signer", arguments)


@pytest.mark.django_db(transaction=True)
def test_coordinators_signing_up_at_once_never_pass_the_cap(region: Region) -> None:
    # Given a visit for 12 volunteers and four coordinators' lists of 5 each
    club = club_of(region)
    trip = visit(region, club, cap=12)
    group = volunteers(club, 5 * SIGNERS)
    lists = [group[n * 5 : (n + 1) * 5] for n in range(SIGNERS)]

    # When the four sign their lists up at the same moment
    reports = run_signers(
        [
            [str(n), str(trip.pk), str(club.coordinator.pk), *(str(v.pk) for v in lists[n])]
            for n in range(SIGNERS)
        ]
    )

    # Then two lists are signed up whole and the other two refused, in so many words
    assert [r["error"] for r in reports] == [""] * SIGNERS
    assert sorted(r["signed"] for r in reports) == [0, 0, 5, 5]
    assert (
        sorted(r["refused"] for r in reports if r["refused"])
        == ["Only 2 places are left for 5 volunteers; nobody was signed up."] * 2
    )
    assert VisitRole.objects.filter(visit=trip).count() == 10
