"""What an uploaded list leaves on disk and in the database, and for how long: the file
sealed (never in clear) or not kept, the rows and the file deleted after the retention
period by ``guanai purge-crosscheck-lists`` while the findings stay; and
``guanai crosscheck-recheck`` closing the findings fixed meanwhile."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from guanai.core.crypto import decrypt_bytes
from guanai.crosscheck.models import CheckList, Finding, FindingStatus, ListRow
from guanai.registry.models import Person
from tests.crosscheck.support import World, csv_bytes, outsider_id, upload

pytestmark = pytest.mark.django_db
DEATHS = ["姓名", "公民身份号码", "死亡日期"]


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = str(tmp_path)


def folder(tmp_path: Path) -> list[Path]:
    where = tmp_path / "crosscheck"
    return sorted(where.iterdir()) if where.exists() else []


def deaths(world: World, *, encoding: str = "utf-8") -> tuple[bytes, CheckList]:
    rows = [
        DEATHS,
        ["王小芳", world.orphan.id_number, "2025-03-04"],
        ["路人甲", outsider_id(), "2025-03-05"],
    ]
    content = csv_bytes(rows, encoding=encoding)
    listed = upload(world.lengqi_worker, world.region.lengqi, "deaths", rows, content=content)
    return content, listed


def purge(*args: str) -> dict[str, int]:
    out = StringIO()
    call_command("purge_crosscheck_lists", *args, stdout=out)
    found: dict[str, int] = json.loads(out.getvalue())
    return found


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_the_file_is_kept_sealed_never_in_clear(
    world: World, tmp_path: Path, encoding: str
) -> None:
    content, listed = deaths(world, encoding=encoding)

    [stored] = folder(tmp_path)
    assert listed.stored_file == str(stored)
    sealed = stored.read_bytes()
    for number in (world.orphan.id_number, outsider_id()):
        assert number.encode() not in sealed
    for name in ("王小芳", "路人甲"):
        assert name.encode("utf-8") not in sealed and name.encode("gbk") not in sealed
    assert decrypt_bytes(sealed) == content
    assert stored.stat().st_mode & 0o077 == 0  # readable by the application only
    # The rows keep the numbers encrypted too
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {ListRow._meta.db_table}")  # noqa: S608
        held = " ".join(str(value) for (value,) in cursor.fetchall())
    assert world.orphan.id_number not in held and outsider_id() not in held


def test_no_file_is_kept_when_the_setting_says_so(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.GUANAI_CROSSCHECK_KEEP_FILES = False

    _content, listed = deaths(world)

    assert listed.stored_file == "" and folder(tmp_path) == []
    assert listed.matched == 1 and ListRow.objects.filter(check_list=listed).count() == 2


def test_the_rows_and_the_file_of_old_lists_go_and_the_findings_stay(
    world: World, tmp_path: Path
) -> None:
    _content, old = deaths(world)
    old_file = Path(old.stored_file)
    CheckList.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(days=91))
    _content, recent = deaths(world)
    findings = set(Finding.objects.values_list("pk", flat=True))
    assert findings and ListRow.objects.count() == 4

    assert purge() == {"lists": 1}

    old.refresh_from_db()
    assert not ListRow.objects.filter(check_list=old).exists()
    assert not old_file.exists() and old.stored_file == ""
    assert old.rows_purged_at is not None
    # What was counted, and who uploaded it for what purpose, stays
    assert (old.rows, old.matched, old.purpose) == (2, 1, "月度比对")
    assert ListRow.objects.filter(check_list=recent).count() == 2
    assert Path(recent.stored_file).exists()
    assert set(Finding.objects.values_list("pk", flat=True)) == findings
    # Purged once: not again
    assert purge() == {"lists": 0}


def test_the_days_are_set_by_the_setting_or_the_option(
    world: World, tmp_path: Path, settings: Any
) -> None:
    _content, listed = deaths(world)
    CheckList.objects.filter(pk=listed.pk).update(uploaded_at=timezone.now() - timedelta(days=10))
    assert purge() == {"lists": 0}
    settings.GUANAI_CROSSCHECK_RETENTION_DAYS = 7
    assert purge() == {"lists": 1}
    deaths(world)
    assert purge("--days", "30") == {"lists": 0}
    assert purge("--days", "0") == {"lists": 1}
    assert folder(tmp_path) == [] and not ListRow.objects.exists()
    with pytest.raises(CommandError):
        purge("--days", "-1")


def test_the_recheck_closes_the_findings_fixed_meanwhile(world: World) -> None:
    deaths(world)
    finding = Finding.objects.get(person=world.orphan)
    out = StringIO()
    call_command("crosscheck_recheck", stdout=out)
    assert json.loads(out.getvalue()) == {"closed": 0}
    # Archived where no re-check follows (an update in the database)
    Person.objects.filter(pk=world.orphan.pk).update(
        archived_at=timezone.now(), archive_reason="deceased"
    )

    out = StringIO()
    call_command("crosscheck_recheck", stdout=out)

    assert json.loads(out.getvalue()) == {"closed": 1}
    finding.refresh_from_db()
    assert finding.status == FindingStatus.FIXED and finding.resolution
    out = StringIO()
    call_command("crosscheck_recheck", stdout=out)
    assert json.loads(out.getvalue()) == {"closed": 0}


def test_retention_drops_the_number_of_a_resolved_unregistered_finding(world: World) -> None:
    number = outsider_id()
    rows = [["姓名", "身份证号", "残疾等级"], ["周新", number, "三级"]]
    listed = upload(world.lengqi_worker, world.region.lengqi, "disability", rows)
    old = timezone.now() - timedelta(days=91)
    CheckList.objects.filter(pk=listed.pk).update(uploaded_at=old)
    resolved = Finding.objects.get()
    assert resolved.id_number == number
    Finding.objects.filter(pk=resolved.pk).update(status=FindingStatus.NOT_ERROR, resolution="外县")
    call_command("purge_crosscheck_lists", stdout=StringIO())
    resolved.refresh_from_db()
    assert (resolved.id_number, resolved.name, resolved.resolution) == ("", "周新", "外县")


def test_retention_keeps_the_number_an_open_finding_needs_to_register(world: World) -> None:
    number = outsider_id()
    rows = [["姓名", "身份证号", "残疾等级"], ["周新", number, "三级"]]
    listed = upload(world.lengqi_worker, world.region.lengqi, "disability", rows)
    CheckList.objects.filter(pk=listed.pk).update(uploaded_at=timezone.now() - timedelta(days=91))
    call_command("purge_crosscheck_lists", stdout=StringIO())
    assert Finding.objects.get().id_number == number
    assert not ListRow.objects.exists()
