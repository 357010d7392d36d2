"""Org unit writes: placement and code rules, optimistic locking and subtree moves."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction

from guanai.core.errors import StaleEdit, ValidationFailed
from guanai.orgs.models import PATH_STEP, OrgKind, OrgUnit
from guanai.orgs.selectors import org_units_in_subtrees
from guanai.orgs.services import org_unit_create, org_unit_move, org_unit_update
from tests.conftest import Region


def block(unit: OrgUnit) -> str:
    return str(unit.pk).zfill(PATH_STEP)


def fresh(unit: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.get(pk=unit.pk)


def subtree_names(unit: OrgUnit) -> set[str]:
    return set(org_units_in_subtrees([fresh(unit)]).values_list("name", flat=True))


def assert_tree_consistent() -> None:
    """Every unit's path is its parent's path plus its own block, and its depth matches."""
    units = {u.pk: u for u in OrgUnit.objects.all()}
    for unit in units.values():
        parent = units.get(unit.parent_id) if unit.parent_id else None
        assert unit.path == (parent.path if parent else "") + block(unit), unit.name
        assert unit.depth == (parent.depth + 1 if parent else 0), unit.name


# --- creating ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_tree_gets_paths_depths_and_province() -> None:
    province = org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    prefecture = org_unit_create(
        parent=province, kind=OrgKind.PREFECTURE, name="甘孜藏族自治州", code="513300"
    )
    # A 12-digit county code and a full-width township code are stored in their short form.
    county = org_unit_create(
        parent=prefecture, kind=OrgKind.COUNTY, name=" 泸定县 ", code="513322000000"
    )
    township = org_unit_create(
        parent=county, kind=OrgKind.TOWNSHIP, name="冷碛镇", code="５１３３２２ １０１ ０００"
    )
    village = org_unit_create(
        parent=township, kind=OrgKind.VILLAGE, name="甘露寺村", code="513322101201"
    )
    school = org_unit_create(parent=township, kind=OrgKind.SCHOOL, name="冷碛镇中心小学")

    chain = [province, prefecture, county, township, village]
    for depth, unit in enumerate(chain):
        stored = fresh(unit)
        assert stored.depth == depth
        assert stored.path == "".join(block(u) for u in chain[: depth + 1])
        assert stored.province_code == "51"
        assert stored.version == 1
    assert fresh(county).name == "泸定县"
    assert fresh(county).code == "513322"
    assert fresh(township).code == "513322101000"
    stored_school = fresh(school)
    assert (stored_school.code, stored_school.depth, stored_school.province_code) == ("", 4, "51")
    assert stored_school.path == fresh(township).path + block(school)


@pytest.mark.parametrize(
    ("parent", "kind", "name", "code", "field", "message"),
    [
        (
            "ganlusi",
            OrgKind.COUNTY,
            "新县",
            "",
            "parent",
            "A County cannot be placed under a Village / community.",
        ),
        (
            "lengqi",
            OrgKind.TOWNSHIP,
            "新镇",
            "",
            "parent",
            "A Township cannot be placed under a Township.",
        ),
        (
            "lengqi_school",
            OrgKind.SCHOOL,
            "附属小学",
            "",
            "parent",
            "“冷碛镇中心小学” is a School; units can only be placed under a division.",
        ),
        (
            "office",
            OrgKind.OFFICE,
            "科室",
            "",
            "parent",
            "“泸定县民政局” is a Office; units can only be placed under a division.",
        ),
        (
            None,
            OrgKind.SCHOOL,
            "无上级小学",
            "",
            "parent",
            "Only an administrative division can be a top-level unit.",
        ),
        (
            "county",
            OrgKind.TOWNSHIP,
            "新镇",
            "513322101201",
            "code",
            "Code 513322101201 is not the code of a Township.",
        ),
        (
            "lengqi",
            OrgKind.VILLAGE,
            "新村",
            "513322103000",
            "code",
            "Code 513322103000 is not the code of a Village / community.",
        ),
        (
            "county",
            OrgKind.TOWNSHIP,
            "新镇",
            "513323101000",
            "code",
            "Code 513323101000 is not inside 513322, the code of the unit above.",
        ),
        (
            "lengqi",
            OrgKind.VILLAGE,
            "新村",
            "513322102202",
            "code",
            "Code 513322102202 is not inside 513322101000, the code of the unit above.",
        ),
        (
            "lengqi",
            OrgKind.SCHOOL,
            "新小学",
            "513322101201",
            "code",
            "Only administrative divisions have a division code; leave it empty.",
        ),
        (
            "county",
            OrgKind.TOWNSHIP,
            "另一个镇",
            "513322101000",
            "code",
            "Another unit already has the code 513322101000.",
        ),
        (
            "county",
            OrgKind.TOWNSHIP,
            "冷碛镇",
            "513322103000",
            "name",
            "“冷碛镇” already exists under this unit.",
        ),
        ("lengqi", OrgKind.SCHOOL, "冷碛镇中心小学", "", "name", None),
        ("county", OrgKind.TOWNSHIP, "   ", "", "name", "Enter the unit's name."),
        ("county", "street", "新街道", "", "kind", "Unknown kind of unit: street."),
        (
            "county",
            OrgKind.TOWNSHIP,
            "新镇",
            "51332210100X",
            "code",
            "A division code has 6 or 12 digits; “51332210100X” does not.",
        ),
    ],
)
def test_refused_unit_is_not_created(
    region: Region,
    parent: str | None,
    kind: str,
    name: str,
    code: str,
    field: str,
    message: str | None,
) -> None:
    before = set(OrgUnit.objects.values_list("pk", "name", "code", "path"))
    with pytest.raises(ValidationFailed) as caught:
        org_unit_create(
            parent=getattr(region, parent) if parent else None, kind=kind, name=name, code=code
        )
    assert caught.value.field == field
    if message is not None:
        assert str(caught.value.message) == message
    assert set(OrgUnit.objects.values_list("pk", "name", "code", "path")) == before


def test_code_is_checked_against_the_nearest_coded_ancestor(region: Region) -> None:
    # Given a township without a code under 泸定县
    uncoded = org_unit_create(parent=region.county, kind=OrgKind.TOWNSHIP, name="未编码镇")
    # When a village with another county's code is placed under it, it is refused
    with pytest.raises(ValidationFailed) as caught:
        org_unit_create(parent=uncoded, kind=OrgKind.VILLAGE, name="外县村", code="513323105201")
    assert "not inside 513322" in str(caught.value.message)
    assert not OrgUnit.objects.filter(name="外县村").exists()
    # And a village of 泸定县 is accepted
    village = org_unit_create(
        parent=uncoded, kind=OrgKind.VILLAGE, name="本县村", code="513322105201"
    )
    assert fresh(village).province_code == "51"


def test_same_name_under_different_parents_is_allowed(region: Region) -> None:
    first = org_unit_create(parent=region.lengqi, kind=OrgKind.KINDERGARTEN, name="中心幼儿园")
    second = org_unit_create(parent=region.xinglong, kind=OrgKind.KINDERGARTEN, name="中心幼儿园")
    assert first.pk != second.pk
    assert OrgUnit.objects.filter(name="中心幼儿园").count() == 2


@pytest.mark.django_db
def test_duplicate_top_level_name_is_refused() -> None:
    # The database constraint on (parent, name) lets NULL parents repeat; the service does not.
    org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    with pytest.raises(ValidationFailed) as caught:
        org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="四川省")
    assert caught.value.field == "name"
    assert OrgUnit.objects.count() == 1


def test_create_under_a_stale_parent_uses_its_current_place(region: Region) -> None:
    # Given 冷碛镇 was moved under the prefecture through another copy of the object
    stale_lengqi = region.lengqi
    org_unit_move(unit=fresh(region.lengqi), new_parent=region.prefecture)
    # When a unit is created under the copy loaded before the move
    school = org_unit_create(parent=stale_lengqi, kind=OrgKind.SCHOOL, name="冷碛镇中学")
    # Then it sits in 冷碛镇's subtree where it is now
    assert fresh(school).path == fresh(region.lengqi).path + block(school)
    assert fresh(school).depth == 3
    assert "冷碛镇中学" in subtree_names(region.lengqi)
    assert_tree_consistent()


# --- updating ---------------------------------------------------------------------------


def test_update_renames_recodes_and_counts_versions(region: Region) -> None:
    unit = org_unit_update(
        unit=fresh(region.lengqi),
        version=1,
        name="冷碛镇人民政府",
        code="５１３３２２１０１０００",
        is_active=False,
    )
    stored = fresh(region.lengqi)
    assert (stored.name, stored.code, stored.is_active, stored.version) == (
        "冷碛镇人民政府",
        "513322101000",
        False,
        2,
    )
    assert unit.version == 2


def test_stale_version_is_refused_and_changes_nothing(region: Region) -> None:
    # Given two clerks opened 冷碛镇 at version 1 and the first one saved
    first, second = fresh(region.lengqi), fresh(region.lengqi)
    org_unit_update(unit=first, version=1, name="冷碛镇（新）", code=first.code, is_active=True)
    # When the second one saves with the version they loaded
    with pytest.raises(StaleEdit) as caught:
        org_unit_update(unit=second, version=1, name="冷碛乡", code="", is_active=False)
    # Then they are told to reload and the first clerk's edit stands
    assert "Someone else changed this unit" in str(caught.value.message)
    stored = fresh(region.lengqi)
    assert (stored.name, stored.code, stored.is_active, stored.version) == (
        "冷碛镇（新）",
        "513322101000",
        True,
        2,
    )


@pytest.mark.parametrize(
    ("attribute", "name", "code", "message"),
    [
        ("lengqi", "冷碛镇", "513322103000", "Code 513322101201 is not inside 513322103000"),
        ("lengqi", "兴隆镇", "513322101000", "“兴隆镇” already exists under this unit."),
        ("lengqi", "冷碛镇", "513323101000", "Code 513323101000 is not inside 513322"),
        ("lengqi", "冷碛镇", "513322", "Code 513322 is not the code of a Township."),
        ("lengqi_school", "冷碛镇中心小学", "513322101000", "leave it empty"),
        ("lengqi", " ", "513322101000", "Enter the unit's name."),
    ],
)
def test_refused_update_changes_nothing(
    region: Region, attribute: str, name: str, code: str, message: str
) -> None:
    unit = fresh(getattr(region, attribute))
    before = set(OrgUnit.objects.values_list("pk", "name", "code", "version", "is_active"))
    with pytest.raises(ValidationFailed) as caught:
        org_unit_update(unit=unit, version=1, name=name, code=code, is_active=False)
    assert message in str(caught.value.message)
    assert set(OrgUnit.objects.values_list("pk", "name", "code", "version", "is_active")) == before


def test_recode_to_a_code_in_use_is_refused(region: Region) -> None:
    org_unit_create(parent=region.lengqi, kind=OrgKind.VILLAGE, name="新村", code="513322101202")
    with pytest.raises(ValidationFailed) as caught:
        org_unit_update(
            unit=fresh(region.ganlusi),
            version=1,
            name="甘露寺村",
            code="513322101202",
            is_active=True,
        )
    assert str(caught.value.message) == "Another unit already has the code 513322101202."
    assert fresh(region.ganlusi).code == "513322101201"


def test_recode_is_checked_against_coded_units_further_down(region: Region) -> None:
    # Given a county whose township has no code but whose village has one
    county = org_unit_create(
        parent=region.prefecture, kind=OrgKind.COUNTY, name="康定市", code="513301"
    )
    township = org_unit_create(parent=county, kind=OrgKind.TOWNSHIP, name="未编码街道")
    org_unit_create(parent=township, kind=OrgKind.VILLAGE, name="向阳社区", code="513301001001")
    # When the county is given another county's code, the village would fall outside it
    with pytest.raises(ValidationFailed) as caught:
        org_unit_update(unit=fresh(county), version=1, name="康定市", code="513302", is_active=True)
    assert "513301001001 is not inside 513302" in str(caught.value.message)
    assert fresh(county).code == "513301"


def test_code_can_be_removed_from_a_unit_with_coded_children(region: Region) -> None:
    # 冷碛镇's villages stay inside 泸定县, the next code above, so nothing is inconsistent.
    org_unit_update(unit=fresh(region.lengqi), version=1, name="冷碛镇", code="", is_active=True)
    stored = fresh(region.lengqi)
    assert (stored.code, stored.province_code, stored.version) == ("", "51", 2)


@pytest.mark.django_db
def test_giving_a_top_unit_its_code_sets_the_province_of_its_subtree() -> None:
    # Given a province entered without its code, and a school below it
    province = org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="云南省")
    prefecture = org_unit_create(parent=province, kind=OrgKind.PREFECTURE, name="昆明市")
    school = org_unit_create(parent=prefecture, kind=OrgKind.SCHOOL, name="昆明市第一中学")
    assert fresh(school).province_code == ""
    # When the province gets its code
    org_unit_update(unit=fresh(province), version=1, name="云南省", code="530000", is_active=True)
    # Then every unit below is filed under province 53 (the sharding key, DESIGN §3)
    assert set(OrgUnit.objects.values_list("province_code", flat=True)) == {"53"}


# --- moving -----------------------------------------------------------------------------


def test_move_carries_the_subtree_and_fixes_paths_and_depths(region: Region) -> None:
    # Given 冷碛镇 (depth 3) with its village and school
    before_xinglong = set(
        org_units_in_subtrees([fresh(region.xinglong)]).values_list("pk", "path", "depth")
    )
    # When it is moved directly under the prefecture
    moved = org_unit_move(unit=fresh(region.lengqi), new_parent=fresh(region.prefecture))
    # Then it and everything below it move up one level, under the prefecture's path
    prefecture = fresh(region.prefecture)
    assert moved.parent_id == prefecture.pk
    assert moved.path == prefecture.path + block(region.lengqi)
    assert moved.depth == 2
    assert moved.version == 2
    for child in (region.ganlusi, region.lengqi_school):
        stored = fresh(child)
        assert stored.path == moved.path + block(child)
        assert stored.depth == 3
        assert stored.parent_id == region.lengqi.pk
    assert subtree_names(region.lengqi) == {"冷碛镇", "甘露寺村", "冷碛镇中心小学"}
    assert subtree_names(region.county) == {
        "泸定县",
        "兴隆镇",
        "沈村",
        "兴隆镇中心小学",
        "泸定县民政局",
    }
    assert len(subtree_names(region.prefecture)) == 9
    # And the other township is untouched
    assert (
        set(org_units_in_subtrees([fresh(region.xinglong)]).values_list("pk", "path", "depth"))
        == before_xinglong
    )
    assert_tree_consistent()


def test_move_a_school_to_another_township(region: Region) -> None:
    org_unit_move(unit=fresh(region.lengqi_school), new_parent=fresh(region.xinglong))
    assert subtree_names(region.xinglong) == {"兴隆镇", "沈村", "兴隆镇中心小学", "冷碛镇中心小学"}
    assert subtree_names(region.lengqi) == {"冷碛镇", "甘露寺村"}
    assert_tree_consistent()


def test_move_a_deep_uncoded_subtree_down_a_level(region: Region) -> None:
    # Given a township without a code directly under the prefecture, with a village and school
    township = org_unit_create(parent=region.prefecture, kind=OrgKind.TOWNSHIP, name="新镇")
    village = org_unit_create(parent=township, kind=OrgKind.VILLAGE, name="新村")
    org_unit_create(parent=village, kind=OrgKind.SCHOOL, name="新村小学")
    # When it is moved under 泸定县
    org_unit_move(unit=fresh(township), new_parent=fresh(region.county))
    # Then each of the three units is one level deeper and inside the county's subtree
    depths = dict(
        OrgUnit.objects.filter(name__in=["新镇", "新村", "新村小学"]).values_list("name", "depth")
    )
    assert depths == {"新镇": 3, "新村": 4, "新村小学": 5}
    assert {"新镇", "新村", "新村小学"} <= subtree_names(region.county)
    assert_tree_consistent()


@pytest.mark.parametrize(
    ("unit", "new_parent", "message"),
    [
        ("lengqi", "lengqi", "A unit cannot be moved under itself."),
        ("lengqi", "ganlusi", "A unit cannot be moved under itself."),
        ("county", "ganlusi", "A unit cannot be moved under itself."),
        ("lengqi", "xinglong", "A Township cannot be placed under a Township."),
        ("xinglong", "ganlusi", "A Township cannot be placed under a Village / community."),
        ("ganlusi", "xinglong", "Code 513322101201 is not inside 513322102000"),
        ("lengqi_school", "xinglong_school", "units can only be placed under a division"),
    ],
)
def test_refused_move_changes_nothing(
    region: Region, unit: str, new_parent: str, message: str
) -> None:
    before = set(OrgUnit.objects.values_list("pk", "parent_id", "path", "depth", "version"))
    with pytest.raises(ValidationFailed) as caught:
        org_unit_move(
            unit=fresh(getattr(region, unit)), new_parent=fresh(getattr(region, new_parent))
        )
    assert message in str(caught.value.message)
    assert set(OrgUnit.objects.values_list("pk", "parent_id", "path", "depth", "version")) == before


def deep_chain(parent: OrgUnit, levels: int) -> list[OrgUnit]:
    """Hang ``levels`` villages from ``parent``, each under the one before, top first.

    The services refuse a village under a village, so the rows are written the way
    ``org_unit_create`` writes them: saved, then given their path from their key.
    """
    chain: list[OrgUnit] = []
    above = parent
    for level in range(levels):
        unit = OrgUnit.objects.create(
            kind=OrgKind.VILLAGE,
            name=f"深村{level}",
            parent=above,
            depth=above.depth + 1,
            path="pending",
            province_code=above.province_code,
        )
        unit.path = above.path + block(unit)
        OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path)
        chain.append(unit)
        above = unit
    return chain


def test_move_that_would_nest_deeper_than_a_path_can_hold_is_refused(region: Region) -> None:
    # Given a chain of 22 units under 泸定县 whose last one has the longest path there is
    path_length = OrgUnit._meta.get_field("path").max_length
    assert path_length == 255
    chain = deep_chain(region.county, 22)
    assert len(fresh(chain[-1]).path) == 25 * PATH_STEP
    assert_tree_consistent()
    before = set(OrgUnit.objects.values_list("pk", "parent_id", "path", "depth", "version"))
    # When the chain is moved one level down, under 冷碛镇
    with pytest.raises(ValidationFailed) as caught:
        org_unit_move(unit=fresh(chain[0]), new_parent=fresh(region.lengqi))
    # Then its last path would need 260 characters: the move is refused and nothing moved
    assert caught.value.field == "parent"
    assert str(caught.value.message) == (
        "The unit cannot be moved there: units below it would be more than 25 levels deep."
    )
    assert set(OrgUnit.objects.values_list("pk", "parent_id", "path", "depth", "version")) == before
    # But the chain below its top fits there, its last unit ending exactly as deep as now
    org_unit_move(unit=fresh(chain[1]), new_parent=fresh(region.lengqi))
    assert fresh(chain[-1]).path.startswith(fresh(region.lengqi).path)
    assert len(fresh(chain[-1]).path) == 25 * PATH_STEP
    assert_tree_consistent()


@pytest.mark.django_db(transaction=True)
def test_move_carries_a_unit_created_below_while_it_waited(region: Region) -> None:
    created, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def in_thread(work: Callable[[], object]) -> threading.Thread:
        def run() -> None:
            try:
                work()
            except BaseException as exc:  # reported by the test, not lost in the thread
                failures.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def create_school() -> None:
        with transaction.atomic():
            org_unit_create(parent=fresh(region.ganlusi), kind=OrgKind.SCHOOL, name="村小")
            created.set()
            release.wait(timeout=30)

    # Given a school being created under 甘露寺村, not yet committed
    creating = in_thread(create_school)
    assert created.wait(timeout=30)
    # When 冷碛镇 is moved meanwhile, its move waits for the create's lock on 甘露寺村
    moving = in_thread(
        lambda: org_unit_move(unit=fresh(region.lengqi), new_parent=fresh(region.prefecture))
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for _ in range(300):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the move did not wait for the create")
    else:
        # SQLite lets one writer in at a time: the move's BEGIN IMMEDIATE waits for the
        # create to commit (busy timeout), so give it time to start waiting.
        time.sleep(0.5)
        assert moving.is_alive()
    release.set()
    creating.join(timeout=30)
    moving.join(timeout=30)
    # Then the new school moved with its village, under 冷碛镇's new path
    assert failures == []
    school = OrgUnit.objects.get(name="村小")
    assert school.path == fresh(region.ganlusi).path + block(school)
    assert school.path.startswith(fresh(region.prefecture).path + block(region.lengqi))
    assert_tree_consistent()


def test_move_into_a_name_clash_is_refused(region: Region) -> None:
    org_unit_create(parent=region.xinglong, kind=OrgKind.SCHOOL, name="冷碛镇中心小学")
    with pytest.raises(ValidationFailed) as caught:
        org_unit_move(unit=fresh(region.lengqi_school), new_parent=fresh(region.xinglong))
    assert caught.value.field == "name"
    assert fresh(region.lengqi_school).parent_id == region.lengqi.pk


def test_move_checks_the_codes_below_an_uncoded_unit(region: Region) -> None:
    # Given a county entered without a code, whose township has a code of 四川
    yunnan = org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="云南省", code="530000")
    county = org_unit_create(parent=region.province, kind=OrgKind.COUNTY, name="未编码县")
    org_unit_create(parent=county, kind=OrgKind.TOWNSHIP, name="某镇", code="510199101000")
    # When the county is moved into 云南省, the township's code would no longer fit
    with pytest.raises(ValidationFailed) as caught:
        org_unit_move(unit=fresh(county), new_parent=yunnan)
    assert "510199101000 is not inside 530000" in str(caught.value.message)
    assert fresh(county).parent_id == region.province.pk


def test_move_into_another_province_updates_the_province_code(region: Region) -> None:
    yunnan = org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="云南省", code="530000")
    township = org_unit_create(
        parent=yunnan, kind=OrgKind.TOWNSHIP, name="某街道", code="530102001000"
    )
    org_unit_move(unit=fresh(region.lengqi_school), new_parent=township)
    assert fresh(region.lengqi_school).province_code == "53"
    assert fresh(region.lengqi).province_code == "51"


def test_move_of_a_stale_object_moves_the_unit_where_it_is_now(region: Region) -> None:
    # Given the school object was loaded before its township was moved
    stale_school = region.lengqi_school
    org_unit_move(unit=fresh(region.lengqi), new_parent=fresh(region.prefecture))
    # When the stale object is moved to 兴隆镇
    org_unit_move(unit=stale_school, new_parent=region.xinglong)
    # Then its path follows its new parent and it leaves 冷碛镇's subtree
    assert fresh(region.lengqi_school).path == fresh(region.xinglong).path + block(
        region.lengqi_school
    )
    assert "冷碛镇中心小学" in subtree_names(region.xinglong)
    assert "冷碛镇中心小学" not in subtree_names(region.lengqi)
    assert_tree_consistent()


# --- the audit trail --------------------------------------------------------------------


def test_update_and_move_are_in_the_audit_log(region: Region) -> None:
    # Given a rename and a move made through the services
    org_unit_update(
        unit=fresh(region.lengqi), version=1, name="冷碛镇人民政府", code="", is_active=True
    )
    org_unit_move(unit=fresh(region.lengqi_school), new_parent=fresh(region.xinglong))
    # Then django-auditlog recorded both, with the old and the new values
    renamed = LogEntry.objects.get_for_object(region.lengqi).latest("timestamp")
    assert renamed.changes_dict["name"] == ["冷碛镇", "冷碛镇人民政府"]
    assert renamed.changes_dict["code"] == ["513322101000", ""]
    moved = LogEntry.objects.get_for_object(region.lengqi_school).latest("timestamp")
    assert moved.changes_dict["parent"] == [str(region.lengqi.pk), str(region.xinglong.pk)]
