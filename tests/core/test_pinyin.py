"""Pinyin of names: surname readings, initials for search, and a key for ordering."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pypinyin.pinyin_dict import pinyin_dict

from guanai.core.pinyin import SURNAMES, full_pinyin, initials, sort_key

# Every surname the design names, with the reading it must get (DESIGN §3 and the brief).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "乐": "yue",
    "召": "shao",
    "繁": "po",
    "种": "chong",
    "员": "yun",
    "翟": "zhai",
    "重": "chong",
    "句": "gou",
    "能": "nai",
    "过": "guo",
    "秘": "bi",
    "隗": "wei",
    "宓": "fu",
}

# Han characters pypinyin has a reading for (a few dozen in the block, e.g. 兙, have none).
READABLE_HAN = sorted(chr(code) for code in pinyin_dict if 0x4E00 <= code <= 0x9FFF)


@pytest.mark.parametrize(("surname", "reading"), SURNAME_READINGS.items())
def test_surname_table_reads_the_surname(surname: str, reading: str) -> None:
    name = surname + "明"
    assert full_pinyin(name) == reading + "ming"
    assert initials(name) == "".join(syllable[0] for syllable in SURNAMES[surname]) + "m"
    assert len(initials(name)) == len(name)


def test_every_table_entry_has_one_toned_syllable_per_character() -> None:
    for surname, syllables in SURNAMES.items():
        assert len(syllables) == len(surname), surname
        for syllable in syllables:
            assert syllable[:-1].isascii() and syllable[:-1].isalpha(), surname
            assert syllable[-1] in "12345", surname


@pytest.mark.parametrize(
    ("name", "pinyin", "letters"),
    [
        ("张三", "zhangsan", "zs"),
        ("曾强", "zengqiang", "zq"),
        ("单文军", "shanwenjun", "swj"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("解晓东", "xiexiaodong", "xxd"),
        ("查良镛", "zhaliangyong", "zly"),
        ("朴成", "piaocheng", "pc"),
        ("覃海", "qinhai", "qh"),
        ("吕绿", "lvlv", "ll"),
        ("泽仁拉姆", "zerenlamu", "zrlm"),
    ],
)
def test_names(name: str, pinyin: str, letters: str) -> None:
    assert full_pinyin(name) == pinyin
    assert initials(name) == letters


def test_initials_find_a_name() -> None:
    roster = ["李四", "张三", "曾强", "单文军", "张珊珊"]
    assert [name for name in roster if initials(name) == "zs"] == ["张三"]
    assert [name for name in roster if initials(name).startswith("zs")] == ["张三", "张珊珊"]
    assert [name for name in roster if "zengq" in full_pinyin(name)] == ["曾强"]


@pytest.mark.parametrize(
    ("name", "pinyin", "letters"),
    [
        # The same characters outside the surname position keep pypinyin's reading.
        ("张乐", "zhangle", "zl"),
        ("张宓", "zhangmi", "zm"),
        ("王曾", "wangceng", "wc"),
        ("李单", "lidan", "ld"),
        # 长 alone is "chang"; only 长孙 is "zhangsun".
        ("长明", "changming", "cm"),
    ],
)
def test_the_table_applies_to_the_surname_only(name: str, pinyin: str, letters: str) -> None:
    assert full_pinyin(name) == pinyin
    assert initials(name) == letters


@pytest.mark.parametrize(
    ("name", "pinyin", "letters"),
    [
        ("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),
        # Other dots people type for the same name.
        ("阿依古丽・买买提", "ayigulimaimaiti", "ayglmmt"),
        ("阿依古丽．买买提", "ayigulimaimaiti", "ayglmmt"),
        ("阿依古丽.买买提", "ayigulimaimaiti", "ayglmmt"),
        # A transliteration starts with a given name, so 查 is not the surname "zha".
        ("查尔斯·狄更斯", "chaersidigengsi", "cesdgs"),
    ],
)
def test_names_with_a_middle_dot(name: str, pinyin: str, letters: str) -> None:
    assert full_pinyin(name) == pinyin
    assert initials(name) == letters


@pytest.mark.parametrize(
    ("name", "pinyin", "letters"),
    [
        ("Li Ming", "liming", "liming"),
        ("张Tom三", "zhangtomsan", "ztoms"),
        ("ＺＨＡＮＧ三", "zhangsan", "zhangs"),  # full-width letters become ASCII
        ("曾 强", "zengqiang", "zq"),  # a space before the given name
        ("\u3000张三 ", "zhangsan", "zs"),  # the ideographic space too
        ("张三2", "zhangsan2", "zs2"),
        ("兙强", "兙qiang", "兙q"),  # a Han character without a reading passes through
    ],
)
def test_mixed_names(name: str, pinyin: str, letters: str) -> None:
    assert full_pinyin(name) == pinyin
    assert initials(name) == letters


@pytest.mark.parametrize("name", ["", " ", "·"])
def test_empty_names(name: str) -> None:
    assert full_pinyin(name) == initials(name) == sort_key(name) == ""


def test_sort_key_orders_by_syllable_then_tone_then_character() -> None:
    names = ["张三丰", "章三", "张三", "詹姆", "张安", "曾强", "单文军", "李四", "阿依古丽·买买提"]
    assert sorted(names, key=sort_key) == [
        "阿依古丽·买买提",  # a1 …
        "李四",  # li3
        "单文军",  # shan4, not dan1
        "曾强",  # zeng1, not ceng2
        "詹姆",  # zhan1 before zhang1: the tone digit ends the syllable
        "张安",  # zhang1 an1 before zhang1 san1
        "张三",  # zhang1 san1, a prefix of the next
        "张三丰",
        "章三",  # zhang1 as well, but every 张 comes before every 章
    ]
    assert sort_key("张三") == "zhang1张san1三"
    assert sort_key("单文军") == "shan4单wen2文jun1军"


def test_sort_key_keeps_a_surname_together() -> None:
    # By the whole pinyin 陈 and 程 interleave: chenan < chengli < chenxiao.
    names = ["陈晓", "程立", "陈安", "程安", "陈明"]
    assert sorted(names, key=sort_key) == ["陈安", "陈明", "陈晓", "程安", "程立"]
    assert sorted(names, key=full_pinyin) != sorted(names, key=sort_key)


def test_sort_key_digits_sort_before_letters() -> None:
    # The ordering above relies on this in the database too: digits precede letters in
    # the C collation and in every locale collation.
    assert sort_key("詹") < sort_key("张") < sort_key("张安")
    assert sort_key("詹") == "zhan1詹"


# Names of one to four readable Han characters, sometimes two parts joined by "·".
han_names = st.text(st.sampled_from(READABLE_HAN), min_size=1, max_size=4)
names = han_names | st.tuples(han_names, han_names).map("·".join)


@given(names)
@example("尉迟恭")
@example("万俟卨")
@example("阿依古丽·买买提")
def test_initials_have_one_letter_per_han_character(name: str) -> None:
    han_count = len(name.replace("·", ""))
    letters = initials(name)
    pinyin = full_pinyin(name)
    assert len(letters) == han_count
    assert letters.isascii() and letters.isalpha() and letters.islower()
    assert pinyin.isascii() and pinyin.isalpha() and pinyin.islower()
    assert len(pinyin) >= han_count
    assert pinyin.startswith(letters[0])
    key = sort_key(name)
    # Each Han character is in its key once, after its syllable and tone.
    assert [c for c in key if not c.isascii()] == list(name.replace("·", ""))
