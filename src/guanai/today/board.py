"""The "today" page's content for one user: the tasks of every source, most urgent first,
the kinds with more than the page lists, and a few figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from guanai.accounts.models import User
from guanai.today import selectors
from guanai.today.items import Batch, Figure, Task
from guanai.today.sources import SOURCES, Source


@dataclass(frozen=True)
class Today:
    day: date
    tasks: list[Task]  # every source's first tasks, the most urgent first
    batches: list[Batch]  # the sources that gave something, in the order of SOURCES
    figures: list[Figure]

    @property
    def total(self) -> int:
        return sum(b.total for b in self.batches)

    @property
    def more(self) -> list[Batch]:
        """The kinds with more tasks than the page lists, each with the page listing all."""
        return [b for b in self.batches if b.more]


def today_for(
    user: User, *, day: date | None = None, sources: tuple[Source, ...] = SOURCES
) -> Today:
    """Return what ``user`` has to do today, from every source, and their figures."""
    day = day or timezone.localdate()
    batches = [found for source in sources if (found := source(user, day)).total]
    tasks = sorted((t for b in batches for t in b.tasks), key=lambda t: t.urgency)
    return Today(day=day, tasks=tasks, batches=batches, figures=selectors.figures(user))
