"""The letters-home demo: a closed round for the last festival, most children wrote; an
open round for the next, a few marked — in each of two schools, the same every time."""

from __future__ import annotations

from datetime import date

from guanai.activities.letters import Source, occasion_by_key
from guanai.activities.models.letters import Letter, LetterRound, RoundStatus
from guanai.ops.demo.activity_letters import NOT_WRITTEN_EVERY, OPEN_MARKED, demo_letters
from guanai.registry.models import Category
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region

TODAY = date(2026, 11, 20)  # after 重阳节 (18 October), before 春节 2027


def test_a_closed_round_for_the_last_festival_and_an_open_one_for_the_next(
    region: Region,
) -> None:
    units = {"lengqi_school": region.lengqi_school, "luqiao_school": region.xinglong_school}
    for unit in units.values():
        for n in range(10):
            factories.person(unit, f"童{n}", categories=(Category.LEFT_BEHIND,), school=unit)
        factories.person(unit, "不在内", categories=(Category.DISABLED,), school=unit)
    with on(TODAY):
        marked = demo_letters(units, TODAY)
    rounds = LetterRound.objects.order_by("org_unit_id", "occasion_on")
    assert [(r.org_unit_id, r.occasion, r.status) for r in rounds] == [
        (unit.pk, code, status)
        for unit in sorted(units.values(), key=lambda u: u.pk)
        for code, status in (
            ("double_ninth", RoundStatus.CLOSED),
            ("spring_festival", RoundStatus.OPEN),
        )
    ]
    for r in rounds:
        occasion = occasion_by_key(f"{r.occasion}:{r.occasion_on.isoformat()}")
        assert occasion is not None and occasion.source == Source.LUNAR
        assert r.letters.count() == 10  # the left-behind children only
    closed = Letter.objects.filter(round__status=RoundStatus.CLOSED, written=True)
    assert closed.count() == 2 * (10 - 10 // NOT_WRITTEN_EVERY)
    assert all(date(2026, 10, 12) <= x.written_on <= date(2026, 10, 18) for x in closed)
    opened = Letter.objects.filter(round__status=RoundStatus.OPEN, written=True)
    assert opened.count() == 2 * OPEN_MARKED
    assert marked == closed.count() + opened.count()
