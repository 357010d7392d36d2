"""Reading a roster's rows: every cell checked, every error of a row collected.

A row's name, ID number, dates, contacts, school and guardian are read here; the cells that
put the person in categories (the categories, disability and left-behind columns) in
``category_cells``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.crypto import lookup_hash
from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import IdNumber, check_consistency, normalise_id, parse_id
from guanai.core.names import name_problem
from guanai.core.phone import parse_phone
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.importing.category_cells import CategoryCells
from guanai.registry.importing.vocabulary import COLUMNS, GENDERS, MAX_LENGTHS, clean, compact
from guanai.registry.models import ETHNICITIES, Category, Health
from guanai.registry.services import PersonData
from guanai.sheets.reading import Table


@dataclass
class Row:
    number: int
    cells: list[str]
    data: PersonData
    id_hash: str = ""
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    guardian: tuple[str, str, str] | None = None  # name, relation, phone
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)


# Joins the cells of a row to normalise them at once (see Parser.parse).
CELL_SEPARATOR = "\x1f"


class Parser:
    """Turns the cells of a row into a ``Row`` with every error of the row."""

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
        # The categories, disability and left-behind cells, with what they already read.
        self.category_cells = CategoryCells(table, self.index, kind=kind)
        self.org_unit = org_unit
        self.school_names: dict[int, str] = {}
        self.schools = self._schools(org_unit)
        self.today = timezone.localdate()

    def id_key(self, offset: int) -> str:
        """Return a key that two rows share if their ID numbers are the same number.

        Cheap (no check digit, no birth date): a first pass over the file finds by it the
        rows whose ID number may be there twice, before any row is checked in full. Rows
        with different keys never hold the same number; "" is no number at all.
        """
        cells = self.table.rows[offset]
        column = self.index["id_number"]
        number = normalise_id(cells[column]) if column < len(cells) else ""
        if len(number) == 18:
            return number[:17]
        if len(number) == 15:  # a legacy number: the first 17 characters of its upgrade
            return number[:6] + "19" + number[6:]
        return ""

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
            key = compact(clean(unit.name))
            found[key] = None if key in found else unit
        return found

    def parse(self, offset: int) -> Row:
        cells = self.table.rows[offset]
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))

        # Each cell the mapping uses, normalised (full-width digits, spaces) as clean does.
        # The cells are normalised in one call, joined by a control character: NFKC maps
        # nothing to it, nor composes or reorders anything across it (a starter that
        # composes with nothing), so each part is exactly its cell normalised alone.
        text = dict(self.absent)
        joined = CELL_SEPARATOR.join(self.pick(cells))
        if joined.count(CELL_SEPARATOR) != len(self.names) - 1:
            for name, i in self.used:  # a cell holds the separator itself: one by one
                text[name] = clean(cells[i])
        else:
            parts = unicodedata.normalize("NFKC", joined).split(CELL_SEPARATOR)
            text.update(zip(self.names, map(str.strip, parts), strict=True))
        get = text.__getitem__  # "" for a column the file lacks

        row = Row(number=self.table.first_row + offset, cells=cells, data=PersonData(name=""))
        data = row.data

        def fail(name: str, reason: str) -> None:
            row.errors.append((name, reason))

        data.name = compact(get("name"))
        if not data.name:
            fail("name", _("Enter the person's name."))
        elif problem := name_problem(data.name):
            fail("name", problem)
        for name, limit in MAX_LENGTHS.items():
            if len(get(name)) > limit:
                fail(name, _("At most %(max)s characters.") % {"max": limit})

        gender = ""
        if get("gender"):
            gender = GENDERS.get(compact(get("gender")).lower(), "")
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

        ethnicity = compact(get("ethnicity"))
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

        school_name = compact(get("school"))
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

        self.category_cells.categories(row.categories, get, fail)
        self.category_cells.disability(row.categories, get, fail, parsed)
        self.category_cells.left_behind(row.categories, get, fail, offset)

        guardian = compact(get("guardian_name"))
        guardian_phone = ""
        if get("guardian_phone"):
            try:
                guardian_phone = parse_phone(get("guardian_phone"))
            except ValidationFailed as exc:
                fail("guardian_phone", str(exc.message))
        if guardian:
            row.guardian = (guardian, compact(get("guardian_relation")), guardian_phone)
        elif guardian_phone or get("guardian_relation"):
            fail("guardian_name", _("Enter the guardian's name."))
        if Category.DISABLED in row.categories:
            data.health = Health.DISABLED
        if self.table.formulas:
            self._formulas(offset, fail)
        return row

    def _formulas(self, offset: int, fail: Any) -> None:
        """Refuse a formula in a column the import reads (issue 12).

        The value read is the one Excel computed when the file was last saved, which the
        clerk never typed and may not even see: a name ="张"&"三", an ID number made of
        other cells. The 序号 column, often =ROW()-1, is not stored and may be a formula.
        """
        for name, column in self.used:
            if name != "seq" and self.table.is_formula(offset, column):
                fail(
                    name,
                    _(
                        "The cell holds a formula; type the value itself (copy the cell and "
                        "paste it as values)."
                    ),
                )

    def _date(self, value: Any) -> date:
        """Return ``parse_date(value)``, read once for each distinct value of the import."""
        key = (type(value), value)
        found = self.dates.get(key)
        if found is None:
            found = self.dates[key] = parse_date(value)
        return found
