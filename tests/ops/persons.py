"""Reading the demo's persons: their age on a day, their current categories, child or adult."""

from __future__ import annotations

from datetime import date

from guanai.ops.demo.roster import AS_OF
from guanai.registry.models import Person


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def current(person: Person) -> set[str]:
    return {c.category for c in person.categories.all() if c.ended_on is None}


def is_child(person: Person) -> bool:
    return person.birth_date is not None and age_on(person.birth_date, AS_OF) < 18
