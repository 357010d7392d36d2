"""Assert how many SQL statements a block runs, printing them when the count is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_num_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    executed = len(ctx.captured_queries)
    if executed != expected:
        listing = "\n".join(f"{n}. {q['sql']}" for n, q in enumerate(ctx.captured_queries, start=1))
        raise AssertionError(f"{executed} queries run, {expected} expected:\n{listing}")


@contextmanager
def count_queries() -> Iterator[CaptureQueriesContext]:
    """Capture the queries of a block, to compare two runs (1 row against 50 rows)."""
    with CaptureQueriesContext(connection) as ctx:
        yield ctx


def assert_same_query_count(small: CaptureQueriesContext, large: CaptureQueriesContext) -> None:
    """Assert a page ran as many statements at 50 rows as at 1, listing both when not."""
    if len(small.captured_queries) != len(large.captured_queries):
        listings = [
            "\n".join(f"  {n}. {q['sql']}" for n, q in enumerate(ctx.captured_queries, start=1))
            for ctx in (small, large)
        ]
        raise AssertionError(
            f"{len(small.captured_queries)} queries with few rows:\n{listings[0]}\n"
            f"{len(large.captured_queries)} queries with many rows:\n{listings[1]}"
        )
