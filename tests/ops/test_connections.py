"""Database connections under load (issue 24 point 2): persistent connections with a health
check by default, and a statement timeout for the web workers that the task worker has not.

The settings are read in processes of their own (the test settings open one connection per
request, see ``settings_test``); the timeout is proven on a real PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from guanai.ops.management.commands.serve import (
    STATEMENT_TIMEOUT_ENV,
    gunicorn_env,
    worker_env,
)
from tests.ops.processes import REPO, child_env

SHOW = (
    "import json; from django.conf import settings; from django.db import connection; "
    "d = settings.DATABASES['default']; "
    "timeout = None\n"
    "if connection.vendor == 'postgresql':\n"
    "    with connection.cursor() as c: c.execute('SHOW statement_timeout'); "
    "timeout = c.fetchone()[0]\n"
    "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], timeout]))"
)


def _run(code: str, env: dict[str, str], settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guanai.cli", "shell", "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in child_env().items() if not k.startswith("GUANAI_")}
    env.pop("CONN_MAX_AGE", None)
    return {**env, "GUANAI_VAR_DIR": str(tmp_path), "GUANAI_HTTPS": "0", **extra}


@pytest.mark.django_db
def test_production_keeps_a_connection_ten_minutes_and_checks_it_first(tmp_path: Path) -> None:
    result = _run(SHOW, _production(tmp_path), "guanai.settings")
    assert result.returncode == 0, result.stderr
    max_age, health_checks, timeout = json.loads(result.stdout.splitlines()[-1])
    assert (max_age, health_checks) == (600, True)
    # Without guanai serve's environment no statement is cut short (the shell, the worker).
    assert timeout in (None, "0")

    again = _run(SHOW, _production(tmp_path, CONN_MAX_AGE="0"), "guanai.settings")
    assert json.loads(again.stdout.splitlines()[-1])[0] == 0


def test_web_workers_stop_a_statement_before_gunicorn_kills_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(STATEMENT_TIMEOUT_ENV, raising=False)
    assert (
        gunicorn_env(worker_memory=1024, worker_address_space=0, timeout=60)[STATEMENT_TIMEOUT_ENV]
        == "55"
    )
    assert (
        gunicorn_env(worker_memory=1024, worker_address_space=0, timeout=3)[STATEMENT_TIMEOUT_ENV]
        == "1"
    )
    # The operator's own value wins; the task worker never gets one.
    monkeypatch.setenv(STATEMENT_TIMEOUT_ENV, "20")
    assert (
        gunicorn_env(worker_memory=1024, worker_address_space=0, timeout=60)[STATEMENT_TIMEOUT_ENV]
        == "20"
    )
    assert STATEMENT_TIMEOUT_ENV not in worker_env()
    assert os.environ[STATEMENT_TIMEOUT_ENV] == "20"


@pytest.mark.django_db
def test_a_statement_past_the_timeout_is_cancelled_by_postgresql(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no statement timeout")
    env = {**child_env(), STATEMENT_TIMEOUT_ENV: "1"}
    shown = _run(SHOW, env, "guanai.settings_test")
    assert json.loads(shown.stdout.splitlines()[-1])[2] == "1s", shown.stderr

    slow = _run(
        "from django.db import connection\n"
        "with connection.cursor() as c: c.execute('SELECT pg_sleep(3)')\n"
        "print('finished')",
        env,
        "guanai.settings_test",
    )
    assert slow.returncode != 0
    assert "canceling statement due to statement timeout" in slow.stderr
    assert "finished" not in slow.stdout

    # The same statement in the task worker's environment runs to its end.
    patient = _run(
        "from django.db import connection\n"
        "with connection.cursor() as c: c.execute('SELECT pg_sleep(1.5)')\n"
        "print('finished')",
        {k: v for k, v in env.items() if k != STATEMENT_TIMEOUT_ENV},
        "guanai.settings_test",
    )
    assert patient.stdout.strip().endswith("finished"), patient.stderr
