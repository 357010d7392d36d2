"""Filters of the work list: by kind of care, status, class and the registry's search.

``worklist.worklist`` applies them: the class and the search in the database, the kind
and the status on the evaluated rules. Blank values do not narrow the list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guanai.care.worklist import WorkItem, WorkRow

# A name, pinyin or initials: longer is no search a person types (refused, not cut).
SEARCH_MAX = 40


@dataclass(frozen=True)
class SchoolClass:
    """A class of a school (学校、年级、班级) that persons on a work list are in."""

    school_id: int
    school_name: str
    grade: str
    class_name: str

    @property
    def key(self) -> str:
        """The value in the URL (``class=``): the school's id, the grade and the class."""
        return f"{self.school_id}:{self.grade}:{self.class_name}"

    @property
    def label(self) -> str:
        return f"{self.school_name} {self.grade}{self.class_name}"


@dataclass(frozen=True)
class WorkFilter:
    """What the list is narrowed to; blank fields do not narrow it.

    ``kind`` keeps the rules a record of that kind counts for, ``status`` the rules in that
    state ("overdue", "due", "done"); ``school_class`` the persons in a class; ``q`` the
    persons the registry's search finds (name, pinyin, initials, ID number).
    """

    kind: str = ""
    status: str = ""
    school_class: SchoolClass | None = None
    q: str = ""

    @property
    def by_items(self) -> bool:
        return bool(self.kind or self.status)

    @property
    def active(self) -> bool:
        return self.by_items or self.school_class is not None or bool(self.q.strip())

    def keeps(self, item: WorkItem) -> bool:
        if self.kind and not item.covers(self.kind):
            return False
        return not self.status or item.status == self.status

    def rows(self, rows: list[WorkRow]) -> list[WorkRow]:
        """Return the rows with the items kept, without the persons left with none."""
        if not self.by_items:
            return rows
        kept = []
        for row in rows:
            items = [i for i in row.items if self.keeps(i)]
            if items:
                kept.append(replace(row, items=items))
        return kept


NO_FILTER = WorkFilter()
