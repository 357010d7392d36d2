"""The deadline form of the month page reaches its view (found by tests/test_route_scoping.py).

``monthly/<int:unit>/deadline/`` was listed after ``monthly/<int:unit>/<str:month>/``, which
took ``deadline`` for a month and answered 404: a leader's deadline was never saved.
"""

from __future__ import annotations

from guanai.accounts.models import Role
from guanai.reports.models import ReportDeadline
from tests import factories
from tests.conftest import Region, logged_in


def test_a_leader_sets_the_deadline_for_the_units_below(region: Region) -> None:
    leader = factories.user(unit=region.lengqi, role=Role.LEADER)

    answer = logged_in(leader).post(
        f"/reports/monthly/{region.lengqi.pk}/deadline/", {"day": "20", "month": "2026-10"}
    )

    assert answer.status_code == 302
    assert answer["Location"] == f"/reports/monthly/{region.lengqi.pk}/2026-10/"
    setting = ReportDeadline.objects.get(org_unit=region.lengqi)
    assert (setting.day, setting.set_by) == (20, leader)


def test_another_townships_leader_gets_404_and_nothing_is_saved(region: Region) -> None:
    outsider = factories.user(unit=region.xinglong, role=Role.LEADER)

    answer = logged_in(outsider).post(
        f"/reports/monthly/{region.lengqi.pk}/deadline/", {"day": "20"}
    )

    assert answer.status_code == 404
    assert not ReportDeadline.objects.exists()
