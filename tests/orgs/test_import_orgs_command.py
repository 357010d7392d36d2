"""``guanai import-orgs FILE``: the summary, the rejected rows, and the exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guanai.orgs.models import OrgUnit
from tests.conftest import Region
from tests.orgs.files import CREATED, HEADERS, ROWS, csv_bytes, xlsx_bytes

GOOD_ROWS = [row for n, row in enumerate(ROWS, start=2) if n not in (6, 7, 8)]


def run(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_orgs", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_summary_and_is_idempotent(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "单位.xlsx"
    path.write_bytes(xlsx_bytes(GOOD_ROWS, numbers=True))
    before = OrgUnit.objects.count()

    out, err = run(path)
    assert out.strip() == f"{CREATED} created, 0 unchanged, 0 rejected."
    assert err == ""
    assert OrgUnit.objects.count() == before + CREATED

    out, err = run(path)
    assert out.strip() == f"0 created, {CREATED} unchanged, 0 rejected."
    assert OrgUnit.objects.count() == before + CREATED


def test_rejected_rows_are_listed_and_the_command_fails(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(csv_bytes(ROWS, headers=[*HEADERS, "备注"]))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_orgs", str(path), stdout=out, stderr=err)

    assert "Some rows were rejected" in str(caught.value)
    # The good rows are in; the summary and each bad row are printed.
    assert out.getvalue().strip() == f"{CREATED} created, 0 unchanged, 3 rejected."
    assert err.getvalue().splitlines() == [
        "Warning: Column “备注” is not used and was ignored.",
        "Row 6: Unknown kind “街区”.",
        "Row 7: A division code has 6 or 12 digits; “51332210400X” does not.",
        "Row 8: No unit with the parent code 513399 exists or is in this file.",
    ]
    assert OrgUnit.objects.filter(name="康定市").exists()


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("missing.xlsx", None, "File not found"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "is not an Excel workbook"),
        ("empty.csv", b"", "The file is empty."),
        ("units.txt", b"code,name\n", "Unsupported file type"),
        (
            "no_kind.csv",
            csv_bytes([["513301", "康定市", "513300"]], headers=["代码", "名称", "上级代码"]),
            "Missing column(s): 类型.",
        ),
    ],
)
def test_unusable_file_is_a_command_error(
    region: Region, tmp_path: Path, filename: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / filename
    if content is not None:
        path.write_bytes(content)
    before = OrgUnit.objects.count()
    with pytest.raises(CommandError) as caught:
        run(path)
    assert message in str(caught.value)
    assert OrgUnit.objects.count() == before


def test_a_dry_run_prints_the_summary_and_writes_nothing(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_bytes(ROWS[7:8]))
    before = OrgUnit.objects.count()
    out = io.StringIO()
    call_command("import_orgs", str(path), "--dry-run", stdout=out)
    assert "1 created, 0 unchanged, 0 rejected." in out.getvalue()
    assert OrgUnit.objects.count() == before
