"""One page size for every list (issue 13 point 4)."""

from __future__ import annotations

from guanai.api import pagination
from guanai.core.paging import MAX_PAGE_SIZE, PAGE_SIZE, page_of


def test_the_api_pages_by_the_same_size_as_the_pages() -> None:
    assert pagination.PAGE_SIZE == PAGE_SIZE
    assert pagination.MAX_PAGE_SIZE == MAX_PAGE_SIZE


def test_a_wrong_page_number_gives_a_page_not_an_error() -> None:
    rows = list(range(PAGE_SIZE * 2 + 1))
    assert list(page_of(rows, "2")) == rows[PAGE_SIZE : PAGE_SIZE * 2]
    assert list(page_of(rows, "x")) == rows[:PAGE_SIZE]
    assert list(page_of(rows, "999")) == rows[PAGE_SIZE * 2 :]
