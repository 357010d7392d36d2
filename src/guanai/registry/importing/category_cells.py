"""Reading the cells that put a roster's person in categories: the categories column, the
disability columns (type, grade, certificate) and the left-behind ones (parents away, where,
since when, guardianship). Each distinct cell is read once an import.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import IdNumber, check_disability_certificate
from guanai.registry.importing.months import parse_month_or_date
from guanai.registry.importing.vocabulary import (
    CATEGORY_SEPARATORS,
    CATEGORY_WORDS,
    DISABILITY_TYPES,
    GRADES,
    GUARDIANSHIP,
    PARENTS_AWAY,
    compact,
)
from guanai.registry.models import Category
from guanai.sheets.reading import Table

# A row's categories by code, each with its details (``Row.categories``), filled in place.
Categories = dict[str, dict[str, Any]]


class CategoryCells:
    """Reads the category cells of an import's rows into the row's categories."""

    def __init__(self, table: Table, index: dict[str, int], *, kind: str) -> None:
        self.table = table
        self.index = index
        self.kind = kind
        # Dates of the columns that may hold a month alone (vocabulary.MONTH_COLUMNS),
        # already read, by type and value.
        self.months: dict[tuple[type, Any], date] = {}
        # Category cells already read: their codes and their unknown words.
        self.category_words: dict[str, tuple[list[str], list[str]]] = {}

    def _month_or_date(self, value: Any) -> date:
        """Return ``parse_month_or_date(value)`` (a day, or a month alone), read once."""
        key = (type(value), value)
        found = self.months.get(key)
        if found is None:
            found = self.months[key] = parse_month_or_date(value)
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
            word = compact(word)
            if not word:
                continue
            code = CATEGORY_WORDS.get(word) or CATEGORY_WORDS.get(word.lower())
            if code is None:
                unknown.append(word)
            else:
                codes.append(code)
        found = self.category_words[text] = (codes, unknown)
        return found

    def categories(self, categories: Categories, get: Any, fail: Any) -> None:
        """Add the categories the cell names, and the one the import's kind implies."""
        codes, unknown = self._category_words(get("categories"))
        for word in unknown:
            fail("categories", _("Unknown category “%(category)s”.") % {"category": word})
        for code in codes:
            categories.setdefault(code, {})
        if self.kind == "left_behind":
            categories.setdefault(Category.LEFT_BEHIND, {})
        elif self.kind == "disabled":
            categories.setdefault(Category.DISABLED, {})

    def disability(
        self, categories: Categories, get: Any, fail: Any, parsed: IdNumber | None
    ) -> None:
        """Add the disability type, grade and certificate to the disabled category."""
        kind: int | None = None
        grade: int | None = None
        if get("disability_type"):
            word = compact(get("disability_type")).removesuffix("残疾")
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
            word = compact(get("disability_grade"))
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
            categories.setdefault(Category.DISABLED, {}).update(details)

    def left_behind(self, categories: Categories, get: Any, fail: Any, offset: int) -> None:
        """Add where the parents are, since when and the guardianship to left-behind.

        ``offset`` is the row's place in the table, to read the date as the sheet stored it.
        """
        details: dict[str, Any] = {}
        if get("parents_away"):
            who = PARENTS_AWAY.get(compact(get("parents_away")))
            if who is None:
                fail("parents_away", _("Write 父亲, 母亲 or 双方."))
            else:
                details["away"] = who
        if get("parents_away_at"):
            details["away_at"] = get("parents_away_at")
        if get("away_since"):
            raw = self.table.raw_value(offset, self.index["away_since"])
            value = raw if isinstance(raw, int | float | date | datetime) else get("away_since")
            try:
                details["since"] = self._month_or_date(value).isoformat()
            except ValidationFailed as exc:
                fail("away_since", str(exc.message))
        if get("guardianship"):
            assessed = GUARDIANSHIP.get(compact(get("guardianship")))
            if assessed is None:
                fail("guardianship", _("Write 好, 一般 or 差."))
            else:
                details["guardianship"] = assessed
        if details and Category.LEFT_BEHIND in categories:
            categories[Category.LEFT_BEHIND].update(details)
        elif details and "away" in details:
            categories[Category.LEFT_BEHIND] = details
