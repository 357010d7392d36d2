"""The columns of each kind of list and the checking of one row: pure, no database.

A list comes as the other agency writes it, in any column order, under the headers its
system prints; each field accepts the usual headers. A row is checked like a roster row
(``registry.importing``): the ID number by GB 11643, the name, dates, grades and statuses
by the registry's vocabulary. A row with an error is reported with every reason and never
matched: nothing is guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import check_disability_certificate, parse_id
from guanai.core.money import parse_money
from guanai.core.names import name_problem
from guanai.crosscheck.models import ListKind
from guanai.registry.importing.vocabulary import DISABILITY_TYPES, GRADES
from guanai.registry.models import SchoolingStatus

ID_HEADERS = ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "ID number")
NAME_HEADERS = ("姓名", "名字", "name")

# Per kind: our field → the headers accepted for it; the required fields.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    ListKind.DEATHS: {"death_date": ("死亡日期", "死亡时间", "注销日期", "date of death")},
    ListKind.DISABILITY: {
        "certificate": ("残疾证号", "残疾人证号", "残疾证号码", "证号", "certificate"),
        "type": ("残疾类别", "残疾类型", "类别", "type"),
        "grade": ("残疾等级", "等级", "grade"),
    },
    ListKind.SCHOOL: {
        "school": ("学校", "就读学校", "学校名称", "school"),
        "class_grade": ("年级", "grade"),
        "status": ("学籍状态", "在校状态", "就读状态", "状态", "status"),
    },
    ListKind.DIBAO: {
        "household": ("户主", "户主姓名", "家庭", "household"),
        "amount": ("保障金额", "月保障金", "月保障金额", "金额", "amount"),
    },
    ListKind.HUKOU_MOVES: {
        "moved_on": ("迁移日期", "迁出日期", "迁移时间", "date"),
        "place": ("迁往地", "迁入地", "迁往地址", "迁往地区", "new place"),
    },
}
REQUIRED: dict[str, set[str]] = {
    ListKind.DEATHS: {"death_date"},
    ListKind.DISABILITY: {"grade"},
    ListKind.SCHOOL: {"status"},
    ListKind.DIBAO: set(),
    ListKind.HUKOU_MOVES: {"moved_on", "place"},
}
MAX_TEXT = 60

# The school statuses a roll writes, read into the registry's schooling statuses.
SCHOOL_STATUSES = {
    "在校": SchoolingStatus.IN_SCHOOL,
    "在读": SchoolingStatus.IN_SCHOOL,
    "在籍": SchoolingStatus.IN_SCHOOL,
    "正常": SchoolingStatus.IN_SCHOOL,
    "辍学": SchoolingStatus.DROPPED_OUT,
    "失学": SchoolingStatus.DROPPED_OUT,
    "流失": SchoolingStatus.DROPPED_OUT,
    "转学": SchoolingStatus.TRANSFERRED_OUT,
    "转出": SchoolingStatus.TRANSFERRED_OUT,
    "休学": SchoolingStatus.SUSPENDED,
    "毕业": SchoolingStatus.GRADUATED,
}


def wanted(kind: str) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Return the headers accepted per field of ``kind`` and the required fields."""
    columns = {"id_number": ID_HEADERS, "name": NAME_HEADERS, **COLUMNS[kind]}
    return columns, {"id_number", "name", *REQUIRED[kind]}


@dataclass
class ListEntry:
    """A row read and checked; ``errors`` holds (field, reason) when it cannot be used."""

    row: int
    id_number: str = ""
    region: str = ""
    name: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _text(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(value or "")).split())


def read_entry(kind: str, row: int, cells: dict[str, Any], *, today: date) -> ListEntry:
    """Check the cells of one row of a ``kind`` list (our field names → values)."""
    entry = ListEntry(row=row)

    def fail(name: str, reason: str) -> None:
        entry.errors.append((name, reason))

    name = _text(cells.get("name")).replace(" ", "")
    if not name:
        fail("name", _("Enter the person's name."))
    elif problem := name_problem(name):
        fail("name", problem)
    elif len(name) > 50:
        fail("name", _("At most %(max)s characters.") % {"max": 50})
    entry.name = name
    raw_id = cells.get("id_number")
    if isinstance(raw_id, float) and raw_id > 1e15:
        fail(
            "id_number",
            _(
                "The ID number was stored as a number and lost its last digits; "
                "format the column as text and type it again."
            ),
        )
    elif not _text(raw_id):
        fail("id_number", _("Enter the ID number."))
    else:
        try:
            parsed = parse_id(_text(raw_id), today=today)
        except ValidationFailed as exc:
            fail("id_number", str(exc.message))
        else:
            entry.id_number = parsed.number
            entry.region = parsed.region_code
    for name_, value in cells.items():
        if name_ not in {"id_number", "name"} and len(_text(value)) > MAX_TEXT:
            fail(name_, _("At most %(max)s characters.") % {"max": MAX_TEXT})
    _READERS[kind](entry, cells, fail, today)
    return entry


