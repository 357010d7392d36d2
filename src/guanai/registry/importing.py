"""Roster import (花名册导入): persons, categories and guardians from an xlsx or csv file.

The importer works like CommCare's: every row is checked on its own and all its errors are
collected (row, column, reason), so the clerk fixes them all at once from the error
workbook; valid rows are written, invalid ones never are.

Columns are found by their header in any order; unknown ones are ignored with a warning.
A row is matched to a file already on the roster by its ID number (through the keyed hash,
never by decrypting): a file inside the importing unit's subtree is updated with the values
the row gives (a blank cell never erases a stored value; categories and a guardian are
added when missing), so importing the same file twice changes nothing the second time. A
file outside that subtree is refused without saying whose it is.

Speed (issue 3 asks for ≥ 8,000 rows/s): look-ups are set-based — the schools of the
subtree in one query, the existing persons of a chunk of rows in one query with their open
categories and contacts — and a chunk is written with ``bulk_create``/``bulk_update`` in one
transaction, so a crash mid-import leaves no half-written person: a chunk is committed whole
or not at all. If the database refuses a chunk (a file registered by someone else meanwhile,
a value the database will not take) the chunk is written again row by row, each in its own
savepoint, and only the refused rows are rejected.
"""

from __future__ import annotations

import gc
import queue
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.bulk import PreparedRows, prepare_rows, write_rows
from guanai.core.crypto import lookup_hash
from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import (
    IdNumber,
    check_consistency,
    check_disability_certificate,
    parse_id,
)
from guanai.core.phone import parse_phone
from guanai.core.pinyin import full_pinyin, initials
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import (
    ETHNICITIES,
    Category,
    Contact,
    ContactKind,
    Health,
    Person,
    PersonCategory,
)
from guanai.registry.services import PersonData, person_values, require_roster_editor
from guanai.sheets.errors import ErrorRow, error_workbook
from guanai.sheets.reading import Table, find_columns, read_table

KINDS = ("general", "left_behind", "disabled")
# progress(stage, done, total): stage "check" while rows are checked, "write" while written.
Progress = Callable[[str, int, int], None]
# Rows written per transaction. Larger chunks write each touched index page once for many
# rows (a third less work for SQLite than chunks of 1,000 at 100,000 rows) while holding
# the write lock for about a second.
CHUNK_SIZE = 5000

# Field name → accepted headers; the first is the template's header.
COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "name": ("姓名", "名字"),
    "gender": ("性别",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "birth_date": ("出生日期", "出生年月日", "生日"),
    "ethnicity": ("民族",),
    "phone": ("联系电话", "电话", "手机", "手机号"),
    "address": ("现住址", "住址", "家庭住址", "现居住地"),
    "categories": ("人员类别", "类别", "人员类型"),
    "school": ("就读学校", "学校"),
    "grade": ("年级",),
    "class_name": ("班级",),
    "guardian_name": ("监护人姓名", "监护人"),
    "guardian_relation": ("与本人关系", "监护人关系", "与监护人关系"),
    "guardian_phone": ("监护人电话", "监护人联系电话"),
    "parents_away_at": ("父母外出务工地点", "外出务工地点", "务工地点"),
    "disability_certificate": ("残疾证号", "残疾证号码"),
    "disability_type": ("残疾类别", "残疾类型"),
    "disability_grade": ("残疾等级",),
    "note": ("备注",),
    "parents_away": ("外出父母", "外出情况"),
    "away_since": ("外出时间",),
    "guardianship": ("监护情况",),
}
REQUIRED = {"name", "id_number"}

# The fixed labels and aliases of DESIGN §4 (not translated: rosters are written in Chinese).
CATEGORY_WORDS: dict[str, str] = {
    "留守儿童": "left_behind",
    "农村留守儿童": "left_behind",
    "外来务工子女": "migrant_child",
    "随迁子女": "migrant_child",
    "流动儿童": "migrant_child",
    "单亲家庭儿童": "single_parent",
    "单亲儿童": "single_parent",
    "孤儿": "orphan",
    "事实无人抚养儿童": "unsupported_child",
    "事实孤儿": "unsupported_child",
    "残疾人": "disabled",
    "残疾儿童": "disabled",
    "三无人员": "sanwu",
    "城镇三无人员": "sanwu",
    "特困人员": "tekun",
    "五保户": "tekun",
    "五保对象": "tekun",
    "特困供养人员": "tekun",
    "低保对象": "dibao",
    "低保户": "dibao",
    "低保": "dibao",
    "重大疾病患者": "major_illness",
    "大病患者": "major_illness",
}
CATEGORY_WORDS.update({code: code for code in Category.values})
CATEGORY_SEPARATORS = ("、", "，", ",", "；", ";", "/")

