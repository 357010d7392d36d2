"""Scoping: who sees which org units, users and data (DESIGN §5)."""

from __future__ import annotations

import pytest
from django.http import Http404

from guanai.accounts import scoping
from guanai.accounts.models import User
from tests.conftest import Region


def test_township_worker_sees_own_subtree_only(region: Region, township_worker: User) -> None:
    visible = set(scoping.org_units_visible(township_worker))
    assert visible == {region.lengqi, region.ganlusi, region.lengqi_school}


def test_unit_of_other_township_is_404(region: Region, township_worker: User) -> None:
    with pytest.raises(Http404):
        scoping.access_org_unit(township_worker, region.xinglong_school.pk)


def test_sysadmin_sees_units_but_no_beneficiary_data(region: Region, county_sysadmin: User) -> None:
    assert region.lengqi_school in scoping.org_units_visible(county_sysadmin)
    assert not scoping.org_units_with_data(county_sysadmin).exists()
    assert not scoping.can_see_beneficiary_data(county_sysadmin)
