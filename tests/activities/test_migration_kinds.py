"""Migration 0002 moves the plan items' own kind codes to the events' list and back."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guanai.orgs.models import OrgKind
from tests import factories

BEFORE = [("activities", "0001_initial")]
AFTER = [("activities", "0002_kinds_plan_items_series")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_plan_item_kinds_move_to_the_events_codes_and_back() -> None:
    county = factories.org_unit(parent=None, kind=OrgKind.COUNTY, name="泸定县", code="513322")
    school = factories.org_unit(parent=county, kind=OrgKind.SCHOOL, name="中心小学")
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        plan = old.get_model("activities", "ActivityPlan").objects.create(
            org_unit_id=school.pk, school_year=2026, title="关爱活动方案"
        )
        PlanItem = old.get_model("activities", "PlanItem")
        for kind in ("festival_show", "visit_outing", "lecture"):
            PlanItem.objects.create(plan=plan, month="2026-09-01", title=kind, kind=kind)

        new = _migrate(AFTER)
        kinds = dict(new.get_model("activities", "PlanItem").objects.values_list("title", "kind"))
        assert kinds == {"festival_show": "festival", "visit_outing": "visit", "lecture": "lecture"}

        back = _migrate(BEFORE)
        kinds = dict(back.get_model("activities", "PlanItem").objects.values_list("title", "kind"))
        assert kinds == {k: k for k in ("festival_show", "visit_outing", "lecture")}
    finally:
        MigrationExecutor(connection).migrate(leaves)
