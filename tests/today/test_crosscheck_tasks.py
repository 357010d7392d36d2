"""The today page's cross-check tasks: a clerk's findings to resolve, and a class teacher's
paired child whom the school roll reports out of school."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from guanai.accounts.models import Role
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.today.sources import findings_to_resolve, school_findings
from tests import factories
from tests.conftest import Region
from tests.crosscheck.support import make_world, upload

pytestmark = pytest.mark.django_db


def test_a_worker_gets_the_findings_a_teacher_the_child_who_dropped_out(region: Region) -> None:
    world = make_world(region)
    today = timezone.localdate()
    teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER, username="cc_teacher")
    pairing_start(
        acting_user=world.lengqi_worker,
        person=world.child,
        helper=teacher,
        role=HelperRole.CLASS_TEACHER
        if hasattr(HelperRole, "CLASS_TEACHER")
        else HelperRole.VOLUNTEER,
        started_on=today - timedelta(days=30),
    )
    rows = [["姓名", "身份证号", "学籍状态"], ["陈留", world.child.id_number, "辍学"]]
    upload(world.lengqi_worker, region.lengqi, "school", rows)

    mine = school_findings(teacher, today)
    assert [t.subject for t in mine.tasks] == ["陈留"]
    assert mine.tasks[0].action_url.endswith(f"/persons/{world.child.pk}/")
    assert "辍学" in mine.tasks[0].detail

    work = findings_to_resolve(world.lengqi_worker, today)
    assert [t.subject for t in work.tasks] == ["陈留"]
    assert findings_to_resolve(world.xinglong_worker, today).tasks == []
    assert school_findings(world.lengqi_worker, today).tasks == []
    assert findings_to_resolve(teacher, today).tasks == []
