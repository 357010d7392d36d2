"""Heavy reads from a PostgreSQL streaming replica, with read-your-writes.

``DATABASE_REPLICA_URL`` (optional) adds the alias ``replica`` to ``DATABASES``. Code that
reads much and writes nothing — dashboards, KPI pages, exports, the fact refresh's reading
side — opts in with ``replica_reads()``, as a decorator or a ``with`` block; every other
read, and every write, goes to the primary (``default``), as without a replica.

Inside ``replica_reads()`` a read still goes to the primary when what it reads may be newer
than the replica (read-your-writes):

- the request (or, outside a request, the code running) has written something: the rest of
  the request reads the primary; outside a request, the next
  ``GUANAI_READ_YOUR_WRITES_SECONDS``;
- the browser wrote in a request less than ``GUANAI_READ_YOUR_WRITES_SECONDS`` ago (a
  signed cookie set by ``ReadYourWritesMiddleware``): the page a form redirects to shows
  what the form saved, however far the replica lags;
- a transaction is open on the primary (it may hold rows nobody else sees yet).

Bookkeeping written on every request (the session, the access log, django-axes' login
attempts) does not count as a write. Without ``DATABASE_REPLICA_URL`` the router answers
nothing, the middleware removes itself and ``replica_reads()`` changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
COOKIE = "guanai_wrote"
COOKIE_SALT = "guanai.core.db_router"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Rows written on every request (or every login) that nobody reads back from a page.
BOOKKEEPING = frozenset({"sessions", "axes"})
# An export job's progress is written as it reads: the reads are not the job's own rows.
BOOKKEEPING_MODELS = frozenset({"core.accesslog", "sheets.exportjob"})


def replica_configured() -> bool:
    return REPLICA in connections  # the aliases of settings.DATABASES; no query


def window_seconds() -> int:
    return int(getattr(settings, "GUANAI_READ_YOUR_WRITES_SECONDS", 5))


@dataclass
class _Writes:
    """What the running request (or thread, outside requests) has written."""

    in_request: bool = False
    cookie: bool = False  # the browser wrote in the last few seconds
    last: float | None = None  # time.monotonic() of the last write seen here

    def recent(self) -> bool:
        if self.cookie or (self.in_request and self.last is not None):
            return True  # a request that wrote reads the primary to its end
        return self.last is not None and time.monotonic() - self.last < window_seconds()


_writes: ContextVar[_Writes | None] = ContextVar("guanai_writes", default=None)
_heavy: ContextVar[bool] = ContextVar("guanai_replica_reads", default=False)


def _counts_as_write(model: type[Model] | None) -> bool:
    if model is None:
        return True
    meta = model._meta
    return meta.app_label not in BOOKKEEPING and meta.label_lower not in BOOKKEEPING_MODELS


def note_write() -> None:
    """Record a write that the router cannot see (raw SQL on the primary)."""
    writes = _writes.get()
    if writes is None:
        writes = _Writes()
        _writes.set(writes)
    writes.last = time.monotonic()


def forget_writes() -> None:
    """Forget the writes seen outside requests in this thread (between independent jobs,
    or tests, that one thread runs one after the other)."""
    _writes.set(None)


def reading_replica() -> bool:
    """Whether a read made now would go to the replica."""
    if not _heavy.get() or not replica_configured():
        return False
    writes = _writes.get()
    if writes is not None and writes.recent():
        return False
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads of the block (or of the decorated function) to the replica.

    ``@replica_reads()`` on a view, ``with replica_reads():`` around the reading part of a
    job. Writes inside still go to the primary, and reads after them too.
    """
    token = _heavy.set(True)
    try:
        yield
    finally:
        _heavy.reset(token)


class ReplicaRouter:
    """``DATABASE_ROUTERS``: reads inside ``replica_reads()`` to the replica, the rest to
    the primary; nothing migrates on the replica (it copies the primary)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        if _counts_as_write(model):
            note_write()
        # Explicit: an object read from the replica is saved to the primary.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        both = {obj1._state.db or DEFAULT_DB_ALIAS, obj2._state.db or DEFAULT_DB_ALIAS}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


class ReadYourWritesMiddleware:
    """Pin a request to the primary after the browser's own recent writes.

    A request that wrote (or used POST, PUT, PATCH or DELETE) sets a signed cookie
    that expires after ``GUANAI_READ_YOUR_WRITES_SECONDS``; a request that carries a valid
    one reads only the primary. Removed at start when no replica is configured.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = window_seconds()
        recent = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT, max_age=seconds)
        writes = _Writes(in_request=True, cookie=recent is not None)
        token = _writes.set(writes)
        try:
            response = self.get_response(request)
        finally:
            _writes.reset(token)
        if writes.last is not None or request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                COOKIE,
                "1",
                salt=COOKIE_SALT,
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
