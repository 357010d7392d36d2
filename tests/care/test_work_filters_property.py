"""The work list's filters on any rows: kind and status together keep exactly what each
keeps on its own, keep no person without an item, and the sort puts the most urgent first."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from guanai.care.models import CareKind, FrequencyRule, Period
from guanai.care.periods import Outcome, Status
from guanai.care.work_filters import WorkFilter
from guanai.care.worklist import WorkItem, WorkRow
from guanai.registry.models import Person

KINDS = list(CareKind.values)

items = st.builds(
    lambda kinds, status, deadline, code: WorkItem(
        FrequencyRule(code=code, kinds=",".join(kinds), period=Period.MONTH),
        False,
        Outcome(Status(status), 0, 1, deadline),
    ),
    st.lists(st.sampled_from(KINDS), max_size=3, unique=True),
    st.sampled_from([s.value for s in Status]),
    st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))),
    st.sampled_from(["a", "b", "c"]),
)
rows = st.lists(
    st.builds(
        lambda n, its: WorkRow(Person(pk=n, name=f"p{n}"), "", None, its),
        st.integers(1, 10_000),
        st.lists(items, max_size=4),
    ),
    max_size=8,
)
kinds = st.sampled_from(["", *KINDS])
statuses = st.sampled_from(["", *[s.value for s in Status]])


def _pairs(filtered: list[WorkRow]) -> list[tuple[int, list[WorkItem]]]:
    return [(r.person.pk, r.items) for r in filtered]


@given(rows, kinds, statuses)
def test_kind_and_status_together_keep_what_each_keeps(
    given_rows: list[WorkRow], kind: str, status: str
) -> None:
    both = WorkFilter(kind=kind, status=status).rows(given_rows)
    one_then_other = WorkFilter(status=status).rows(WorkFilter(kind=kind).rows(given_rows))

    assert _pairs(both) == _pairs(one_then_other)
    for row in both:
        assert row.items or not (kind or status)  # unfiltered, a person without rules stays
        for item in row.items:
            assert not status or item.status == status
            assert not kind or not item.rule.kind_list or kind in item.rule.kind_list


@given(rows)
def test_the_sort_puts_overdue_before_due_before_done(given_rows: list[WorkRow]) -> None:
    order = {Status.OVERDUE: 0, Status.DUE: 1, Status.DONE: 2}
    ranked = sorted(given_rows, key=lambda r: r.sort_key)

    urgencies = [min((order[i.status] for i in r.items), default=3) for r in ranked]
    assert urgencies == sorted(urgencies)
