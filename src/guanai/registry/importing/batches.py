"""A roster's rows checked and cut into chunks ready to write, here or in a process of its own.

Checking is most of an import's Python work (normalising cells, ID numbers, dates,
encryption, pinyin) and writing is most of the database's. On a machine with a second
core the rows are checked in a child process while this one writes what the child has
checked: the child is forked once the file is read, so it has the table without copying
it, and it sends each chunk as database parameters, not as objects to rebuild.

An ID number twice in the file rejects both rows, as we cannot tell which is right; the
chunk holding the first of them must not be written before the second is seen. So a
first pass over the ID column sets aside the rows whose number may be there twice (a
cheap key, see ``Parser.id_key``); they are checked at the end, the rule applied among
them, and the survivors written last. No chunk then depends on another.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.orgs.models import OrgUnit
from guanai.registry.importing.planning import Plan, Prepared, plan_rows, prepare
from guanai.registry.importing.rows import Parser, Row

# Whether rows may be checked in a child process (tests set it to force either way).
CHECK_IN_CHILD = True


@dataclass
class Batch:
    """A chunk of rows that passed their checks, and the rows rejected on the way to it.

    ``ready`` is the chunk planned as new persons and converted for writing, made by the
    checker; ``confirmed`` says the checker saw that none of its ID numbers is stored
    (a child process, which has no database, cannot: the writer looks before writing).
    ``rows`` is None when the batch comes from a child: the writer checks again the rows
    it needs, by their ``offsets`` in the table, which gives the same rows.
    """

    offsets: list[int]
    hashes: list[str]
    rows: list[Row] | None
    ready: tuple[Plan, Prepared] | None = None
    confirmed: bool = False
    rejected: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    start: int = 0  # the table offset where the rows handled for this batch begin


Lookup = Callable[[Sequence[str]], dict[str, int]]


def batches(
    parser: Parser,
    *,
    chunk_size: int,
    org_unit: OrgUnit,
    acting_user: Actor,
    lookup: Lookup | None,
    prepare_new: bool,
) -> Generator[Batch]:
    """Check the table's rows and yield them in chunks of ``chunk_size`` good rows.

    With ``prepare_new``, a chunk none of whose ID numbers ``lookup`` finds stored (or
    every chunk, without ``lookup``) is planned as new persons and prepared for writing.
    """
    table = parser.table
    offsets = [o for o, cells in enumerate(table.rows) if "".join(cells).strip()]
    deferred = _maybe_twice(parser, offsets)

    def batch(rows: list[Row], rejected: list[Row], start: int) -> Batch:
        good = Batch(
            offsets=[r.number - table.first_row for r in rows],
            hashes=[r.id_hash for r in rows],
            rows=rows,
            rejected=rejected,
            warnings=[
                _("Row %(row)s: %(warning)s") % {"row": r.number, "warning": w}
                for r in rows
                for w in r.data.warnings
            ],
            start=start,
        )
        if prepare_new and rows and not (lookup is not None and lookup(good.hashes)):
            plan = plan_rows(
                rows, org_unit=org_unit, lock=False, schools=parser.school_names, existing={}
            )
            good.ready = (plan.outcome(), prepare(plan, acting_user))
            good.confirmed = lookup is not None
        return good

    rows: list[Row] = []
    rejected: list[Row] = []
    start = 0
    for offset in offsets:
        if offset in deferred:
            continue
        row = parser.parse(offset)
        (rejected if row.errors else rows).append(row)
        if len(rows) == chunk_size:
            yield batch(rows, rejected, start)
            rows, rejected, start = [], [], offset + 1
    # The rows set aside: the same ID number in two rows that pass their checks rejects both.
    twice = [parser.parse(offset) for offset in sorted(deferred)]
    _reject_repeated(twice)
    for row in twice:
        (rejected if row.errors else rows).append(row)
    for first in range(0, max(len(rows), 1), chunk_size):
        yield batch(rows[first : first + chunk_size], rejected if first == 0 else [], start)
        start = len(table.rows)


def _maybe_twice(parser: Parser, offsets: list[int]) -> set[int]:
    """Return the offsets of rows whose ID number may also be in another row."""
    seen: dict[str, int] = {}
    twice: set[int] = set()
    for offset in offsets:
        key = parser.id_key(offset)
        if not key:
            continue
        other = seen.setdefault(key, offset)
        if other != offset:
            twice.update((other, offset))
    return twice


def _reject_repeated(rows: list[Row]) -> None:
    """Give each row that passes its checks and shares its ID number with another an error."""
    same: dict[str, list[Row]] = {}
    for row in rows:
        if row.id_hash and not row.errors:
            same.setdefault(row.id_hash, []).append(row)
    for group in same.values():
        if len(group) < 2:
            continue
        for row in group:
            others = "、".join(str(r.number) for r in group if r is not row)
            row.errors.append(
                (
                    "id_number",
                    _("The same ID number is also in row %(rows)s of this file.")
                    % {"rows": others},
                )
            )


# --- Checking in a child process ----------------------------------------------------------


def child_available(rows: int, chunk_size: int) -> bool:
    """Return whether to check ``rows`` rows in a child process.

    Only for more than one chunk (a small file does not pay for a process), with a second
    core to run it on, and where a process may be forked: not on a platform without
    ``fork``, nor from a daemonic process, which may not have children.
    """
    return (
        CHECK_IN_CHILD
        and rows > chunk_size
        and "fork" in multiprocessing.get_all_start_methods()
        and _cores() > 1
        and not multiprocessing.current_process().daemon
    )


def _cores() -> int:
    """Return the number of cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; not on macOS
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def in_child(produce: Callable[[], Iterator[Batch]]) -> Generator[Batch]:
    """Run ``produce`` in a forked child process; yield its batches here, in order.

    The child sends a batch and waits until this process takes it, so it checks at most
    a chunk or two ahead of the writing. An error in the child is raised here, with the
    child's traceback as a note; leaving early (an error while writing) stops the child.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=partial(_child, produce, receiver, sender), name="roster-checker", daemon=True
    )
    child.start()
    sender.close()
    try:
        while True:
            try:
                kind, payload = receiver.recv()
            except (EOFError, OSError) as exc:  # it died: out of memory, killed …
                child.join(timeout=5)
                raise RuntimeError(
                    f"The roster checking process ended without a result (exit code "
                    f"{child.exitcode})."
                ) from exc
            if kind == "end":
                break
            if kind == "error":
                raise payload
            yield payload
    finally:
        receiver.close()
        child.join(timeout=5)  # it ends by itself once it has sent "end"
        if child.is_alive():  # stopped early: it ignores SIGTERM, and holds nothing to save
            child.kill()
            child.join()
        child.close()


def _child(produce: Callable[[], Iterator[Batch]], receiver: Any, sender: Any) -> None:
    # Its copy of the pipe's reading end: were it open, the child would wait for ever on a
    # full pipe after the parent died, instead of failing on the broken pipe.
    receiver.close()
    # Signals are the parent's to handle (a worker's graceful stop, Ctrl-C): the parent
    # stops the child when it must, with SIGKILL.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _leave_the_database_alone()
    try:
        for batch in produce():
            # Not sent: the parent checks again the rows of a chunk it must plan itself
            # (one that holds stored persons), which gives the same rows.
            batch.rows = None
            sender.send(("batch", batch))
        sender.send(("end", None))
    except BaseException as exc:  # raised again in the parent
        exc.add_note("In the roster checking process:\n" + traceback.format_exc())
        try:
            sender.send(("error", exc))
        except Exception:  # not picklable (or the parent is gone): its text will do
            with contextlib.suppress(Exception):
                sender.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        sender.close()


_INHERITED: list[Any] = []


def _leave_the_database_alone() -> None:
    """Make sure the child never speaks on the connection it inherited from its parent.

    The connection is the parent's (the same socket, the same SQLite handle): one query
    from here, or closing it, would break the parent's session. It is kept referenced
    (never closed; the child ends with ``os._exit``) and any attempt to connect fails.
    """
    _INHERITED.append(connection.connection)
    connection.connection = None

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("The roster checking process does not use the database.")

    connection.connect = refuse  # type: ignore[method-assign]
