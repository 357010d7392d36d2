"""The letters-home demo (issue 15, points 5 and 8): one closed round for the last
traditional festival and one open round for the next, in two schools.

冷碛镇中心小学 and 泸桥镇中心小学 each open, through the service as the system, a round for
the festival before the demo's day — most of their left-behind children wrote (every fifth
did not), and the round is closed — and a round for the next festival, open, with a few
letters marked. Fast and deterministic: the rounds and their lists go through the services;
the letters written, some hundred rows nobody entered, are marked with one ``update`` per
day (django-auditlog records nothing for them, as for the other demo rows written in bulk).
"""

from __future__ import annotations

from datetime import date, timedelta

from guanai.activities.letters import Occasion, occasions, round_close, round_create
from guanai.activities.letters.festivals import Source
from guanai.activities.letters.forms import prefilled
from guanai.activities.models.letters import Letter, LetterRound
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit

SCHOOLS = ("lengqi_school", "luqiao_school")
# Every fifth child of the closed round did not write; the open round has a few marked.
NOT_WRITTEN_EVERY = 5
OPEN_MARKED = 3


def _festivals(today: date) -> tuple[Occasion, Occasion]:
    """Return the last traditional festival before ``today`` and the next from today."""
    around = [
        o
        for o in occasions(today - timedelta(days=200), today + timedelta(days=200))
        if o.source == Source.LUNAR
    ]
    last = [o for o in around if o.on < today][-1]
    upcoming = next(o for o in around if o.on >= today)
    return last, upcoming


def _round(unit: OrgUnit, occasion: Occasion) -> LetterRound:
    # Two weeks before the occasion to a week after it, as the form offers it ahead.
    start = prefilled(occasion, date.min)
    return round_create(
        acting_user=SYSTEM,
        org_unit=unit,
        occasion=occasion.key,
        title=start["title"],
        opens_on=start["opens_on"],
        closes_on=start["closes_on"],
    )


def _mark(letters: list[Letter], days: list[date]) -> int:
    """Mark ``letters`` written, spread over ``days`` (one statement a day)."""
    by_day: dict[date, list[int]] = {}
    for n, letter in enumerate(letters):
        by_day.setdefault(days[n % len(days)], []).append(letter.pk)
    for day, ids in by_day.items():
        Letter.objects.filter(pk__in=ids).update(written=True, written_on=day)
    return len(letters)


def demo_letters(units: dict[str, OrgUnit], today: date) -> int:
    """Open the two rounds in each school; return how many letters are marked written."""
    last, upcoming = _festivals(today)
    marked = 0
    for key in SCHOOLS:
        closed = _round(units[key], last)
        letters = list(closed.letters.order_by("pk"))
        wrote = [x for n, x in enumerate(letters) if n % NOT_WRITTEN_EVERY != NOT_WRITTEN_EVERY - 1]
        # Written in the days before the festival and on it, never after today.
        days = [d for d in (last.on - timedelta(days=k) for k in (6, 4, 2, 0)) if d <= today]
        marked += _mark(wrote, days or [today])
        round_close(acting_user=SYSTEM, letter_round=closed, version=closed.version)
        opened = _round(units[key], upcoming)
        few = list(opened.letters.order_by("pk")[:OPEN_MARKED])
        marked += _mark(few, [today])
    return marked
