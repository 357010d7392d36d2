"""What the "today" page lists: tasks (one thing to do, with its one action) and figures.

A source (``today.sources``) gives a ``Batch``: the first tasks of its kind, most urgent
first, and how many there are in all with the page that lists every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise

# Up to this many tasks of one kind are listed; the rest are counted, with a link.
SHOWN = 10


@dataclass(frozen=True)
class Task:
    """One thing to do: what it is, about whom or what, why and by when, and the action."""

    kind: str  # the source's code, e.g. "care_due"
    kind_label: str | Promise
    subject: str  # the person, report, roll or account it is about
    where: str  # the unit or class it belongs to, or the month
    detail: str  # the rule, the warning's sentence, the reason given
    why: str  # the reason with its date, e.g. "Overdue since 2026年11月30日"
    when: date | None  # the date that orders it (due date, deadline, raised on)
    overdue: bool
    action_label: str | Promise
    action_url: str

    @property
    def urgency(self) -> tuple[int, date]:
        """Overdue first, then the earliest date. An undated task is overdue with no
        record at all (never contacted): the longest overdue, so the first."""
        return (0 if self.overdue else 1, self.when or date.min)


@dataclass(frozen=True)
class Batch:
    """The tasks of one kind a user has: the first ones, and how many in all."""

    tasks: list[Task] = field(default_factory=list)
    total: int = 0
    all_label: str | Promise = ""
    all_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.tasks), 0)


EMPTY = Batch()


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: int
    url: str = ""
