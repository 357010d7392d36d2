"""The one rule for text a user writes: refuse what does not fit, never cut it."""

from __future__ import annotations

import pytest
from django.utils import translation

from guanai.core.errors import ValidationFailed
from guanai.core.text import column_limit, fits, within
from guanai.registry.models import Transfer


def test_text_within_the_limit_is_returned_whole() -> None:
    assert within("满" * 5, 5) == "满" * 5
    assert fits("迁居", Transfer, "reason") == "迁居"


def test_longer_text_is_refused_in_chinese_naming_the_limit_and_the_field() -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        within("长" * 6, 5, field="note")
    assert (refused.value.field, str(refused.value.message)) == ("note", "此处最多填写 5 个字。")
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        fits("长" * 201, Transfer, "reason")
    assert refused.value.field == "reason"
    assert str(refused.value.message) == "Write at most 200 characters here."


def test_the_limit_is_the_model_fields() -> None:
    assert column_limit(Transfer, "reason") == Transfer._meta.get_field("reason").max_length
    with pytest.raises(TypeError):
        column_limit(Transfer, "handover_note")  # a TextField: no column limit to read


def test_a_long_value_is_quoted_shortened_with_a_visible_mark() -> None:
    from guanai.core.text import QUOTE_MAX, quoted

    assert quoted("2026-13") == "2026-13"
    long = "x" * 500
    assert quoted(long) == "x" * (QUOTE_MAX - 1) + "…"
    assert len(quoted(long, 150)) == 150
