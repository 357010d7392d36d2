"""The deaths list: a dead person's active file, their roll lines, the roll's approval."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from guanai.benefits.models import RollStatus
from guanai.benefits.rolls import roll_approve, roll_generate, roll_submit
from guanai.core.errors import ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus
from guanai.registry.services import person_archive
from tests.crosscheck.support import World, upload

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "死亡日期"]


def deaths(*people: tuple[str, str, str]) -> list[list[str]]:
    return [HEADER, *[list(p) for p in people]]


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def test_a_dead_person_on_an_open_roll_is_urgent_and_holds_the_roll(
    world: World, django_capture_on_commit_callbacks
) -> None:
    roll = roll_generate(
        acting_user=world.lengqi_worker, org_unit=world.region.lengqi, month=this_month()
    )
    assert roll.lines.filter(person=world.orphan).exists()
    died = this_month().isoformat()
    listed = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        deaths(("王小芳", world.orphan.id_number, died)),
    )
    assert (listed.rows, listed.matched, listed.rejected) == (1, 1, 0)
    kinds = set(Finding.objects.filter(person=world.orphan).values_list("kind", flat=True))
    assert kinds == {FindingKind.DEATH_ACTIVE_FILE, FindingKind.DEATH_ON_ROLL}
    assert listed.findings == {"death_active_file": 1, "death_on_roll": 1}
    roll = roll_submit(acting_user=world.lengqi_worker, roll=roll, version=roll.version)
    with pytest.raises(ValidationFailed, match="王小芳"):
        roll_approve(acting_user=world.lengqi_leader, roll=roll, version=roll.version)
    roll.refresh_from_db()
    assert roll.status == RollStatus.SUBMITTED


def test_archiving_and_generating_again_closes_the_findings(
    world: World, django_capture_on_commit_callbacks
) -> None:
    roll = roll_generate(
        acting_user=world.lengqi_worker, org_unit=world.region.lengqi, month=this_month()
    )
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        deaths(("王小芳", world.orphan.id_number, this_month().isoformat())),
    )
    with django_capture_on_commit_callbacks(execute=True):
        person_archive(acting_user=world.lengqi_worker, person=world.orphan, reason="deceased")
    active = Finding.objects.get(kind=FindingKind.DEATH_ACTIVE_FILE)
    assert active.status == FindingStatus.FIXED
    assert active.fix_url.endswith(f"/persons/{world.orphan.pk}/")
    assert Finding.objects.get(kind=FindingKind.DEATH_ON_ROLL).status == FindingStatus.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        roll = roll_generate(
            acting_user=world.lengqi_worker, org_unit=world.region.lengqi, month=this_month()
        )
    assert Finding.objects.get(kind=FindingKind.DEATH_ON_ROLL).status == FindingStatus.FIXED
    roll = roll_submit(acting_user=world.lengqi_worker, roll=roll, version=roll.version)
    roll = roll_approve(acting_user=world.lengqi_leader, roll=roll, version=roll.version)
    assert roll.status == RollStatus.APPROVED


def test_a_leader_may_approve_a_held_roll_giving_the_reason(world: World) -> None:
    roll = roll_generate(
        acting_user=world.lengqi_worker, org_unit=world.region.lengqi, month=this_month()
    )
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        deaths(("王小芳", world.orphan.id_number, this_month().isoformat())),
    )
    roll = roll_submit(acting_user=world.lengqi_worker, roll=roll, version=roll.version)
    roll = roll_approve(
        acting_user=world.lengqi_leader,
        roll=roll,
        version=roll.version,
        override="公安名单有误，本人已到场核实",
    )
    assert roll.status == RollStatus.APPROVED
    entry = AccessLog.objects.get(action=AuditAction.ROLL_OVERRIDE)
    assert entry.detail["reason"] == "公安名单有误，本人已到场核实"
    assert "王小芳" in entry.detail["holds"][0]


def test_out_of_scope_persons_are_counted_never_found(world: World) -> None:
    listed = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        deaths(("周奶奶", world.other.id_number, "2025-01-01")),
    )
    assert (listed.matched, listed.out_of_scope, listed.not_found) == (0, 1, 0)
    assert not Finding.objects.exists()


def test_a_bad_row_is_refused_with_its_reason_and_matches_nothing(world: World) -> None:
    listed = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        deaths(
            ("王小芳", world.orphan.id_number, "2099-01-01"),
            (
                "孙明",
                world.healthy.id_number[:-1] + ("1" if world.healthy.id_number[-1] == "0" else "0"),
                "2025-01-01",
            ),
        ),
    )
    assert listed.rejected == 2 and listed.matched == 0
    assert {r["row"] for r in listed.rejects} == {2, 3}
    assert not Finding.objects.exists()
