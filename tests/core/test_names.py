"""Names with invisible or direction-changing characters are refused (issue 12 point 10)."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.names import check_name_characters, hidden_characters

HIDDEN = [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u202d",  # LEFT-TO-RIGHT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u2069",  # POP DIRECTIONAL ISOLATE
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u061c",  # ARABIC LETTER MARK
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u2060",  # WORD JOINER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE (BOM)
    "\x07",  # a control character
]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_a_hidden_character_anywhere_in_a_name_is_refused_in_chinese(hidden: str) -> None:
    for name in (f"张{hidden}三", f"{hidden}张三", f"张三{hidden}"):
        with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
            check_name_characters(name)

        assert refused.value.field == "name"
        assert f"U+{ord(hidden):04X}" in str(refused.value.message)
        assert "重新输入姓名" in str(refused.value.message)


@pytest.mark.parametrize(
    "name",
    ["张三", "欧阳娜娜", "阿依古丽·买买提", "བཀྲ་ཤིས་", "ꀉꂿꃅ", "Zhang San", "李小龙（小名）"],
)
def test_names_of_every_people_pass(name: str) -> None:
    assert check_name_characters(name) == name


@given(st.text(alphabet=st.characters(categories=["Lo", "Lu", "Ll", "Zs", "Po"]), max_size=20))
def test_visible_text_passes(name: str) -> None:
    assert hidden_characters(name) == []
    assert check_name_characters(name) == name


@given(
    st.text(alphabet=st.characters(categories=["Lo"]), max_size=5),
    st.sampled_from(HIDDEN),
    st.text(alphabet=st.characters(categories=["Lo"]), max_size=5),
)
def test_one_hidden_character_is_enough_to_refuse(before: str, hidden: str, after: str) -> None:
    with pytest.raises(ValidationFailed):
        check_name_characters(before + hidden + after)
