"""School terms (学期) as term evaluations name them: "2025-2026-1" is the autumn term."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

TERM_PATTERN = re.compile(r"^(\d{4})-(\d{4})-([12])$")


@dataclass(frozen=True, order=True)
class Term:
    """A school term: ``start`` is the year the school year begins, ``part`` 1 (autumn,
    September to January) or 2 (spring, February to August)."""

    start: int
    part: int

    def __str__(self) -> str:
        return f"{self.start}-{self.start + 1}-{self.part}"

    @property
    def label(self) -> str:
        values = {"start": self.start, "end": self.start + 1}
        if self.part == 1:
            return _("%(start)s–%(end)s, first term") % values
        return _("%(start)s–%(end)s, second term") % values

    @property
    def first_day(self) -> date:
        return date(self.start, 9, 1) if self.part == 1 else date(self.start + 1, 2, 1)

    @property
    def last_day(self) -> date:
        return date(self.start + 1, 1, 31) if self.part == 1 else date(self.start + 1, 8, 31)

    def previous(self) -> Term:
        return Term(self.start, 1) if self.part == 2 else Term(self.start - 1, 2)


def term_of(day: date) -> Term:
    """Return the term ``day`` falls in: September–January the first term of the school
    year starting in September, February–August the second."""
    if day.month >= 9:
        return Term(day.year, 1)
    if day.month == 1:
        return Term(day.year - 1, 1)
    return Term(day.year - 1, 2)


def term_parse(text: str) -> Term:
    """Read a term written "2025-2026-1"; anything else is refused."""
    match = TERM_PATTERN.match(text.strip())
    if match is None or int(match[2]) != int(match[1]) + 1 or int(match[1]) < 1900:
        raise ValidationFailed(
            _("Write the term as 2025-2026-1 (first term) or 2025-2026-2 (second term)."),
            field="term",
        )
    return Term(int(match[1]), int(match[3]))


def term_label(text: str) -> str:
    """Return a stored term as the pages show it ("2025—2026学年第一学期"); a term stored
    before the form was checked ("2026春") is shown as written rather than refused."""
    try:
        return term_parse(text).label
    except ValidationFailed:
        return text


def recent_terms(today: date | None = None, count: int = 4) -> list[Term]:
    """Return the current term and the ones before it, the current first."""
    terms = [term_of(today or timezone.localdate())]
    while len(terms) < count:
        terms.append(terms[-1].previous())
    return terms
