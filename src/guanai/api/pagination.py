"""Page-number pagination with bounds, shared by every list of the API."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from guanai.core.paging import MAX_PAGE_SIZE, PAGE_SIZE

__all__ = ["MAX_PAGE", "MAX_PAGE_SIZE", "PAGE_SIZE", "Pages"]

# An unbounded page number becomes an OFFSET larger than SQLite's 64-bit integers, and
# the database would fail instead of returning an empty page.
MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    """Split a list into pages of ``page_size`` items (50 unless asked, at most 200)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
