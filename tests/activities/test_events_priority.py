"""The priority rule for places, the school terms: pure functions, checked with hypothesis."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from guanai.activities.events import priority
from guanai.activities.events.priority import Candidate, allocate
from guanai.activities.events.terms import Term, parse_term, term_of

candidates = st.lists(
    st.builds(Candidate, key=st.integers(), rank=st.integers(1, 100), position=st.integers()),
    unique_by=(lambda c: c.key, lambda c: c.position),
    max_size=40,
)


def test_orphans_come_first_and_persons_without_category_last() -> None:
    ranks = priority.default_ranks()

    assert priority.rank_of(["left_behind", "orphan"], ranks) == 1
    assert priority.rank_of(["left_behind"], ranks) < priority.rank_of(["dibao"], ranks)
    assert priority.rank_of([], ranks) == priority.OTHERS
    # A category a unit's own order leaves out still ranks before no category at all
    assert priority.rank_of(["dibao"], {"orphan": 1}) < priority.OTHERS


def test_places_go_by_rank_then_arrival() -> None:
    found = allocate(
        [Candidate(1, 100, 1), Candidate(2, 4, 2), Candidate(3, 1, 3), Candidate(4, 4, 4)], 2
    )

    assert found.enrolled == [3, 2]
    assert found.waiting == [4, 1]


@given(candidates, st.one_of(st.none(), st.integers(1, 50)))
def test_allocation_keeps_its_invariants(found: list[Candidate], capacity: int | None) -> None:
    result = allocate(found, capacity)
    by_key = {c.key: c for c in found}

    assert sorted(result.enrolled + result.waiting) == sorted(by_key)
    if capacity is None:
        assert result.waiting == []
    else:
        # Never more enrolled than places, and no one waits while a place is free
        assert len(result.enrolled) == min(capacity, len(found))
    worst_enrolled = max((by_key[k].rank for k in result.enrolled), default=0)
    best_waiting = min((by_key[k].rank for k in result.waiting), default=priority.OTHERS + 1)
    assert worst_enrolled <= best_waiting


@dataclass
class Lists:
    """An event's lists as the service keeps them: active candidates and the next arrival."""

    active: dict[int, Candidate] = field(default_factory=dict)
    arrivals: int = 0


class EnrolAndCancel(RuleBasedStateMachine):
    """Bulk enrolments and cancellations in any order keep the lists' invariants, and a
    cancellation of an enrolled person moves the first one waiting up."""

    def __init__(self) -> None:
        super().__init__()
        self.lists = Lists()
        self.capacity = 3
        self.result = allocate([], self.capacity)

    def _allocate(self) -> None:
        self.result = allocate(list(self.lists.active.values()), self.capacity)

    @rule(ranks=st.lists(st.integers(1, 12), min_size=1, max_size=6))
    def enrol_a_class(self, ranks: list[int]) -> None:
        for rank in ranks:
            self.lists.arrivals += 1
            key = self.lists.arrivals
            self.lists.active[key] = Candidate(key, rank, key)
        self._allocate()

    @precondition(lambda self: bool(self.result.enrolled))
    @rule(data=st.data())
    def cancel_an_enrolled_person(self, data: st.DataObject) -> None:
        waiting_before = list(self.result.waiting)
        key = data.draw(st.sampled_from(self.result.enrolled))
        del self.lists.active[key]
        self._allocate()
        if waiting_before:
            assert waiting_before[0] in self.result.enrolled
            assert self.result.waiting == waiting_before[1:]

    @precondition(lambda self: bool(self.result.waiting))
    @rule(data=st.data())
    def cancel_a_waiting_person(self, data: st.DataObject) -> None:
        enrolled_before = list(self.result.enrolled)
        del self.lists.active[data.draw(st.sampled_from(self.result.waiting))]
        self._allocate()
        assert self.result.enrolled == enrolled_before

    @invariant()
    def never_more_than_capacity_nor_a_free_place_with_someone_waiting(self) -> None:
        assert len(self.result.enrolled) <= self.capacity
        if self.result.waiting:
            assert len(self.result.enrolled) == self.capacity

    @invariant()
    def no_one_enrolled_ranks_after_anyone_waiting(self) -> None:
        ranks = {k: c.rank for k, c in self.lists.active.items()}
        if self.result.enrolled and self.result.waiting:
            assert max(ranks[k] for k in self.result.enrolled) <= min(
                ranks[k] for k in self.result.waiting
            )


TestEnrolAndCancel = EnrolAndCancel.TestCase
TestEnrolAndCancel.settings = settings(max_examples=60, stateful_step_count=20)


def test_terms_run_september_to_january_and_february_to_august() -> None:
    assert term_of(date(2026, 9, 1)) == Term(2026, autumn=True)
    assert term_of(date(2027, 1, 31)) == Term(2026, autumn=True)
    assert term_of(date(2027, 2, 1)) == Term(2027, autumn=False)
    assert term_of(date(2027, 8, 31)) == Term(2027, autumn=False)
    assert Term(2026, autumn=True).ends_on == date(2027, 1, 31)
    assert Term(2026, autumn=True).next() == Term(2027, autumn=False)
    assert Term(2027, autumn=False).previous() == Term(2026, autumn=True)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_falls_in_its_term(day: date) -> None:
    term = term_of(day)

    assert term.starts_on <= day <= term.ends_on
    assert parse_term(term.code) == term
    assert term.next().starts_on > term.ends_on


def test_a_term_in_a_url_is_read_or_refused() -> None:
    assert parse_term("2026-autumn") == Term(2026, autumn=True)
    for wrong in ("", "2026", "2026-summer", "٢٠٢٦-autumn", "20266-spring", "2026-"):
        assert parse_term(wrong) is None
