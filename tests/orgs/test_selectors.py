"""Org unit reads: subtrees by path range, ancestors, children, and the path index."""

from __future__ import annotations

import pytest
from django.db import connection

from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import (
    ancestors_of,
    children_with_counts,
    nearest_coded_ancestor,
    org_units_in_subtrees,
    subtree_q,
)
from tests import factories
from tests.conftest import Region
from tests.support.queries import assert_num_queries


def test_subtree_of_a_township(region: Region) -> None:
    with assert_num_queries(1):
        found = {u.name for u in org_units_in_subtrees([region.lengqi])}
    assert found == {"冷碛镇", "甘露寺村", "冷碛镇中心小学"}


def test_subtree_of_the_county(region: Region) -> None:
    found = {u.name for u in org_units_in_subtrees([region.county])}
    assert found == {
        "泸定县",
        "冷碛镇",
        "兴隆镇",
        "甘露寺村",
        "沈村",
        "冷碛镇中心小学",
        "兴隆镇中心小学",
        "泸定县民政局",
    }


def test_subtree_of_a_leaf_is_the_leaf(region: Region) -> None:
    assert list(org_units_in_subtrees([region.ganlusi])) == [region.ganlusi]


def test_subtrees_of_two_townships(region: Region) -> None:
    found = {u.name for u in org_units_in_subtrees([region.lengqi, region.xinglong])}
    assert found == {"冷碛镇", "甘露寺村", "冷碛镇中心小学", "兴隆镇", "沈村", "兴隆镇中心小学"}


def test_no_units_give_an_empty_subtree(region: Region) -> None:
    assert not org_units_in_subtrees([]).exists()
    assert not OrgUnit.objects.filter(subtree_q([])).exists()


def test_subtree_does_not_leak_into_later_siblings(region: Region) -> None:
    # Given a dozen townships with a school each, so that keys run past a power of ten
    townships = [
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"乡{n}")
        for n in range(12)
    ]
    for township in townships:
        factories.org_unit(parent=township, kind=OrgKind.SCHOOL, name=f"{township.name}小学")
    # Then each township's subtree is itself and its own school
    for township in townships:
        found = {u.name for u in org_units_in_subtrees([township])}
        assert found == {township.name, f"{township.name}小学"}


def test_subtree_q_filters_through_a_foreign_key(region: Region) -> None:
    # `children__path` reaches a unit through its children: the units with a child in 冷碛镇.
    parents = OrgUnit.objects.filter(subtree_q([region.lengqi], field="children__path"))
    assert set(parents.values_list("name", flat=True)) == {"泸定县", "冷碛镇"}


def test_ancestors_root_first_in_one_query(region: Region) -> None:
    with assert_num_queries(1):
        chain = ancestors_of(region.ganlusi)
    assert [u.name for u in chain] == ["四川省", "甘孜藏族自治州", "泸定县", "冷碛镇", "甘露寺村"]


def test_nearest_coded_ancestor(region: Region) -> None:
    assert nearest_coded_ancestor(None) is None
    assert nearest_coded_ancestor(region.lengqi) == region.lengqi
    assert nearest_coded_ancestor(region.lengqi_school) == region.lengqi
    assert nearest_coded_ancestor(region.office) == region.county


def test_children_with_counts(region: Region) -> None:
    children = list(children_with_counts(region.county, OrgUnit.objects.all()))
    assert {(u.name, u.child_count) for u in children} == {
        ("冷碛镇", 2),
        ("兴隆镇", 2),
        ("泸定县民政局", 0),
    }


def test_children_with_counts_keeps_to_the_visible_units(region: Region) -> None:
    visible = org_units_in_subtrees([region.lengqi])
    assert [u.name for u in children_with_counts(region.county, visible)] == ["冷碛镇"]


def _plan(sql: str, params: tuple[object, ...]) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test tables are tiny; forbid the sequential scan to see which index is chosen.
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute("EXPLAIN " + sql, params)
                return "\n".join(str(row[0]) for row in cursor.fetchall())
            finally:
                cursor.execute("RESET enable_seqscan")
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _path_indexes() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, OrgUnit._meta.db_table)
    return {
        name
        for name, info in constraints.items()
        if info["index"] and info["columns"] == ["path"] and not info["unique"]
    }


@pytest.mark.parametrize("unit", ["county", "lengqi", "ganlusi"])
def test_subtree_query_uses_the_path_index(region: Region, unit: str) -> None:
    indexes = _path_indexes()
    assert indexes, "orgs_orgunit.path has no index"
    sql, params = org_units_in_subtrees([getattr(region, unit)]).query.sql_with_params()
    plan = _plan(sql, params)
    assert any(name in plan for name in indexes), plan
    assert connection.vendor in {"sqlite", "postgresql"}
    # A range search on the index, not a walk of the whole index filtering every row.
    if connection.vendor == "sqlite":
        assert "SEARCH" in plan and "path>?" in plan, plan
    else:
        assert "Index Cond" in plan and "(path)::text >=" in plan, plan
