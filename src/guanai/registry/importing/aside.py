"""Writing chunks on a thread, and database connection, of its own (PostgreSQL).

PostgreSQL works in a server process of its own: while it inserts, checks and commits one
chunk, this process checks the next. SQLite works inside this process, and its
executemany takes Python's GIL back for every row, so a writer thread gains nothing
there (measured: the same total time).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from django.db import connection
from django.utils import timezone, translation

from guanai.registry.importing.planning import Plan

# Databases on which chunks are written on a thread of their own.
WRITE_ASIDE_VENDORS = frozenset({"postgresql"})


def writes_aside(rows: int, chunk_size: int) -> bool:
    """Return whether to write the chunks of ``rows`` rows on a thread of their own.

    Only for more than one chunk (a small import does not pay for a second connection),
    and never inside a transaction of the caller's: the writer's connection could not see
    what that transaction wrote, nor be rolled back with it.
    """
    return (
        rows > chunk_size
        and connection.vendor in WRITE_ASIDE_VENDORS
        and not connection.in_atomic_block
    )


class ChunkWriter:
    """Run chunk writes one after the other on a thread, and database connection, of its own.

    The queue holds one chunk, so that planning runs at most one chunk ahead of writing
    (memory stays that of two chunks). The first error stops the writing; the writer
    still takes (and drops) what is submitted after it, so the submitter never waits for
    ever, and the error is raised to the submitter at its next call.
    """

    def __init__(self) -> None:
        self.plans: list[Plan] = []
        self._jobs: queue.Queue[Callable[[], list[Plan]] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        # Messages (a refused row's reason) are in the caller's language, dates in its zone.
        self._language = translation.get_language()
        self._zone = timezone.get_current_timezone()
        self._thread = threading.Thread(target=self._work, name="roster-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            with translation.override(self._language), timezone.override(self._zone):
                while (job := self._jobs.get()) is not None:
                    if self._error is not None:
                        continue
                    try:
                        self.plans += job()
                    except BaseException as exc:  # raised again on the submitting thread
                        self._error = exc
        finally:
            # This thread's own connection, opened by its first query.
            connection.close()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, job: Callable[[], list[Plan]]) -> None:
        self._raise()
        self._jobs.put(job)

    def finish(self) -> list[Plan]:
        """Wait for the writes; return their plans, or raise the writer's error."""
        self._jobs.put(None)
        self._thread.join()
        self._raise()
        return self.plans

    def abandon(self) -> None:
        """Stop after the chunk being written (the submitter failed); wait for it."""
        self._jobs.put(None)
        self._thread.join()
