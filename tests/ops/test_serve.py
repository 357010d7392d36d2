"""``guanai serve``: one bad request cannot hold a worker (issue 12, point 11).

The limits are gunicorn's own flags and two hooks of ours; the memory guard is proven on a
real gunicorn: with a limit below what any Django worker uses, every request is answered
and its worker is then replaced.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from guanai.ops.management.commands.serve import DEFAULTS, gunicorn_command, gunicorn_env
from tests.ops.processes import REPO, child_env


def _flag(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_serve_limits_request_time_and_recycles_workers_with_jitter() -> None:
    command = gunicorn_command(
        host="127.0.0.1",
        port="8000",
        workers=DEFAULTS["workers"],
        timeout=DEFAULTS["timeout"],
        graceful_timeout=DEFAULTS["graceful_timeout"],
        max_requests=DEFAULTS["max_requests"],
        max_requests_jitter=DEFAULTS["max_requests_jitter"],
    )

    assert _flag(command, "--config") == "python:guanai.ops.gunicorn_conf"
    assert int(_flag(command, "--timeout")) == 60
    assert int(_flag(command, "--graceful-timeout")) == 30
    assert int(_flag(command, "--max-requests")) == 1000
    assert int(_flag(command, "--max-requests-jitter")) == 100
    env = gunicorn_env(worker_memory=1024, worker_address_space=4096)
    assert env["GUANAI_WORKER_MEMORY_MB"] == "1024"
    assert env["GUANAI_WORKER_ADDRESS_SPACE_MB"] == "4096"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url) as response:  # noqa: S310 - our own local server
                return int(response.status)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {url}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_past_its_memory_limit_answers_and_is_replaced(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    command = gunicorn_command(
        host="127.0.0.1",
        port=str(port),
        workers=1,
        timeout=30,
        graceful_timeout=5,
        max_requests=0,
        max_requests_jitter=0,
    )
    env = {
        **child_env(),
        **gunicorn_env(worker_memory=1, worker_address_space=0),
    }
    command[0] = sys.executable
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=out)
        try:
            # Given a worker limited to 1 MB, when two pages are asked for one after the
            # other, then both are served and the worker was replaced in between.
            assert _get(f"http://127.0.0.1:{port}/accounts/login/") == 200
            assert _get(f"http://127.0.0.1:{port}/accounts/login/") == 200
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert "more than the limit of 1 MB: restarting it" in text
    assert text.count("Booting worker") >= 2
