"""Files of imports kept on disk for a while: uploads and error workbooks (issue 12).

They hold full ID and phone numbers in clear, so they are readable by the application's
own user only (mode 0600, in a folder of mode 0700), whatever the umask of the process.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (mode 0700) if needed and return it."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    return folder


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, readable and writable by this user only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a file that existed keeps its mode otherwise
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
    finally:
        if fd >= 0:
            os.close(fd)


def remove_unknown(folder: Path, *, known: set[str], before: datetime) -> int:
    """Remove the files of ``folder`` not in ``known`` last changed before ``before``.

    They are files no job names any more (a process killed between writing a file and
    recording it); return how many were removed.
    """
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if not path.is_file() or str(path) in known:
            continue
        if path.stat().st_mtime < before.timestamp():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
