"""Migration inkind 0003 moves the services' targets onto the work organisation's targets,
keeping what they said, and back."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guanai.accounts.models import Role
from guanai.governance.models import Target as GovernanceTarget
from guanai.inkind.catalogue import seeded
from guanai.orgs.models import OrgKind
from tests import factories

BEFORE = [("inkind", "0002_seed_services")]
AFTER = [("inkind", "0003_service_targets")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_service_targets_move_to_the_governance_targets_and_back() -> None:
    county = factories.org_unit(parent=None, kind=OrgKind.COUNTY, name="泸定县", code="513322")
    leader = factories.user(unit=county, role=Role.LEADER, username="gc_migration_leader")
    set_at = datetime(2025, 1, 6, 2, 0, tzinfo=UTC)
    archived = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        Old = old.get_model("inkind", "Target")
        Service = old.get_model("inkind", "Service")
        seeded.seed(Service)  # as the data migration did, should a browser test have emptied it
        every = Old.objects.create(
            org_unit_id=county.pk,
            service=Service.objects.get(code="housing_renovation"),
            title="三年内消除散居五保户危房",
            start_year=2025,
            end_year=2027,
            measure="all_served",
            note="篇八",
            created_by_id=leader.pk,
            version=3,
        )
        count = Old.objects.create(
            org_unit_id=county.pk,
            service=Service.objects.get(code="wheelchair"),
            title="三年适配轮椅30台",
            start_year=2024,
            end_year=2026,
            measure="count",
            goal=30,
            archived_at=archived,
        )
        Old.objects.filter(pk__in=[every.pk, count.pk]).update(created_at=set_at)

        new = _migrate(AFTER)
        Target = new.get_model("governance", "Target")
        rows = {t.title: t for t in Target.objects.all()}
        services = dict(
            new.get_model("inkind", "ServiceTarget").objects.values_list(
                "target__title", "service__code"
            )
        )
        assert services == {
            "三年内消除散居五保户危房": "housing_renovation",
            "三年适配轮椅30台": "wheelchair",
        }
        moved = rows["三年内消除散居五保户危房"]
        assert (moved.source, moved.value_kind, moved.direction) == (
            "inkind.all_served",
            "percent",
            "up",
        )
        assert (moved.base_year, moved.final_year, moved.baseline, moved.goal) == (
            2025,
            2027,
            Decimal(0),
            Decimal(100),
        )
        assert (moved.note, moved.created_by_id, moved.version) == ("篇八", leader.pk, 3)
        assert (moved.created_at, moved.archived_at) == (set_at, None)
        wheelchairs = rows["三年适配轮椅30台"]
        assert (wheelchairs.source, wheelchairs.value_kind, wheelchairs.goal) == (
            "inkind.count",
            "count",
            Decimal(30),
        )
        assert (wheelchairs.base_year, wheelchairs.archived_at) == (2024, archived)

        back = _migrate(BEFORE)
        again = {
            t.title: t for t in back.get_model("inkind", "Target").objects.select_related("service")
        }
        assert (again["三年适配轮椅30台"].measure, again["三年适配轮椅30台"].goal) == ("count", 30)
        restored = again["三年内消除散居五保户危房"]
        assert (restored.measure, restored.goal, restored.version) == ("all_served", None, 3)
        assert restored.service.code == "housing_renovation"
        assert restored.created_at == set_at
        # the real model reads the same table: nothing left there
        assert not GovernanceTarget.objects.exists()
    finally:
        MigrationExecutor(connection).migrate(leaves)
