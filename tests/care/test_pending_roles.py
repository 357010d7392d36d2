"""A role waiting for approval (the two-person rule, issue 12) gives nothing in care work:
the account is not offered for pairing, cannot be paired, and may not edit plans."""

from __future__ import annotations

import pytest

from guanai.accounts import services
from guanai.accounts.models import MembershipStatus, Role, User
from guanai.care import pairing, plans
from guanai.care.pairing import CoverageFilter, helper_loads
from guanai.core.errors import DomainError
from tests.care.pairing_support import START, pupil
from tests.conftest import Region


@pytest.fixture
def requested_helper(region: Region, county_sysadmin: User) -> User:
    """A teacher whose helper role the system administrator asked for, not yet approved."""
    user, _password = services.account_create(
        acting_user=county_sysadmin,
        username="waiting_teacher",
        full_name="待批老师",
        org_unit=region.lengqi_school,
        role=Role.HELPER,
    )
    assert user.memberships.get().status == MembershipStatus.PENDING
    return user


def test_a_pending_helper_is_neither_offered_nor_paired(
    region: Region, township_worker: User, requested_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "王小明")

    offered = pairing.helpers_offered(township_worker, [child.org_unit])
    eligible = pairing.helpers_eligible([region.lengqi_school])
    loads = helper_loads(township_worker, CoverageFilter(unit=region.lengqi_school))

    assert requested_helper not in offered
    assert requested_helper not in eligible
    assert requested_helper.pk not in {u.pk for u in loads}
    with pytest.raises(DomainError):
        pairing.pairing_start(
            acting_user=township_worker,
            person=child,
            helper=requested_helper,
            role="subject_teacher",
            started_on=START,
        )


def test_an_approved_helper_is_offered(
    region: Region, township_worker: User, county_leader: User, requested_helper: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "王小明")
    services.membership_approve(
        acting_user=county_leader, membership=requested_helper.memberships.get()
    )

    assert requested_helper in pairing.helpers_offered(township_worker, [child.org_unit])


def test_a_pending_leader_is_no_plan_editor(
    region: Region, township_worker: User, county_sysadmin: User
) -> None:
    child = pupil(township_worker, region.lengqi_school, "王小明")
    user, _password = services.account_create(
        acting_user=county_sysadmin,
        username="waiting_worker",
        full_name="待批干事",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )

    assert user not in plans.responsible_candidates(child)
