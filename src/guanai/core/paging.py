"""Pagination helpers."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator

# Rows per page of every list, on the pages and in the API (which allows up to the maximum).
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def page_of(rows: Any, number: Any, *, per_page: int = PAGE_SIZE) -> Page[Any]:
    """Return the page ``number`` (as the query string gives it) of ``rows``.

    A missing, wrong or too large number gives the first or the last page, as Django's
    ``get_page`` does: a clerk following an old link sees a list, not an error.
    """
    return Paginator(rows, per_page).get_page(number)


class CountedPaginator(Paginator):
    """A paginator told its total, so that it does not count the rows a second time.

    For lists whose page already knows how many rows there are (from counts shown on the
    page, or a count taken to choose how to page): counting a county's rows again costs a
    scan of all of them.
    """

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
