"""Dates that cannot be true are refused (issue 12 point 10): before 1900, or too far ahead."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed

TODAY = date(2026, 12, 6)


def test_a_day_before_1900_is_refused() -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        check_plausible_day(date(1899, 12, 31), field="occurred_on", today=TODAY)

    assert refused.value.field == "occurred_on"
    assert str(refused.value.message) == "1899-12-31 早于1900年，请核对年份。"


def test_a_future_day_is_refused_unless_allowed() -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        check_plausible_day(date(2026, 12, 7), field="birth_date", today=TODAY)
    assert str(refused.value.message) == "2026-12-07 is in the future."

    assert check_plausible_day(date(2027, 9, 1), field="x", days_ahead=366, today=TODAY)
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        check_plausible_day(date(2205, 9, 1), field="x", days_ahead=366, today=TODAY)
    assert str(refused.value.message) == "2205-09-01 is after 2027-12-07; check the year."


def test_the_edges_pass() -> None:
    assert check_plausible_day(date(1900, 1, 1), field="x", today=TODAY) == date(1900, 1, 1)
    assert check_plausible_day(TODAY, field="x", today=TODAY) == TODAY
    assert check_plausible_day(date(9999, 1, 1), field="x", days_ahead=None) == date(9999, 1, 1)