DISABILITY_TYPES = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
GRADES = ("一级", "二级", "三级", "四级")
GENDERS = {"男": "male", "男性": "male", "女": "female", "女性": "female"}
GENDERS.update({"male": "male", "female": "female", "m": "male", "f": "female"})
PARENTS_AWAY = {
    "父亲": "father",
    "父": "father",
    "母亲": "mother",
    "母": "mother",
    "双方": "both",
    "父母": "both",
    "父母双方": "both",
}
GUARDIANSHIP = {"好": "good", "一般": "fair", "差": "poor", "较差": "poor"}

# Lengths of the text columns, checked here so that PostgreSQL never refuses a row.
MAX_LENGTHS = {
    "name": 50,
    "address": 200,
    "grade": 20,
    "class_name": 20,
    "guardian_name": 50,
    "guardian_relation": 20,
    "parents_away_at": 100,
}
# Person fields an import sets; a blank cell leaves the stored value alone.
UPDATABLE = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "phone",
    "address",
    "school",
    "grade",
    "class_name",
    "note",
    "health",
)
# Person fields an auditor may read in the change log (not the ciphertexts).
AUDITED = tuple(f for f in UPDATABLE if f != "phone")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class RosterReport:
    """What an import did (or, for a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rejected_rows: list[tuple[int, ErrorRow]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def error_workbook(self) -> bytes:
        """Return the rejected rows as an xlsx to fix and import again."""
        return error_workbook(self.headers, [row for _no, row in self.rejected_rows])


@dataclass
class _Row:
    number: int
    cells: list[str]
    data: PersonData
    id_hash: str = ""
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    guardian: tuple[str, str, str] | None = None  # name, relation, phone
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)


@dataclass
class _Plan:
    """What one chunk writes, and what it reports once written.

    New persons are plain column values (written with ``insert_rows``); their categories,
    contacts and change-log entries name the person by ID hash until the person's primary
    key is known.
    """

    persons: list[dict[str, Any]] = field(default_factory=list)
    updates: list[Person] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    categories: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    contacts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    audit: list[tuple[str, str, int, dict[str, list[Any]]]] = field(default_factory=list)
    pks: dict[str, int] = field(default_factory=dict)  # ID hash → pk of stored persons
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[_Row, str, str]] = field(default_factory=list)  # row, field, reason

    def outcome(self) -> _Plan:
        """Return the counts and rejections only, without what was written (memory)."""
        return _Plan(
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            rejected=self.rejected,
        )


# Joins the cells of a row to normalise them at once (see _Parser.parse).
_CELL_SEPARATOR = "\x1f"


def _text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _compact(value: str) -> str:
    """Return normalised text without any space (names, codes, words of a list)."""
    return "".join(value.split())


def _chunks(rows: Sequence[_Row], size: int) -> Iterator[Sequence[_Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class _Parser:
    """Turns the cells of a row into a ``_Row`` with every error of the row."""

    def __init__(self, table: Table, mapping: dict[str, str], *, org_unit: OrgUnit, kind: str):
        self.table = table
        self.mapping = mapping
        self.index = {f: table.headers.index(h) for f, h in mapping.items()}
        self.width = len(table.headers)
        # Fields of the template the file lacks read as "" (a dict copied for each row is
        # cheaper than a defaultdict filled cell by cell).
        self.absent = {name: "" for name in COLUMNS if name not in self.index}
        self.used = list(self.index.items())
        # The used cells of a row in one call (find_columns requires two columns at least).
        if len(self.used) < 2:
            raise ValueError("an import maps two columns at least")
        self.names = [name for name, _i in self.used]
        self.pick = itemgetter(*(i for _name, i in self.used))
        # Dates already read, by type and value (a roster has few distinct birth dates).
        self.dates: dict[tuple[type, Any], date] = {}
        # Category cells already read: their codes and their unknown words.
        self.category_words: dict[str, tuple[list[str], list[str]]] = {}
        self.kind = kind
        self.org_unit = org_unit
        self.school_names: dict[int, str] = {}
        self.schools = self._schools(org_unit)
        self.today = timezone.localdate()

    def _schools(self, org_unit: OrgUnit) -> dict[str, OrgUnit | None]:
        """Schools and kindergartens of the subtree by name; None marks an ambiguous name."""
        found: dict[str, OrgUnit | None] = {}
        units = OrgUnit.objects.filter(
            subtree_q([org_unit]),
            kind__in=[OrgKind.SCHOOL, OrgKind.KINDERGARTEN],
            is_active=True,
        )
        for unit in units:
            self.school_names[unit.pk] = unit.name
            key = _compact(_text(unit.name))
            found[key] = None if key in found else unit
        return found

    def parse(self, offset: int) -> _Row:
        cells = self.table.rows[offset]
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))

        # Each cell the mapping uses, normalised (full-width digits, spaces) as _text does.
        # The cells are normalised in one call, joined by a control character: NFKC maps
        # nothing to it, nor composes or reorders anything across it (a starter that
        # composes with nothing), so each part is exactly its cell normalised alone.
        text = dict(self.absent)
        joined = _CELL_SEPARATOR.join(self.pick(cells))
        if joined.count(_CELL_SEPARATOR) != len(self.names) - 1:
            for name, i in self.used:  # a cell holds the separator itself: one by one
                text[name] = _text(cells[i])
        else:
            parts = unicodedata.normalize("NFKC", joined).split(_CELL_SEPARATOR)
            text.update(zip(self.names, map(str.strip, parts), strict=True))
        get = text.__getitem__  # "" for a column the file lacks

        row = _Row(number=self.table.first_row + offset, cells=cells, data=PersonData(name=""))
        data = row.data

        def fail(name: str, reason: str) -> None:
            row.errors.append((name, reason))

        data.name = _compact(get("name"))
        if not data.name:
            fail("name", _("Enter the person's name."))
        for name, limit in MAX_LENGTHS.items():
            if len(get(name)) > limit:
                fail(name, _("At most %(max)s characters.") % {"max": limit})

        gender = ""
        if get("gender"):
            gender = GENDERS.get(_compact(get("gender")).lower(), "")
            if not gender:
                fail("gender", _("Write 男 or 女."))

        birth: date | None = None
        if get("birth_date"):
            raw = self.table.raw_value(offset, self.index["birth_date"])
            value = raw if isinstance(raw, int | float | date | datetime) else get("birth_date")
            try:
                birth = self._date(value)
            except ValidationFailed as exc:
                fail("birth_date", str(exc.message))

        parsed: IdNumber | None = None
        id_text = get("id_number")
        if not id_text:
            fail("id_number", _("Enter the ID number."))
        else:
            raw_id = self.table.raw_value(offset, self.index["id_number"])
            if isinstance(raw_id, float) and raw_id > 1e15:
                fail(
                    "id_number",
                    _(
                        "The ID number was stored as a number and lost its last digits; "
                        "format the column as text and type it again."
                    ),
                )
            else:
                try:
                    parsed = parse_id(id_text, today=self.today)
                except ValidationFailed as exc:
                    fail("id_number", str(exc.message))
        if parsed is not None:
            try:
                check_consistency(parsed, birth_date=birth, gender=gender or None)
            except ValidationFailed as exc:
                fail(exc.field if exc.field in self.index else "id_number", str(exc.message))
            data.id_number = parsed.number
            data.birth_date = parsed.birth_date
            data.gender = parsed.gender
            data.warnings.extend(parsed.warnings)
            row.id_hash = lookup_hash(parsed.number)

        ethnicity = _compact(get("ethnicity"))
        if ethnicity:
            if ethnicity in ETHNICITIES:
                data.ethnicity = ethnicity
            elif ethnicity + "族" in ETHNICITIES:
                data.ethnicity = ethnicity + "族"
            else:
                fail(
                    "ethnicity",
                    _("Unknown ethnic group “%(value)s”; write one of the 56, such as 汉族.")
                    % {"value": ethnicity},
                )

        if get("phone"):
            try:
                data.phone = parse_phone(get("phone"))
            except ValidationFailed as exc:
                fail("phone", str(exc.message))

        data.address = get("address")
        data.grade = get("grade")
        data.class_name = get("class_name")
        data.note = get("note")

        school_name = _compact(get("school"))
        if school_name:
            school = self.schools.get(school_name)
            if school is None:
                message = (
                    _("Several schools in your units are named “%(name)s”.")
                    if school_name in self.schools
                    else _("No school or kindergarten named “%(name)s” in your units.")
                )
                fail("school", message % {"name": school_name})
            data.school = school
        elif self.org_unit.kind in (OrgKind.SCHOOL, OrgKind.KINDERGARTEN):
            data.school = self.org_unit

        self._categories(row, get, fail)
        self._disability(row, get, fail, parsed)
        self._left_behind(row, get, fail)

        guardian = _compact(get("guardian_name"))
        guardian_phone = ""
        if get("guardian_phone"):
            try:
                guardian_phone = parse_phone(get("guardian_phone"))
            except ValidationFailed as exc:
                fail("guardian_phone", str(exc.message))
        if guardian:
            row.guardian = (guardian, _compact(get("guardian_relation")), guardian_phone)
        elif guardian_phone or get("guardian_relation"):
            fail("guardian_name", _("Enter the guardian's name."))
        if Category.DISABLED in row.categories:
            data.health = Health.DISABLED
        return row

    def _date(self, value: Any) -> date:
        """Return ``parse_date(value)``, read once for each distinct value of the import."""
        key = (type(value), value)
        found = self.dates.get(key)
        if found is None:
            found = self.dates[key] = parse_date(value)
        return found

    def _category_words(self, text: str) -> tuple[list[str], list[str]]:
        """Return the category codes of a cell and its unknown words, in their order."""
        found = self.category_words.get(text)
        if found is not None:  # a roster has a few distinct category cells
            return found
        listed = text
        for separator in CATEGORY_SEPARATORS[1:]:
            listed = listed.replace(separator, CATEGORY_SEPARATORS[0])
        codes: list[str] = []
        unknown: list[str] = []
        for word in listed.split(CATEGORY_SEPARATORS[0]):
            word = _compact(word)
            if not word:
                continue
            code = CATEGORY_WORDS.get(word) or CATEGORY_WORDS.get(word.lower())
            if code is None:
                unknown.append(word)
            else:
                codes.append(code)
        found = self.category_words[text] = (codes, unknown)
        return found

    def _categories(self, row: _Row, get: Any, fail: Any) -> None:
        codes, unknown = self._category_words(get("categories"))
        for word in unknown:
            fail("categories", _("Unknown category “%(category)s”.") % {"category": word})
        for code in codes:
            row.categories.setdefault(code, {})
        if self.kind == "left_behind":
            row.categories.setdefault(Category.LEFT_BEHIND, {})
        elif self.kind == "disabled":
            row.categories.setdefault(Category.DISABLED, {})

    def _disability(self, row: _Row, get: Any, fail: Any, parsed: IdNumber | None) -> None:
        kind: int | None = None
        grade: int | None = None
        if get("disability_type"):
            word = _compact(get("disability_type")).removesuffix("残疾")
            if word in DISABILITY_TYPES:
                kind = DISABILITY_TYPES.index(word) + 1
            elif word in {str(n) for n in range(1, 8)}:
                kind = int(word)
            else:
                fail(
                    "disability_type",
                    _(
                        "Unknown disability type “%(value)s”; write 视力, 听力, 言语, 肢体, 智力, "
                        "精神 or 多重."
                    )
                    % {"value": word},
                )
        if get("disability_grade"):
            word = _compact(get("disability_grade"))
            if word in GRADES:
                grade = GRADES.index(word) + 1
            elif word in {"1", "2", "3", "4"} or word in {f"{n}级" for n in "1234"}:
                grade = int(word[0])
            else:
                fail(
                    "disability_grade",
                    _("Unknown disability grade “%(value)s”; write 一级, 二级, 三级 or 四级.")
                    % {"value": word},
                )
        details: dict[str, Any] = {}
        if get("disability_certificate"):
            try:
                number = check_disability_certificate(
                    get("disability_certificate"),
                    id_number=parsed.number if parsed else "",
                    category=kind,
                    grade=grade,
                )
            except ValidationFailed as exc:
                fail("disability_certificate", str(exc.message))
            else:
                # The certificate starts with the ID number, which is kept encrypted on the
                # person: only what follows it is stored here, never the ID in clear.
                details["certificate_suffix"] = number[18:]
                kind = kind or int(number[18])
                grade = grade or int(number[19])
        if kind is not None:
            details["type"] = kind
        if grade is not None:
            details["grade"] = grade
        if details:
            row.categories.setdefault(Category.DISABLED, {}).update(details)

    def _left_behind(self, row: _Row, get: Any, fail: Any) -> None:
        details: dict[str, Any] = {}
        if get("parents_away"):
            who = PARENTS_AWAY.get(_compact(get("parents_away")))
            if who is None:
                fail("parents_away", _("Write 父亲, 母亲 or 双方."))
            else:
                details["away"] = who
        if get("parents_away_at"):
            details["away_at"] = get("parents_away_at")
        if get("away_since"):
            raw = self.table.raw_value(row.number - self.table.first_row, self.index["away_since"])
            value = raw if isinstance(raw, int | float | date | datetime) else get("away_since")
            try:
                details["since"] = self._date(value).isoformat()
            except ValidationFailed as exc:
                fail("away_since", str(exc.message))
        if get("guardianship"):
            assessed = GUARDIANSHIP.get(_compact(get("guardianship")))
            if assessed is None:
                fail("guardianship", _("Write 好, 一般 or 差."))
            else:
                details["guardianship"] = assessed
        if details and Category.LEFT_BEHIND in row.categories:
            row.categories[Category.LEFT_BEHIND].update(details)
        elif details and "away" in details:
            row.categories[Category.LEFT_BEHIND] = details


@dataclass
class _Stored:
    """What the comparison needs of a person already on the roster (read as plain values)."""

    pk: int
    path: str  # of the managing unit
    version: int
    values: dict[str, Any]  # the UPDATABLE fields, the school as its pk, and the pinyin
    categories: set[str]  # open ones
    contacts: set[str]  # names


def _pks_by_hash(hashes: Sequence[str]) -> dict[str, int]:
    """Return the pks of the persons with these ID hashes.

    In SQL of its own: the ORM prepares each of a thousand string parameters of an
    ``id_hash__in`` one by one, which made this look-up a fifth of a large import's time.
    """
    if not hashes:
        return {}
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(hashes))
    sql = (
        f"SELECT {quote('id_hash')}, {quote('id')} FROM {quote(Person._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('id_hash')} IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(hashes))
        return dict(cursor.fetchall())


def _existing(hashes: list[str], *, lock: bool) -> dict[str, _Stored]:
    """Return the persons with these ID hashes, with open categories and contact names.

    Plain values, not model instances, and only what the comparison needs: not the
    encrypted ID number (matched by its hash already). Three statements per chunk.
    """
    pks = _pks_by_hash(hashes)
    if not pks:
        return {}
    columns = [*UPDATABLE, "name_pinyin", "name_initials"]
    persons = Person.objects.filter(pk__in=pks.values()).values(
        "pk", "id_hash", "version", "org_unit__path", *columns
    )
    if lock:
        persons = persons.select_for_update(of=("self",))
    by_pk = {
        p["pk"]: _Stored(
            pk=p["pk"],
            path=p["org_unit__path"],
            version=p["version"],
            values={c: p[c] for c in columns},
            categories=set(),
            contacts=set(),
        )
        for p in persons
    }
    if by_pk:
        open_categories = PersonCategory.objects.filter(
            person_id__in=by_pk, ended_on__isnull=True
        ).values_list("person_id", "category")
        for pk, code in open_categories:
            by_pk[pk].categories.add(code)
        for pk, name in Contact.objects.filter(person_id__in=by_pk).values_list(
            "person_id", "name"
        ):
            by_pk[pk].contacts.add(name)
    hash_of = {p["pk"]: p["id_hash"] for p in persons}
    return {hash_of[pk]: stored for pk, stored in by_pk.items()}


def _plan(
    rows: Sequence[_Row],
    *,
    org_unit: OrgUnit,
    lock: bool,
    schools: dict[int, str],
    existing: dict[str, _Stored] | None = None,
) -> _Plan:
    """Decide what the rows create, update or leave; ``existing`` if the caller read it."""
    plan = _Plan()
    today = timezone.localdate()
    if existing is None:
        existing = _existing([r.id_hash for r in rows], lock=lock)
    for row in rows:
        stored = existing.get(row.id_hash)
        if stored is None:
            values = person_values(row.data, id_hash=row.id_hash)
            values["org_unit"] = org_unit
            values["province_code"] = org_unit.province_code
            plan.persons.append(values)
            plan.categories.extend(
                (row.id_hash, {"category": c, "started_on": today, "details": d})
                for c, d in row.categories.items()
            )
            if row.guardian:
                plan.contacts.append((row.id_hash, _guardian(row.guardian)))
            changes = _created_changes(values)
            plan.audit.append((row.id_hash, row.data.name, LogEntry.Action.CREATE, changes))
            plan.created += 1
            continue
        if not stored.path.startswith(org_unit.path):
            plan.rejected.append(
                (
                    row,
                    "id_number",
                    _(
                        "This ID number is on the roster of a unit outside the one you import "
                        "into; ask the county office to transfer the file."
                    ),
                )
            )
            continue
        plan.pks[row.id_hash] = stored.pk
        changes = _update(stored, row.data, schools)
        for code, details in row.categories.items():
            if code not in stored.categories:
                plan.categories.append(
                    (row.id_hash, {"category": code, "started_on": today, "details": details})
                )
                changes.setdefault("categories", [None, []])[1].append(code)
        if row.guardian and row.guardian[0] not in stored.contacts:
            plan.contacts.append((row.id_hash, _guardian(row.guardian)))
            changes["guardian"] = [None, row.guardian[0]]
        if not changes:
            plan.unchanged += 1
            continue
        field_changes = [f for f in changes if f in UPDATABLE]
        if field_changes:
            values = {("school_id" if k == "school" else k): v for k, v in stored.values.items()}
            plan.updates.append(Person(pk=stored.pk, version=stored.version + 1, **values))
            plan.update_fields.update(field_changes)
        plan.audit.append((row.id_hash, stored.values["name"], LogEntry.Action.UPDATE, changes))
        plan.updated += 1
    return plan


def _created_changes(values: dict[str, Any]) -> dict[str, list[Any]]:
    """Return the change-log entry of a new person: each audited field that has a value."""
    changes: dict[str, list[Any]] = {}
    for name in AUDITED:
        value = values[name]
        if value is None or value == "":
            continue
        # Of AUDITED, only these two fields are not text.
        if name == "birth_date":
            value = value.isoformat()
        elif name == "school":
            value = value.name
        changes[name] = [None, value]
    return changes


def _audit_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, OrgUnit):
        return value.name
    return value


def _update(stored: _Stored, data: PersonData, schools: dict[int, str]) -> dict[str, list[Any]]:
    """Set in ``stored.values`` the values of ``data`` that are given and differ; say which."""
    values = stored.values
    changes: dict[str, list[Any]] = {}
    for name in UPDATABLE:
        new = getattr(data, name)
        if new in ("", None) or (name == "health" and new == Health.HEALTHY):
            continue
        if name == "school":
            if values["school"] == new.pk:
                continue
            before = schools.get(values["school"], "") if values["school"] else None
            values["school"] = new.pk
        elif values[name] == new:
            continue
        else:
            before = _audit_value(values[name])
            values[name] = new
        if name == "name":
            values["name_pinyin"] = full_pinyin(new)
            values["name_initials"] = initials(new)
        changes[name] = [before, _audit_value(new)] if name in AUDITED else ["", ""]
    return changes


def _guardian(guardian: tuple[str, str, str]) -> dict[str, Any]:
    name, relation, phone = guardian
    return {
        "kind": ContactKind.GUARDIAN,
        "name": name,
        "relation": relation,
        "phone": phone,
        "is_guardian": True,
    }


@dataclass
class _Prepared:
    """A chunk's plan as database parameters (``core.bulk.prepare_rows``), ready to write.

    The rows of categories, contacts and change-log entries hold the person's ID hash
    where the person's key goes, until the person is written and its key is known.
    """

    persons: list[PreparedRows]
    new_hashes: list[str]
    pks: dict[str, int]  # ID hash → pk of stored persons
    updates: list[Person]
    update_fields: set[str]
    dependents: list[PreparedRows]


# One object for every entry, so that core.bulk encodes it once.
_AUDIT_SOURCE = {"source": "roster_import"}


def _prepare(plan: _Plan, acting_user: User | None) -> _Prepared:
    """Convert what ``plan`` writes into database parameters (the Python half of writing)."""
    content_type = ContentType.objects.get_for_model(Person).pk
    actor = acting_user.pk if acting_user is not None else None
    return _Prepared(
        persons=prepare_rows(Person, plan.persons),
        new_hashes=[p["id_hash"] for p in plan.persons],
        pks=plan.pks,
        updates=plan.updates,
        update_fields=plan.update_fields,
        dependents=[
            *prepare_rows(PersonCategory, [{**v, "person": h} for h, v in plan.categories]),
            *prepare_rows(Contact, [{**v, "person": h} for h, v in plan.contacts]),
            # Bulk writes send no signals, so the change log is written here, as auditlog
            # would.
            *prepare_rows(
                LogEntry,
                [
                    {
                        "content_type": content_type,
                        "object_pk": id_hash,
                        "object_id": id_hash,
                        "object_repr": name,
                        "action": action,
                        "changes": changes,
                        "actor": actor,
                        "additional_data": _AUDIT_SOURCE,
                    }
                    for id_hash, name, action, changes in plan.audit
                ],
            ),
        ],
    )


def _write_prepared(prepared: _Prepared) -> None:
    """Write a prepared chunk on this thread's connection (the caller holds a transaction)."""
    write_rows(prepared.persons)
    pks = dict(prepared.pks)
    pks.update(_pks_by_hash(prepared.new_hashes))
    if prepared.updates:
        now = timezone.now()
        for person in prepared.updates:
            person.updated_at = now
        fields = sorted(prepared.update_fields | {"version", "updated_at"})
        if "name" in fields:
            fields += ["name_pinyin", "name_initials"]
        Person.objects.bulk_update(prepared.updates, fields)
    for group in prepared.dependents:
        if group.model is LogEntry:
            text, number = group.column("object_pk"), group.column("object_id")
            for values in group.rows:
                values[number] = pk = pks[values[number]]
                values[text] = str(pk)
        else:
            column = group.column("person")
            for values in group.rows:
                values[column] = pks[values[column]]
    write_rows(prepared.dependents)


