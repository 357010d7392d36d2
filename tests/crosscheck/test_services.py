"""Uploading and resolving: the refusals, the audit, the files, the query counts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from guanai.core.crypto import decrypt_bytes
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.crosscheck.findings import finding_resolve
from guanai.crosscheck.lists import ListData, list_upload
from guanai.crosscheck.models import CheckList, Finding, FindingStatus, ListRow
from tests.crosscheck.support import World, csv_bytes, outsider_id, upload, xlsx_bytes
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "身份证号", "死亡日期"]


def rows_for(world: World) -> list[list[str]]:
    return [HEADER, ["孙明", world.healthy.id_number, "2025-06-01"]]


def test_a_worker_of_another_township_may_not_upload_for_it(world: World) -> None:
    with pytest.raises(PermissionRefused):
        upload(world.xinglong_worker, world.region.lengqi, "deaths", rows_for(world))
    assert not CheckList.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "taxes"}, "kind"),
        ({"purpose": "  "}, "purpose"),
        ({"source": ""}, "source"),
        ({"purpose": "查" * 201}, "purpose"),
        ({"as_of": timezone.localdate() + timedelta(days=1)}, "as_of"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_stored(
    world: World, change: dict[str, object], field: str
) -> None:
    values = {
        "kind": "deaths",
        "source": "公安局",
        "purpose": "比对",
        "as_of": timezone.localdate(),
    }
    values.update(change)
    with pytest.raises(ValidationFailed) as refused:
        list_upload(
            acting_user=world.lengqi_worker,
            org_unit=world.region.lengqi,
            data=ListData(**values),  # type: ignore[arg-type]
            content=csv_bytes(rows_for(world)),
            filename="deaths.csv",
        )
    assert refused.value.field == field
    assert not CheckList.objects.exists() and not ListRow.objects.exists()


def test_a_missing_column_refuses_the_file(world: World) -> None:
    with pytest.raises(ValidationFailed, match="死亡日期"):
        upload(
            world.lengqi_worker,
            world.region.lengqi,
            "deaths",
            [["姓名", "身份证号"], ["孙明", world.healthy.id_number]],
        )
    assert not CheckList.objects.exists()


def test_gbk_csv_and_xlsx_in_any_column_order(world: World) -> None:
    rows = [["死亡日期", "身份证号码", "姓名"], ["2025-06-01", world.healthy.id_number, "孙明"]]
    gbk = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        rows,
        content=csv_bytes(rows, encoding="gbk"),
    )
    book = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        rows,
        content=xlsx_bytes(rows),
        filename="deaths.xlsx",
    )
    assert (gbk.matched, book.matched) == (1, 1)


def test_the_upload_is_audited_with_its_purpose(world: World) -> None:
    listed = upload(world.lengqi_worker, world.region.lengqi, "deaths", rows_for(world))
    entry = AccessLog.objects.get(action=AuditAction.CROSSCHECK_UPLOAD)
    assert entry.user == world.lengqi_worker and entry.object_id == str(listed.pk)
    assert entry.detail["purpose"] == "月度比对" and entry.detail["rows"] == 1


def test_the_rows_and_the_file_keep_no_id_number_in_clear(world: World) -> None:
    listed = upload(world.lengqi_worker, world.region.lengqi, "deaths", rows_for(world))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_hash, id_number, data FROM crosscheck_listrow")
        stored = cursor.fetchall()
    assert world.healthy.id_number not in str(stored)
    sealed = Path(listed.stored_file).read_bytes()
    assert world.healthy.id_number.encode() not in sealed and "孙明".encode() not in sealed
    assert decrypt_bytes(sealed) == csv_bytes(rows_for(world))
    assert ListRow.objects.get().id_number == ""  # a deaths list keeps only the hash


def test_the_upload_runs_as_many_queries_for_fifty_rows_as_for_one(world: World) -> None:
    # A first upload reads the worker's roles, which the next ones find cached.
    warm = [["姓名", "身份证号", "学籍状态"], ["某生", outsider_id(sequence=3), "在校"]]
    upload(world.lengqi_worker, world.region.lengqi, "school", warm)
    few = [HEADER, ["孙明", world.healthy.id_number, "2025-06-01"]]
    many = [HEADER] + [["某人", outsider_id(sequence=n), "2025-06-01"] for n in range(1, 100, 2)]
    many.append(["赵低", world.dibao.id_number, "2025-06-01"])
    with count_queries() as small:
        upload(world.lengqi_worker, world.region.lengqi, "deaths", few)
    Finding.objects.all().delete()
    with count_queries() as large:
        upload(world.lengqi_worker, world.region.lengqi, "deaths", many)
    assert_same_query_count(small, large)


def open_finding(world: World) -> Finding:
    upload(world.lengqi_worker, world.region.lengqi, "deaths", rows_for(world))
    return Finding.objects.get(kind="death_active_file")


def test_resolving_needs_a_reason(world: World) -> None:
    finding = open_finding(world)
    with pytest.raises(ValidationFailed) as refused:
        finding_resolve(
            acting_user=world.lengqi_worker,
            finding=finding,
            status="not_error",
            note="  ",
            version=finding.version,
        )
    assert refused.value.field == "resolution"
    with pytest.raises(ValidationFailed):
        finding_resolve(
            acting_user=world.lengqi_worker,
            finding=finding,
            status="open",
            note="看过了",
            version=finding.version,
        )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_not_an_error_with_a_reason(world: World) -> None:
    finding = open_finding(world)
    done = finding_resolve(
        acting_user=world.lengqi_worker,
        finding=finding,
        status="not_error",
        note="同名同号，公安名单录入错误，已电话核实本人健在",
        version=finding.version,
    )
    assert done.status == FindingStatus.NOT_ERROR and done.resolved_by == world.lengqi_worker
    with pytest.raises(ValidationFailed):
        finding_resolve(
            acting_user=world.lengqi_worker,
            finding=done,
            status="fixed",
            note="again",
            version=done.version,
        )


def test_a_stale_resolution_and_another_units_worker_are_refused(world: World) -> None:
    finding = open_finding(world)
    with pytest.raises(StaleEdit):
        finding_resolve(
            acting_user=world.lengqi_worker,
            finding=finding,
            status="fixed",
            note="已注销",
            version=finding.version - 1,
        )
    with pytest.raises(PermissionRefused):
        finding_resolve(
            acting_user=world.xinglong_worker,
            finding=finding,
            status="fixed",
            note="已注销",
            version=finding.version,
        )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
