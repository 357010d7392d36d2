"""``guanai import-roster`` as a user runs it: through the console script's entry point.

Issue 12, point 19: the end-to-end command is timed with its start-up, and Django's system
checks (which import every URL and the whole API) were a tenth of it; the import runs
none. ``call_command`` skips the checks anyway, so these tests go through ``cli.main``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.core.checks.registry import registry

from guanai.cli import main
from guanai.registry.models import Person
from tests.conftest import Region

XLSX = Path(__file__).resolve().parents[1] / "data" / "roster_messy.xlsx"


@pytest.fixture
def failing_check() -> Iterator[None]:
    """A system check that always fails, as a misconfigured page or API would."""

    def broken(**kwargs: Any) -> list[checks.CheckMessage]:
        return [checks.Error("A page is misconfigured.", id="tests.E001")]

    checks.register(broken)
    yield
    registry.registered_checks.discard(broken)


@pytest.mark.django_db(transaction=True)  # the command closes its connection
def test_the_command_imports_without_running_the_system_checks(
    region: Region, failing_check: None, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["guanai", "import-roster", str(XLSX), "--org", "513322101000"])
    out = capsys.readouterr().out.splitlines()
    assert json.loads(out[-1]) == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 9}
    assert Person.objects.count() == 7


def test_other_commands_still_run_the_system_checks(failing_check: None) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["guanai", "check"])
    assert exited.value.code == 1
