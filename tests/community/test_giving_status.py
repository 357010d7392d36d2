"""A need's status from the goods matched to it: none, part, all, more than enough."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guanai.community.giving import NeedStatus, need_progress


@pytest.mark.parametrize(
    ("given_", "status", "remaining", "surplus"),
    [
        (0, NeedStatus.OPEN, 4, 0),
        (2, NeedStatus.PARTLY_MET, 2, 0),
        (4, NeedStatus.MET, 0, 0),
        (6, NeedStatus.MET, 0, 2),
    ],
)
def test_four_washing_machines_none_part_all_and_more_than_enough(
    given_: int, status: NeedStatus, remaining: int, surplus: int
) -> None:
    progress = need_progress(4, given_)

    assert (progress.status, progress.remaining, progress.surplus) == (status, remaining, surplus)


@given(needed=st.integers(1, 10**6), given_=st.integers(0, 10**6))
def test_what_remains_and_the_surplus_account_for_every_item(needed: int, given_: int) -> None:
    progress = need_progress(needed, given_)

    assert progress.given - progress.surplus + progress.remaining == needed
    assert min(progress.remaining, progress.surplus) == 0
    assert (progress.status == NeedStatus.MET) == (progress.remaining == 0)
    assert (progress.status == NeedStatus.OPEN) == (given_ == 0)


@given(needed=st.integers(1, 1000), first=st.integers(0, 1000), more=st.integers(1, 1000))
def test_more_goods_never_make_a_need_less_met(needed: int, first: int, more: int) -> None:
    order = list(NeedStatus)
    before = need_progress(needed, first)
    after = need_progress(needed, first + more)

    assert order.index(after.status) >= order.index(before.status)
    assert after.remaining <= before.remaining


@pytest.mark.parametrize(("needed", "given_"), [(0, 0), (-1, 0), (3, -1)])
def test_a_need_of_nothing_or_a_negative_gift_is_a_programming_error(
    needed: int, given_: int
) -> None:
    with pytest.raises(ValueError):
        need_progress(needed, given_)
