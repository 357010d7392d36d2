"""DATABASE_REPLICA_URL at start: a PostgreSQL replica is added, anything else refused.

Runs on both engines (the settings are loaded in a fresh process each time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connections, router

from guanai.core.db_router import replica_configured, replica_reads
from guanai.orgs.models import OrgUnit

PRIMARY = "postgres://postgres@127.0.0.1:5432/guanai"
SHOW = (
    "from django.conf import settings; d = settings.DATABASES; "
    "r = d.get('replica', {}); print(sorted(d), r.get('PORT'), r.get('TEST', {}).get('MIRROR'))"
)


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GUANAI_", "DJANGO_", "DATABASE_")) and k != "SECRET_KEY"
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "guanai.settings", "GUANAI_VAR_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_postgresql_replica_url_adds_the_replica_alias(tmp_path: Path) -> None:
    done = _settings(
        tmp_path,
        DATABASE_URL=PRIMARY,
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5433/guanai",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['default', 'replica'] 5433 default"


def test_without_a_replica_url_there_is_only_the_primary(tmp_path: Path) -> None:
    done = _settings(tmp_path, DATABASE_URL=PRIMARY)
    assert done.stdout.strip() == "['default'] None None"


def test_a_sqlite_replica_url_is_refused_at_start(tmp_path: Path) -> None:
    done = _settings(tmp_path, DATABASE_REPLICA_URL=f"sqlite:///{tmp_path}/copy.sqlite3")
    assert done.returncode != 0
    assert "DATABASE_REPLICA_URL must name a PostgreSQL streaming replica" in done.stderr
    assert "django.db.backends.sqlite3" in done.stderr


def test_a_replica_of_a_sqlite_primary_is_refused_at_start(tmp_path: Path) -> None:
    done = _settings(tmp_path, DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5433/g")
    assert done.returncode != 0
    assert "DATABASE_REPLICA_URL must name a PostgreSQL streaming replica" in done.stderr


def test_without_a_replica_heavy_reads_stay_on_the_primary() -> None:
    assert not replica_configured()
    assert list(connections) == ["default"]
    with replica_reads():
        assert router.db_for_read(OrgUnit) == "default"
