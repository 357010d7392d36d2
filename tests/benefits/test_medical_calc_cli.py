"""``guanai medical-calc`` (issue 5 §4): one claim as JSON on stdin, the amounts on stdout.

The console script runs in its own process, as a clerk or a script would run it. It reads
no database, so these tests need none. Each process takes seconds to start Django, so the
bad values beyond the first few are given to the same command inside the test's process
(``call_command``): the command's checks are the same, only the start is saved.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.ops.processes import GUANAI, REPO

CLAIM: dict[str, Any] = {
    "categories": ["五保户"],
    "total_cost": "12000",
    "insurance_paid": "6000",
    "ineligible_cost": "1000",
    "admitted": "2026-03-01",
    "discharged": "2026-03-06",
    "disease": "leukemia",
    "surgery": False,
    "year_assistance_so_far": "48000",
    "temporary_request": "3000",
    "year_temporary_so_far": "6000",
}
AMOUNTS = (
    "eligible_out_of_pocket",
    "medical_assistance",
    "second_round",
    "hospital_allowance",
    "lump_sum",
    "temporary",
    "total",
)


def calc(stdin: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "guanai.settings_test",
        # A database that cannot be opened: the calculator must not need one.
        "DATABASE_URL": "sqlite:////nonexistent/guanai/none.sqlite3",
    }
    return subprocess.run(
        [str(GUANAI), "medical-calc"],
        env=env,
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_claim_gives_every_amount_with_its_explanation() -> None:
    result = calc(json.dumps(CLAIM))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert {key: output[key] for key in AMOUNTS} == {
        "eligible_out_of_pocket": "5000.00",  # 12,000 − 6,000 − 1,000
        "medical_assistance": "2000.00",  # 3,500, cut to the 2,000 left of 50,000
        "second_round": "0.00",
        "hospital_allowance": "85.00",  # 5 days × ¥17 (五保户 = tekun)
        "lump_sum": "5000.00",  # leukaemia without surgery
        "temporary": "2000.00",  # 3,000 asked, 2,000 left of 8,000
        "total": "9085.00",
    }
    assert len(output["explanation"]) == 7
    assert all(isinstance(line, str) and line for line in output["explanation"])
    assert "¥3,500.00" in output["explanation"][1]
    assert "¥48,000.00" in output["explanation"][1]


def test_json_numbers_stay_exact_and_missing_amounts_are_zero() -> None:
    # 12.5 would be 12.5000000000000003 as a float; parse_float=Decimal keeps it exact.
    claim = {
        "categories": ["dibao"],
        "total_cost": 12.5,
        "admitted": "2026-03-01",
        "discharged": "2026-03-01",
        "second_round": True,
    }
    result = calc(json.dumps(claim))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["eligible_out_of_pocket"] == "12.50"
    assert output["medical_assistance"] == "8.75"  # 12.50 × 70 %
    assert output["second_round"] == "1.88"  # 3.75 × 50 % = 1.875, half up
    assert output["hospital_allowance"] == "7.00"  # same day = 1 day × ¥7
    assert output["temporary"] == output["lump_sum"] == "0.00"
    assert Decimal(output["total"]) == sum(
        Decimal(output[key]) for key in AMOUNTS if key not in ("total", "eligible_out_of_pocket")
    )


def test_a_person_in_no_poor_group_gets_zero() -> None:
    result = calc(json.dumps({**CLAIM, "categories": ["disabled"]}))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["total"] == output["medical_assistance"] == "0.00"
    assert len(output["explanation"]) == 1


@pytest.mark.parametrize(
    ("stdin", "shown"),
    [
        ("{not json", "JSON"),
        ('["tekun"]', "{"),
        (json.dumps({**CLAIM, "discharged": "2026-02-28"}), "2026年2月28日"),  # DATE_FORMAT
    ],
)
def test_bad_input_is_refused_on_stderr_with_nothing_on_stdout(stdin: str, shown: str) -> None:
    result = calc(stdin)
    assert result.returncode != 0
    assert result.stdout == ""
    assert shown in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("stdin", "shown"),
    [
        ("", "JSON"),
        (json.dumps({**CLAIM, "total_cost": "12,000.123"}), "total_cost"),
        (json.dumps({**CLAIM, "insurance_paid": "abc"}), "abc"),
        (json.dumps({**CLAIM, "insurance_paid": "-5"}), "insurance_paid"),
        (json.dumps({**CLAIM, "categories": ["贫困户"]}), "贫困户"),
        (json.dumps({**CLAIM, "surgery": "maybe"}), "maybe"),
        (json.dumps({**CLAIM, "year_assistance_so_far": "x"}), "year_assistance_so_far"),
    ],
)
def test_each_bad_value_is_refused_with_a_message_naming_it(
    stdin: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("medical_calc", stdout=out)
    assert out.getvalue() == ""
    assert shown in str(refused.value)
