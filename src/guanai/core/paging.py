"""Pagination helpers."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator


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
