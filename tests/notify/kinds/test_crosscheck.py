"""New findings of a cross-check reach the leaders and workers of their unit, once a list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guanai.crosscheck.models import Finding
from tests.conftest import Region
from tests.crosscheck.support import make_world, upload
from tests.notify.kinds.support import collect, one, received, said

pytestmark = pytest.mark.django_db


def test_findings_reach_those_who_resolve_them(region: Region) -> None:
    world = make_world(region)
    rows = [["姓名", "身份证号", "学籍状态"], ["陈留", world.child.id_number, "辍学"]]
    checked = upload(world.lengqi_worker, region.lengqi, "school", rows)
    found = Finding.objects.filter(first_list=checked).count()
    assert found >= 1

    assert collect("crosscheck_findings") == 2
    assert collect("crosscheck_findings") == 0
    # Not the county's leader (冷碛镇 has its own), nor 兴隆镇's worker.
    assert received("crosscheck_findings") == {"cc_lq_leader", "cc_lq_worker"}
    notification = one("crosscheck_findings", "cc_lq_worker")
    assert notification.key == f"list:{checked.pk}"
    assert notification.count == found
    assert notification.link == reverse("crosscheck:index")
    zh, en = said(notification)
    assert zh == f"数据比对发现{found}个新问题待处理。"
    assert en.startswith(f"A cross-check found {found} new finding")
