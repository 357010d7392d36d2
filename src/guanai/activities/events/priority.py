"""Who gets the places of an event: special-group persons first, by category priority.

The order of categories is a unit's choice (``CategoryPriority``); without one, the default
below puts first the children with no one to look after them (orphans, de-facto
unsupported children), then disabled persons, left-behind and single-parent children, the
extremely poor and "three-no" persons, minimum-living-guarantee households, major illness
and migrant workers' children — the plans' own order of who must not be left out (篇一:
"优先安排留守儿童参加活动"; 篇八 puts orphans and the unsupported first). A person with no
category ranks after every category (``OTHERS``); a person with several takes the best.

``allocate`` is pure: given everyone still in the running (enrolled or waiting) with their
rank and order of arrival, it returns who holds the places and who waits, in order. Every
change of an event's lists (enrolling one, a class, cancelling) runs it again, so the
lists always keep its invariants: never more enrolled than places, nobody waiting while
a place is free, and no one enrolled ranks after anyone waiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from guanai.registry.models import Category

DEFAULT_ORDER: tuple[str, ...] = (
    Category.ORPHAN,
    Category.UNSUPPORTED_CHILD,
    Category.DISABLED,
    Category.LEFT_BEHIND,
    Category.SINGLE_PARENT,
    Category.TEKUN,
    Category.SANWU,
    Category.DIBAO,
    Category.MAJOR_ILLNESS,
    Category.MIGRANT_CHILD,
)

# The rank of a person with no category: after every category a unit can rank.
OTHERS = 100


def default_ranks() -> dict[str, int]:
    return {str(code): rank for rank, code in enumerate(DEFAULT_ORDER, start=1)}


def rank_of(categories: Iterable[str], ranks: Mapping[str, int]) -> int:
    """Return a person's rank: the best of their categories' ranks, ``OTHERS`` for none.

    A category the unit's order leaves out ranks just before the persons with none.
    """
    return min((ranks.get(code, OTHERS - 1) for code in categories), default=OTHERS)


@dataclass(frozen=True)
class Candidate:
    """Someone enrolled or waiting: ``key`` names them (a person's id)."""

    key: int
    rank: int
    position: int


@dataclass(frozen=True)
class Allocation:
    enrolled: list[int]
    waiting: list[int]


def allocate(candidates: Sequence[Candidate], capacity: int | None) -> Allocation:
    """Give the places by rank, then order of arrival; the others wait in that order.

    ``capacity`` ``None`` is an event without a limit: everyone is enrolled.
    """
    ordered = sorted(candidates, key=lambda c: (c.rank, c.position))
    cut = len(ordered) if capacity is None else capacity
    return Allocation(
        enrolled=[c.key for c in ordered[:cut]], waiting=[c.key for c in ordered[cut:]]
    )
