"""A PostgreSQL streaming standby of a running cluster, on this machine: what the router's
tests (``tests/support/replica.py``) and the load test's replica run (``bench/load.py
--replica``) both start.

``start_standby`` copies the cluster with ``pg_basebackup -R`` into a temporary folder and
starts it on a free port as a hot standby (a few seconds for a test cluster, longer for a
large one); ``Standby.stop`` stops it and removes the folder. The primary must accept
replication connections from 127.0.0.1 (``.ci/pg-replication``). No pytest here: failures
raise ``StandbyError`` with what to do.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A standby refuses to start with less of these than its primary has.
COPIED_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class StandbyError(RuntimeError):
    """The standby could not be made or started; the message says why and what to do."""


@dataclass
class Standby:
    port: int
    folder: Path
    seconds_to_start: float
    pg_ctl: str

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def stop(self) -> None:
        subprocess.run(
            _as_owner([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def primary_settings(cursor: Any) -> tuple[int, dict[str, str]]:
    """The primary's major version and the settings its standby must copy, read through a
    DB-API cursor on the primary."""
    cursor.execute("SHOW server_version_num")
    major = int(cursor.fetchone()[0]) // 10000
    copied = {}
    for name in COPIED_SETTINGS:
        cursor.execute(f"SHOW {name}")
        copied[name] = str(cursor.fetchone()[0])
    return major, copied


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bin_dir(major: int) -> Path:
    debian = Path(f"/usr/lib/postgresql/{major}/bin")
    if (debian / "pg_ctl").exists():
        return debian
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise StandbyError(
        f"PostgreSQL {major} runs here but its programs (pg_basebackup, pg_ctl) are not "
        f"on this machine ({debian} or PATH): install its server package."
    )


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as ``postgres`` then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        hint = ""
        if "replication connection" in done.stderr or "pg_hba.conf" in done.stderr:
            hint = "\nRun .ci/pg-replication to let replication connections from 127.0.0.1 in."
        raise StandbyError(f"{what} failed:\n{done.stderr.strip()}{hint}")


def start_standby(
    *,
    host: str,
    port: int,
    user: str,
    major: int,
    copied: dict[str, str],
    overrides: dict[str, str] | None = None,
) -> Standby:
    """Copy the cluster at ``host:port`` and start the copy as its hot standby; ``overrides``
    are settings of the standby's own (a load test's replica keeps the primary's memory)."""
    tools = bin_dir(major)
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="guanai-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres", group="postgres")
    data = folder / "data"
    standby_port = free_port()
    _run(
        [
            str(tools / "pg_basebackup"),
            *("-h", host, "-p", str(port), "-U", user, "-D", str(data)),
            # -R: standby.signal and primary_conninfo; a fast checkpoint and no fsync,
            # or the copy waits for the primary's next checkpoint and the disk.
            *("-R", "-X", "stream", "-c", "fast", "--no-sync"),
        ],
        "pg_basebackup of the primary",
    )
    # Debian keeps postgresql.conf and pg_hba.conf outside the data folder.
    settings = {
        **copied,
        "port": str(standby_port),
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{folder}'",
        "hot_standby": "on",
        "fsync": "off",
        "shared_buffers": "'32MB'",
        "logging_collector": "off",
        **(overrides or {}),
    }
    conf = "".join(f"{name} = {value}\n" for name, value in settings.items())
    for name, text in {
        "postgresql.conf": conf,
        "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        "pg_ident.conf": "",
    }.items():
        (data / name).write_text(text)
        if os.geteuid() == 0:
            shutil.chown(data / name, user="postgres", group="postgres")
    pg_ctl = str(tools / "pg_ctl")
    log = folder / "replica.log"
    standby = Standby(port=standby_port, folder=folder, seconds_to_start=0.0, pg_ctl=pg_ctl)
    try:
        _run(
            [pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "600", "start"],
            "Starting the replica",
        )
    except StandbyError:
        standby.stop()
        raise
    standby.seconds_to_start = time.monotonic() - started
    return standby
