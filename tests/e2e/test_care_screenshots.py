"""The care pages with the care demo loaded, at desktop and phone sizes: each is checked
(no console error, no serious axe violation) and saved as a screenshot."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from guanai.accounts.models import User
from guanai.care.models import AssistancePlan, Pairing, PlanStatus, PocketMoneyAccount
from guanai.ops.demo.care import demo_care
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_care_pages(new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str) -> None:
    assert demo_care(demo) > 1000
    teacher = new_tab(viewport)
    teacher.login("teacher")
    teacher.open("care:worklist")
    assert teacher.heading() == zh("This week's care work")
    teacher.shoot("care-worklist")
    mine = Pairing.objects.filter(helper__username="teacher", ended_on__isnull=True)
    pupil = mine.first()
    assert pupil is not None
    teacher.open("care:person_care", pupil.person_id)
    teacher.shoot("care-person")
    teacher.open("care:progress_archive", pupil.person_id)
    teacher.shoot("care-progress-archive")
    account = PocketMoneyAccount.objects.filter(keeper__username="teacher").first()
    assert account is not None
    teacher.open("care:ledger_detail", account.pk)
    teacher.shoot("care-ledger")
    teacher.open("care:evaluation_class")
    teacher.shoot("care-evaluations")

    worker = new_tab(viewport)
    worker.login("township_worker")
    worker.open("care:coverage")
    worker.shoot("care-coverage")

    leader = new_tab(viewport)
    leader.login("county_leader")
    leader.open("care:warning_list")
    assert leader.heading() == zh("Early warnings")
    leader.shoot("care-warnings")
    leader.open("care:plan_list")
    leader.shoot("care-plans")
    plan = AssistancePlan.objects.filter(status=PlanStatus.ACTIVE).first()
    assert plan is not None
    leader.open("care:plan_detail", plan.pk)
    leader.shoot("care-plan")
    leader.open("care:rules")
    leader.shoot("care-rules")

    helper = new_tab(viewport)
    helper.login("helper")  # lands on the work list
    assert User.objects.get(username="helper").pairings.exists()
    helper.shoot("care-worklist-helper")
