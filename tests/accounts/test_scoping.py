"""Scoping: who sees which org units, users and data (DESIGN §5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import Http404

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import persons as scoping_persons
from guanai.registry import selectors
from tests.care.pairing_support import pair, pupils
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


# --- Person filters registered by the apps above accounts ----------------------------------


def test_scoping_names_no_app_above_it() -> None:
    modules = sorted(Path(scoping.__file__).parent.glob("*.py"))
    assert len(modules) > 1  # the package's __init__ and its modules, each read
    for module in modules:
        source = module.read_text(encoding="utf-8")
        assert "get_model" not in source, module.name
        assert "guanai.care" not in source, module.name
    assert "care.pairing" in scoping.person_filters()


def test_a_paired_person_is_read_by_the_helper_but_not_on_the_roster(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired_child, other_child = pupils(township_worker, region.lengqi_school, 2)
    pair(township_worker, paired_child, school_helper)

    # The helper reads the paired child through the filter care registered, nobody else.
    assert list(selectors.persons_visible(school_helper)) == [paired_child]
    assert selectors.access_person(school_helper, paired_child.pk) == paired_child
    with pytest.raises(Http404):
        selectors.access_person(school_helper, other_child.pk)

    # The roster-only variant leaves the pairing out: benefits are for the roster roles.
    assert not selectors.persons_on_roster(school_helper).exists()
    with pytest.raises(Http404):
        selectors.access_person_on_roster(school_helper, paired_child.pk)
    assert set(selectors.persons_on_roster(township_worker)) == {paired_child, other_child}


def test_an_unregistered_filter_gives_nobody(
    region: Region, township_worker: User, school_helper: User
) -> None:
    child = pupils(township_worker, region.lengqi_school, 1)[0]
    pair(township_worker, child, school_helper)
    saved = scoping.person_filters()
    # The registry lives in the module that asks it (the package re-exports public names).
    scoping_persons._person_filters.clear()
    try:
        assert not selectors.persons_visible(school_helper).exists()
    finally:
        scoping_persons._person_filters.update(saved)
    assert list(selectors.persons_visible(school_helper)) == [child]