def _write(plan: _Plan, acting_user: User | None) -> None:
    _write_prepared(_prepare(plan, acting_user))


def _reject(report: RosterReport, row: _Row, errors: list[tuple[str, str]], index: Any) -> None:
    for name, reason in errors:
        report.errors.append(RowError(row.number, index.get(name, ("", None))[0], reason))
    report.rejected_rows.append(
        (
            row.number,
            ErrorRow(
                cells=row.cells,
                errors=[(index.get(name, ("", None))[1], reason) for name, reason in errors],
            ),
        )
    )


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the import.

    An import holds hundreds of thousands of objects (rows, values) until it ends; the
    collector would walk all of them again and again, a fifth of the time at 100,000 rows.
    They hold no reference cycles worth collecting; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def roster_import(
    table_or_file: Table | Path,
    *,
    acting_user: User | None,
    org_unit: OrgUnit,
    kind: str = "general",
    dry_run: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> RosterReport:
    """Import a roster into ``org_unit``; return what was created, updated and rejected.

    Raise ``PermissionRefused`` if the user may not edit the unit's roster and
    ``ValidationFailed`` if the file cannot be used at all (unreadable, missing columns).
    A dry run checks everything and writes nothing. ``progress``, if given, is called as
    ``progress(stage, done, total)`` while rows are checked ("check") and written ("write").
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    require_roster_editor(acting_user, org_unit)
    with _cyclic_gc_paused():
        return _import(table_or_file, acting_user, org_unit, kind, dry_run, chunk_size, progress)


def _import(
    table_or_file: Table | Path,
    acting_user: User | None,
    org_unit: OrgUnit,
    kind: str,
    dry_run: bool,
    chunk_size: int,
    progress: Progress | None,
) -> RosterReport:
    if isinstance(table_or_file, Path):
        with table_or_file.open("rb") as handle:
            table = read_table(handle, table_or_file.name)
    else:
        table = table_or_file
    mapping, warnings = find_columns(table.headers, COLUMNS, required=REQUIRED)
    report = RosterReport(
        headers=list(table.headers), warnings=[*table.warnings, *warnings], dry_run=dry_run
    )
    index = {f: (h, table.headers.index(h)) for f, h in mapping.items()}
    parser = _Parser(table, mapping, org_unit=org_unit, kind=kind)

    rows: list[_Row] = []
    for offset, cells in enumerate(table.rows):
        if progress is not None and offset % chunk_size == 0:
            progress("check", offset, len(table.rows))
        if not "".join(cells).strip():
            continue  # a blank line
        rows.append(parser.parse(offset))
    # An ID number twice in the file: neither row is taken, as we cannot tell which is right.
    seen: dict[str, list[_Row]] = {}
    for row in rows:
        if row.id_hash and not row.errors:
            seen.setdefault(row.id_hash, []).append(row)
    for same in seen.values():
        if len(same) > 1:
            for row in same:
                others = "、".join(str(r.number) for r in same if r is not row)
                row.errors.append(
                    (
                        "id_number",
                        _("The same ID number is also in row %(rows)s of this file.")
                        % {"rows": others},
                    )
                )
    good = []
    rejected: list[tuple[_Row, list[tuple[str, str]]]] = []
    for row in rows:
        if row.errors:
            rejected.append((row, row.errors))
        else:
            good.append(row)
            if row.data.warnings:
                report.warnings.extend(
                    _("Row %(row)s: %(warning)s") % {"row": row.number, "warning": w}
                    for w in row.data.warnings
                )

    chunks = list(_chunks(good, chunk_size))
    plans: list[_Plan] = []
    if not dry_run and _writes_aside(len(chunks)):
        plans = _write_aside(
            chunks,
            org_unit=org_unit,
            acting_user=acting_user,
            schools=parser.school_names,
            progress=progress,
        )
    else:
        written = 0
        for chunk in chunks:
            if progress is not None:
                progress("write", written, len(good))
            written += len(chunk)
            plans += (
                plan.outcome()
                for plan in _run_chunk(
                    chunk,
                    org_unit=org_unit,
                    acting_user=acting_user,
                    dry_run=dry_run,
                    schools=parser.school_names,
                )
            )
    for plan in plans:
        report.created += plan.created
        report.updated += plan.updated
        report.unchanged += plan.unchanged
        rejected.extend((row, [(name, reason)]) for row, name, reason in plan.rejected)
    for row, errors in sorted(rejected, key=lambda item: item[0].number):
        _reject(report, row, errors, index)
    return report


def _run_chunk(
    chunk: Sequence[_Row],
    *,
    org_unit: OrgUnit,
    acting_user: User | None,
    dry_run: bool,
    schools: dict[int, str],
    ready: tuple[_Plan, _Prepared] | None = None,
) -> list[_Plan]:
    """Write a chunk in one transaction; if the database refuses it, row by row.

    ``ready`` is the chunk's plan and its prepared rows when the caller made them already
    (only for a chunk of new persons: see ``_write_aside``).
    """
    if dry_run:
        return [_plan(chunk, org_unit=org_unit, lock=False, schools=schools)]
    try:
        with transaction.atomic():
            if ready is None:
                plan = _plan(chunk, org_unit=org_unit, lock=True, schools=schools)
                _write(plan, acting_user)
            else:
                plan, prepared = ready
                _write_prepared(prepared)
        return [plan]
    except (IntegrityError, DataError):
        pass
    plans = []
    for row in chunk:
        try:
            with transaction.atomic():
                plan = _plan([row], org_unit=org_unit, lock=True, schools=schools)
                _write(plan, acting_user)
        except (IntegrityError, DataError):
            plan = _Plan(
                rejected=[
                    (
                        row,
                        "id_number",
                        _(
                            "The row could not be saved: the ID number was registered by "
                            "someone else meanwhile, or a value is too long. Import it again."
                        ),
                    )
                ]
            )
        plans.append(plan)
    return plans


# Databases on which chunks are written on a thread of their own (see _write_aside).
# PostgreSQL works in a server process of its own: while it inserts, checks and commits
# one chunk, this process plans the next. SQLite works inside this process, and its
# executemany takes Python's GIL back for every row, so a writer thread gains nothing
# there (measured: the same total time).
WRITE_ASIDE_VENDORS = frozenset({"postgresql"})


def _writes_aside(chunks: int) -> bool:
    """Return whether to write the chunks on a thread of their own.

    Only for more than one chunk (a small import does not pay for a second connection),
    and never inside a transaction of the caller's: the writer's connection could not see
    what that transaction wrote, nor be rolled back with it.
    """
    return (
        chunks > 1 and connection.vendor in WRITE_ASIDE_VENDORS and not connection.in_atomic_block
    )


def _write_aside(
    chunks: Sequence[Sequence[_Row]],
    *,
    org_unit: OrgUnit,
    acting_user: User | None,
    schools: dict[int, str],
    progress: Progress | None,
) -> list[_Plan]:
    """Write the chunks on a thread of their own while this thread plans the next one.

    Each chunk is still written whole or not at all, in a transaction of its own, in the
    file's order, as ``_run_chunk`` does. A chunk of new persons only (the bulk of a first
    import) is planned and converted here, on this thread's connection, and the writer
    only writes it; if someone registers one of its ID numbers meanwhile, the database
    refuses the chunk and the writer retries it row by row, as ever. A chunk that touches
    stored persons is planned by the writer, with the persons locked, as ``_run_chunk``
    does. Duplicates within the file were taken out before, so no chunk depends on the
    one being written.
    """
    total = sum(len(chunk) for chunk in chunks)
    writer = _ChunkWriter()
    try:
        written = 0
        for chunk in chunks:
            ready: tuple[_Plan, _Prepared] | None = None
            # One statement tells whether the chunk is all new; the full look-up of stored
            # persons is left to the writer, which locks them.
            if not _pks_by_hash([r.id_hash for r in chunk]):
                plan = _plan(chunk, org_unit=org_unit, lock=False, schools=schools, existing={})
                ready = (plan, _prepare(plan, acting_user))
            writer.submit(
                partial(
                    _write_chunk,
                    chunk,
                    ready,
                    done=written,
                    total=total,
                    org_unit=org_unit,
                    acting_user=acting_user,
                    schools=schools,
                    progress=progress,
                )
            )
            written += len(chunk)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish()


def _write_chunk(
    chunk: Sequence[_Row],
    ready: tuple[_Plan, _Prepared] | None,
    *,
    done: int,
    total: int,
    org_unit: OrgUnit,
    acting_user: User | None,
    schools: dict[int, str],
    progress: Progress | None,
) -> list[_Plan]:
    if progress is not None:
        progress("write", done, total)
    plans = _run_chunk(
        chunk,
        org_unit=org_unit,
        acting_user=acting_user,
        dry_run=False,
        schools=schools,
        ready=ready,
    )
    return [plan.outcome() for plan in plans]


class _ChunkWriter:
    """Run chunk writes one after the other on a thread, and database connection, of its own.

    The queue holds one chunk, so that planning runs at most one chunk ahead of writing
    (memory stays that of two chunks). The first error stops the writing; the writer
    still takes (and drops) what is submitted after it, so the submitter never waits for
    ever, and the error is raised to the submitter at its next call.
    """

    def __init__(self) -> None:
        self.plans: list[_Plan] = []
        self._jobs: queue.Queue[Callable[[], list[_Plan]] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        # Messages (a refused row's reason) are in the caller's language, dates in its zone.
        self._language = translation.get_language()
        self._zone = timezone.get_current_timezone()
        self._thread = threading.Thread(target=self._work, name="roster-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            with translation.override(self._language), timezone.override(self._zone):
                while (job := self._jobs.get()) is not None:
                    if self._error is not None:
                        continue
                    try:
                        self.plans += job()
                    except BaseException as exc:  # raised again on the submitting thread
                        self._error = exc
        finally:
            # This thread's own connection, opened by its first query.
            connection.close()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, job: Callable[[], list[_Plan]]) -> None:
        self._raise()
        self._jobs.put(job)

    def finish(self) -> list[_Plan]:
        """Wait for the writes; return their plans, or raise the writer's error."""
        self._jobs.put(None)
        self._thread.join()
        self._raise()
        return self.plans

    def abandon(self) -> None:
        """Stop after the chunk being written (the submitter failed); wait for it."""
        self._jobs.put(None)
        self._thread.join()