def _date_cell(value: Any, name: str, fail: Any, today: date, *, required: bool) -> date | None:
    if value is None or _text(value) == "":
        if required:
            fail(name, _("Enter the date."))
        return None
    try:
        read = parse_date(value if not isinstance(value, str) else _text(value))
    except ValidationFailed as exc:
        fail(name, str(exc.message))
        return None
    if read > today:
        fail(name, _("The date is in the future."))
        return None
    return read


def _deaths(entry: ListEntry, cells: dict[str, Any], fail: Any, today: date) -> None:
    died = _date_cell(cells.get("death_date"), "death_date", fail, today, required=True)
    if died is not None:
        entry.data["death_date"] = died.isoformat()


def _disability(entry: ListEntry, cells: dict[str, Any], fail: Any, today: date) -> None:
    kind: int | None = None
    grade: int | None = None
    word = _text(cells.get("type")).replace(" ", "").removesuffix("残疾")
    if word:
        if word in DISABILITY_TYPES:
            kind = DISABILITY_TYPES.index(word) + 1
        elif word in {str(n) for n in range(1, 8)}:
            kind = int(word)
        else:
            fail(
                "type",
                _(
                    "Unknown disability type “%(value)s”; write 视力, 听力, 言语, 肢体, 智力, "
                    "精神 or 多重."
                )
                % {"value": word},
            )
    word = _text(cells.get("grade")).replace(" ", "")
    if word in GRADES:
        grade = GRADES.index(word) + 1
    elif word in {"1", "2", "3", "4"} or word in {f"{n}级" for n in "1234"}:
        grade = int(word[0])
    else:
        fail(
            "grade",
            _("Unknown disability grade “%(value)s”; write 一级, 二级, 三级 or 四级.")
            % {"value": word},
        )
    certificate = _text(cells.get("certificate")).replace(" ", "")
    if certificate and entry.id_number:
        try:
            number = check_disability_certificate(
                certificate, id_number=entry.id_number, category=kind, grade=grade
            )
        except ValidationFailed as exc:
            fail("certificate", str(exc.message))
        else:
            # Only what follows the ID number: the ID itself is never kept in clear.
            entry.data["certificate_suffix"] = number[18:]
            kind = kind or int(number[18])
    if kind is not None:
        entry.data["type"] = kind
    if grade is not None:
        entry.data["grade"] = grade


def _school(entry: ListEntry, cells: dict[str, Any], fail: Any, today: date) -> None:
    word = _text(cells.get("status")).replace(" ", "")
    status = SCHOOL_STATUSES.get(word)
    if status is None:
        fail(
            "status",
            _("Unknown school status “%(value)s”; write 在校, 辍学, 转学, 休学 or 毕业.")
            % {"value": word},
        )
    else:
        entry.data["status"] = str(status)
    entry.data["school"] = _text(cells.get("school"))
    entry.data["class_grade"] = _text(cells.get("class_grade"))


def _dibao(entry: ListEntry, cells: dict[str, Any], fail: Any, today: date) -> None:
    entry.data["household"] = _text(cells.get("household"))
    amount = _text(cells.get("amount"))
    if amount:
        try:
            entry.data["amount"] = str(parse_money(amount, field="amount"))
        except ValidationFailed as exc:
            fail("amount", str(exc.message))


def _hukou_moves(entry: ListEntry, cells: dict[str, Any], fail: Any, today: date) -> None:
    moved = _date_cell(cells.get("moved_on"), "moved_on", fail, today, required=True)
    if moved is not None:
        entry.data["moved_on"] = moved.isoformat()
    place = _text(cells.get("place"))
    if not place:
        fail("place", _("Enter where the registration moved to."))
    entry.data["place"] = place


_READERS: dict[str, Any] = {
    ListKind.DEATHS: _deaths,
    ListKind.DISABILITY: _disability,
    ListKind.SCHOOL: _school,
    ListKind.DIBAO: _dibao,
    ListKind.HUKOU_MOVES: _hukou_moves,
}
