"""Gunicorn hooks that keep one bad request from holding or exhausting a worker.

``guanai serve`` passes the limits on the command line and loads this module with
``--config python:guanai.ops.gunicorn_conf``. Gunicorn has no memory limit of its own, so
two guards are set here, read from the environment ``guanai serve`` gives its workers:

* ``GUANAI_WORKER_MEMORY_MB`` — after each request a worker whose resident memory has grown
  past this many megabytes finishes and is replaced (as uWSGI's ``reload-on-rss`` does):
  memory a large page or upload took is given back to the machine.
* ``GUANAI_WORKER_ADDRESS_SPACE_MB`` — a hard ceiling on a worker's address space
  (``RLIMIT_AS``): an allocation past it fails inside that one request instead of pushing
  the machine into swap or the OOM killer, and gunicorn starts a fresh worker if it dies.
  0 leaves it unlimited.

The time limits (``--timeout``, ``--graceful-timeout``) and the restart after
``--max-requests`` (with jitter, so workers do not all restart at once) are gunicorn's own.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path
from typing import Any

MEMORY_ENV = "GUANAI_WORKER_MEMORY_MB"
ADDRESS_SPACE_ENV = "GUANAI_WORKER_ADDRESS_SPACE_MB"
MB = 1024 * 1024


def _megabytes(name: str) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else 0


def resident_megabytes() -> float:
    """Return this process's resident memory now, in megabytes (Linux /proc)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, ValueError, IndexError):
        # No /proc (not Linux): the peak so far is the best measure there is.
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return pages * os.sysconf("SC_PAGE_SIZE") / MB


def post_fork(server: Any, worker: Any) -> None:
    """Cap the new worker's address space (``GUANAI_WORKER_ADDRESS_SPACE_MB``)."""
    limit = _megabytes(ADDRESS_SPACE_ENV)
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit * MB, limit * MB))


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """Retire a worker whose memory grew past ``GUANAI_WORKER_MEMORY_MB``."""
    limit = _megabytes(MEMORY_ENV)
    if not limit:
        return
    used = resident_megabytes()
    if used > limit:
        worker.log.warning(
            "Worker %s uses %.0f MB, more than the limit of %s MB: restarting it.",
            worker.pid,
            used,
            limit,
        )
        # The worker finishes the request it is on and exits; the arbiter starts another.
        worker.alive = False
