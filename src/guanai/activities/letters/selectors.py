"""Reads of letters-home rounds: the rounds of a user's units with their progress, and one
round's children by class with who wrote.

A fixed number of queries whatever the size: the rounds with their counts in one; a round's
sheet in two (the letters with their children, and their scans).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from guanai.accounts.scoping import AnyUser
from guanai.activities.letters.access import letters_visible, rounds_visible
from guanai.activities.models.letters import Letter, LetterRound
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, PersonCategory


def rounds_list(user: AnyUser) -> QuerySet[LetterRound]:
    """Return the user's rounds, the latest first, each with ``letters_total`` and
    ``letters_written``."""
    return (
        rounds_visible(user)
        .annotate(
            letters_total=Count("letters"),
            letters_written=Count("letters", filter=Q(letters__written=True)),
        )
        .order_by("-opens_on", "-pk")
    )


def round_counts(letter_round: LetterRound) -> tuple[int, int]:
    """Return (written, total) of a round read through ``rounds_list``."""
    annotated: Any = letter_round
    return annotated.letters_written, annotated.letters_total


@dataclass
class Progress:
    """How many of a group wrote: the round's, or one class's."""

    label: str
    written: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.written / self.total) if self.total else 0


@dataclass
class ClassLetters:
    # The class's place in the round (1, 2 …), the same whichever classes a page shows.
    number: int
    progress: Progress
    letters: list[Letter] = field(default_factory=list)


@dataclass
class Sheet:
    """A round's letters, class by class, and its progress."""

    classes: list[ClassLetters]
    progress: Progress

    @property
    def letters(self) -> list[Letter]:
        return [letter for group in self.classes for letter in group.letters]


def class_label(person: Person) -> str:
    """Return "中心小学 三年级2班", the school (or unit) followed by the grade and class."""
    school = person.school.name if person.school is not None else person.org_unit.name
    return f"{school} {person.grade}{person.class_name}".strip()


def round_letters(user: AnyUser, letter_round: LetterRound) -> QuerySet[Letter]:
    """Return the round's letters the user may read, by school, class and name."""
    return (
        letters_visible(user)
        .filter(round=letter_round)
        .select_related("person__school", "person__org_unit", "recorded_by")
        .prefetch_related("scans")
        .order_by(
            "person__school__path",
            "person__org_unit__path",
            "person__grade",
            "person__class_name",
            "person__name_sort",
            "pk",
        )
    )


def round_sheet(user: AnyUser, letter_round: LetterRound) -> Sheet:
    """Return the round's letters grouped by class, with each class's progress."""
    groups: dict[str, ClassLetters] = {}
    total = Progress("")
    for letter in round_letters(user, letter_round):
        label = class_label(letter.person)
        group = groups.get(label)
        if group is None:
            group = groups[label] = ClassLetters(len(groups) + 1, Progress(label))
        group.letters.append(letter)
        for progress in (group.progress, total):
            progress.total += 1
            progress.written += letter.written
    return Sheet(list(groups.values()), total)


def persons_for_round(unit: OrgUnit, categories: Sequence[str], on: dt.date) -> QuerySet[Person]:
    """Return the persons on file in ``unit``'s subtree with one of ``categories`` in force
    on ``on``: the children a new round lists."""
    in_force = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on),
        person=OuterRef("pk"),
        category__in=list(categories),
        started_on__lte=on,
    )
    return Person.objects.filter(
        subtree_q([unit], field="org_unit__path"), Exists(in_force), archived_at__isnull=True
    ).order_by("pk")
