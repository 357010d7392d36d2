"""Every xlsx the app writes prints as clerks file it: A4, landscape when wide, one page
wide, the header row on every page, and "page n of m" at the foot (issue 14, point 5).

Read from the workbook's XML, as Excel and WPS read it when they print.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll
from guanai.benefits.roll_export import HEADERS as ROLL_HEADERS
from guanai.benefits.roll_export import roll_workbook
from guanai.registry.exporting import roster_export
from guanai.registry.importing import KINDS
from guanai.registry.roster_template import template_bytes
from guanai.registry.selectors import PersonFilter
from guanai.sheets.errors import ErrorRow, error_workbook
from guanai.sheets.writing import PORTRAIT_COLUMNS, workbook_bytes
from tests import factories
from tests.benefits.fixtures_rolls import MONTH, approved_roll, scattered_orphan
from tests.conftest import Region
from tests.support.xlsx_print import assert_printable, print_setup

pytest_plugins = ["tests.benefits.fixtures_rolls"]


@pytest.mark.parametrize("columns", [1, PORTRAIT_COLUMNS, PORTRAIT_COLUMNS + 1, 30])
def test_a_table_prints_landscape_only_when_wide(columns: int) -> None:
    data, _count = workbook_bytes(
        title="表", headers=[f"列{n}" for n in range(columns)], rows=[[1] * columns] * 3
    )
    assert_printable(data, landscape=columns > PORTRAIT_COLUMNS, header_row=2)


def test_lines_above_the_table_move_the_repeated_header_row() -> None:
    data, _count = workbook_bytes(
        title="月报", lead=["单位：冷碛镇", "月份：2026年11月"], headers=["指标", "本月"], rows=[]
    )
    assert_printable(data, landscape=False, header_row=4)


def test_the_footer_numbers_the_pages_in_chinese() -> None:
    with translation.override("zh-hans"):
        data, _count = workbook_bytes(title="表", headers=["a"], rows=[])
    footer = print_setup(data).footer
    assert footer.startswith("&amp;C") and "&amp;P" in footer and "&amp;N" in footer


@pytest.mark.parametrize("kind", KINDS)
def test_roster_templates_print(kind: str) -> None:
    data = template_bytes(kind)
    assert_printable(data, landscape=True, header_row=1)
    assert_printable(data, index=3, landscape=False, header_row=None)  # the instructions


def test_error_workbooks_print() -> None:
    data = error_workbook(["姓名", "身份证号"], [ErrorRow(cells=["王", "1"], errors=[(1, "错")])])
    assert_printable(data, landscape=False, header_row=1)


def test_the_roster_export_prints(region: Region, township_worker: User) -> None:
    factories.pupil(township_worker, region.lengqi_school, "王小明", 11)
    data, _rows = roster_export(township_worker, PersonFilter(), full_numbers=False)
    assert_printable(data, landscape=True, header_row=2)


def test_the_roll_for_the_bank_prints(
    region: Region, township_worker: User, township_leader: User
) -> None:
    scattered_orphan(region.ganlusi, "王小芳")
    roll: PaymentRoll = approved_roll(township_worker, township_leader, region.lengqi, MONTH)
    data = roll_workbook(
        acting_user=township_worker, roll=roll, full_numbers=False, purpose="发放到银行"
    )
    assert_printable(data, landscape=len(ROLL_HEADERS) > PORTRAIT_COLUMNS, header_row=2)
