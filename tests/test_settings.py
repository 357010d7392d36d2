"""Production settings: the deploy checks pass, and the defaults are the safe ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GUANAI_", "DJANGO_")) and k not in {"DEBUG", "SECRET_KEY"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "guanai.settings"
    env["GUANAI_VAR_DIR"] = str(tmp_path)
    return env


def test_deploy_check_passes_with_production_defaults(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "guanai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # With no SECRET_KEY in the environment, one was generated beside the database, 0600.
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(key_file.read_text()) >= 50


def test_deploy_check_fails_when_debug_is_on(tmp_path: Path) -> None:
    env = _production_env(tmp_path) | {"DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "guanai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stdout + result.stderr


@pytest.mark.parametrize("days", ["0", "61", "seven"])
def test_an_offline_keep_days_out_of_range_stops_the_start(tmp_path: Path, days: str) -> None:
    env = _production_env(tmp_path) | {"GUANAI_OFFLINE_KEEP_DAYS": days}
    result = subprocess.run(
        [sys.executable, "-m", "guanai.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "GUANAI_OFFLINE_KEEP_DAYS" in result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db: None) -> None:
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "sqlite":
        assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
