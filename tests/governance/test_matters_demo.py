"""The practical-matters demo on the test region: the county's list for this year, half done
with evidence, one overdue; built once (a second run changes nothing)."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.governance.matters import counts_of, has_evidence, rows_of
from guanai.governance.models import MatterPhoto, MatterStatus, PracticalMatter
from guanai.ops.demo.governance_matters import PROMISES, build
from tests import factories
from tests.conftest import Region

pytest_plugins = ["tests.governance.matters_support"]


def test_the_countys_list_half_done_one_overdue(
    region: Region, county_leader: User, township_worker: User, media: Path
) -> None:
    principal = factories.user(unit=region.lengqi_school, role=Role.LEADER)
    today = timezone.localdate()
    build(region.county, today)
    build(region.county, today)  # once only

    matters = PracticalMatter.objects.filter(org_unit=region.county, year=today.year)
    assert matters.count() == len(PROMISES) == 8
    counts = counts_of(matters, today)
    assert counts.done == 4 and counts.in_progress == 2 and counts.planned == 2
    if today.timetuple().tm_yday > 1:  # on 1 January nothing of the year can be overdue
        assert counts.overdue == 1
        [late] = [r for r in rows_of(matters, today) if r.overdue]
        assert late.matter.lead_unit == region.lengqi and late.matter.owner == township_worker
    assert all(has_evidence(m) for m in matters.filter(status=MatterStatus.DONE))
    assert MatterPhoto.objects.count() == 6
    assert matters.filter(updates__link__startswith="/inkind/").exists()
    school = matters.get(title="建成心理辅导室")
    assert school.lead_unit == region.lengqi_school and school.owner == principal
    assert matters.get(title="为全县学校开通亲情电话").owner == county_leader
