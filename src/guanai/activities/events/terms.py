"""School terms: the autumn term runs September to January, the spring term February to
August (the summer holiday's outings and visits count in the spring term, so that every
event falls in one term)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Term:
    """A school term: ``year`` is the calendar year it starts in; ``autumn`` or spring."""

    year: int
    autumn: bool

    @property
    def starts_on(self) -> date:
        return date(self.year, 9, 1) if self.autumn else date(self.year, 2, 1)

    @property
    def ends_on(self) -> date:
        """The last day of the term (inclusive)."""
        return date(self.year + 1, 1, 31) if self.autumn else date(self.year, 8, 31)

    @property
    def code(self) -> str:
        """The term in a URL: ``2026-autumn``, ``2027-spring``."""
        return f"{self.year}-{'autumn' if self.autumn else 'spring'}"

    @property
    def label(self) -> str:
        if self.autumn:
            return _("Autumn term %(year)s") % {"year": self.year}
        return _("Spring term %(year)s") % {"year": self.year}

    def previous(self) -> Term:
        return Term(self.year, autumn=False) if self.autumn else Term(self.year - 1, autumn=True)

    def next(self) -> Term:
        return Term(self.year, autumn=True) if not self.autumn else Term(self.year + 1, False)


def term_of(day: date) -> Term:
    """Return the term ``day`` falls in (January belongs to the autumn term before it)."""
    if day.month >= 9:
        return Term(day.year, autumn=True)
    if day.month == 1:
        return Term(day.year - 1, autumn=True)
    return Term(day.year, autumn=False)


def parse_term(code: str) -> Term | None:
    """Return the term a URL names (``2026-autumn``), or ``None`` for anything else."""
    year, _sep, season = code.partition("-")
    if not (year.isascii() and year.isdigit() and len(year) == 4) or season not in (
        "autumn",
        "spring",
    ):
        return None
    return Term(int(year), autumn=season == "autumn")
