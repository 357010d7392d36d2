"""Pinyin of personal names for search and ordering (DESIGN §3).

pypinyin reads a character by its most common reading, which is wrong for many surnames:
曾 is "zeng" in 曾强, not "ceng"; 单 is "shan" in 单文军, not "dan". ``SURNAMES`` fixes the
reading of the first character(s) of a name — and only there, so 张乐 still reads "le" —
and pypinyin reads the rest with its phrase dictionary.

Names joined with a middle dot (阿依古丽·买买提, 查尔斯·狄更斯) are transliterations whose
first part is a given name, so the surname table does not apply to them and the dot is
dropped. Characters that are not Han (Latin letters, digits) pass through lowercased.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

# Surnames whose reading differs from the everyday one, as (surname, syllables with tone
# number). Double surnames come first in matching (see _SURNAME_LENGTHS). The tones feed
# sort_key, so an entry is worth having even where pypinyin already gets the letters right.
SURNAMES: dict[str, tuple[str, ...]] = {
    # Double surnames: pypinyin usually knows them as phrases, but not next to every
    # given name, and 长 alone is "chang" while 长孙 is "zhangsun".
    "尉迟": ("yu4", "chi2"),
    "万俟": ("mo4", "qi2"),
    "长孙": ("zhang3", "sun1"),
    "澹台": ("tan2", "tai2"),
    "令狐": ("ling2", "hu2"),
    # Single surnames.
    "曾": ("zeng1",),
    "单": ("shan4",),
    "解": ("xie4",),
    "仇": ("qiu2",),
    "区": ("ou1",),
    "朴": ("piao2",),
    "查": ("zha1",),
    "覃": ("qin2",),
    "盖": ("ge3",),
    "缪": ("miao4",),
    "乐": ("yue4",),
    "召": ("shao4",),
    "繁": ("po2",),
    "种": ("chong2",),
    "员": ("yun4",),
    "翟": ("zhai2",),
    "重": ("chong2",),
    "句": ("gou1",),
    "能": ("nai4",),
    "过": ("guo1",),
    "秘": ("bi4",),
    "隗": ("wei3",),
    "宓": ("fu2",),
    "长": ("chang2",),
    "折": ("she2",),
    "阚": ("kan4",),
    "蕃": ("pi2",),
    "祭": ("zhai4",),
    "佴": ("nai4",),
    "卜": ("bu3",),
    "薄": ("bo2",),
    "都": ("du1",),
    "任": ("ren2",),
    "纪": ("ji3",),
    "燕": ("yan1",),
    "那": ("na1",),
    "华": ("hua4",),
    "相": ("xiang4",),
    "占": ("zhan1",),
}
_SURNAME_LENGTHS = sorted({len(surname) for surname in SURNAMES}, reverse=True)

# Dropped before reading: spaces (also the ideographic space, which NFKC turns into
# U+0020) and the middle dots people type between the parts of a transliterated name.
_SPACES = re.compile(r"\s+")
_DOTS = re.compile("[\u00b7\u2022\u2027\u2219\u22c5\u30fb.]")
# pypinyin leaves the neutral tone unnumbered (its neutral_tone_with_five option would also
# append "5" to text handed to the callback below), so a missing digit is read as 5 here.
_READING = re.compile(r"([a-z]+)([1-5]?)")
# pypinyin hands text it cannot read (non-Han, or a Han character without a known
# reading) to this callback; the mark tells such text apart from a reading.
_UNREAD_MARK = "\x00"


class _Syllable(NamedTuple):
    letters: str  # "zhang" for a Han character; the lowercased text otherwise
    tone: str  # "1" … "5" for a Han character; "" otherwise
    char: str = ""  # the Han character read (张); "" otherwise

    @property
    def han(self) -> bool:
        return bool(self.tone)


def _passed_through(text: str) -> str:
    return _UNREAD_MARK + text


def _read(text: str) -> list[_Syllable]:
    # In most names no two neighbouring characters make a phrase of pypinyin's dictionary;
    # pypinyin then reads character by character, so that is done here from a cache of
    # each character's reading, which makes a roster of 100,000 names several times faster.
    if len(text) <= _SHORT and not _has_phrase(text):
        return [syllable for char in text for syllable in _read_char(char)]
    return _read_text(text)


_SHORT = 4


def _has_phrase(text: str) -> bool:
    """Return whether some run of two or more characters of ``text`` is a known phrase."""
    # Loops, not any() over a generator: this runs for every name of an import.
    n = len(text)
    for i in range(n - 1):
        for j in range(i + 2, n + 1):
            if text[i:j] in PHRASES_DICT:
                return True
    return False


@functools.lru_cache(maxsize=8192)
def _read_char(char: str) -> tuple[_Syllable, ...]:
    return tuple(_read_text(char))


def _read_text(text: str) -> list[_Syllable]:
    syllables = []
    # pypinyin gives one reading per Han character and the text between them whole, in
    # order, so walking ``text`` alongside tells which character each reading is of.
    at = 0
    for item in lazy_pinyin(text, style=Style.TONE3, errors=_passed_through):
        reading = _READING.fullmatch(item)
        if reading and not item.startswith(_UNREAD_MARK):
            syllables.append(_Syllable(reading[1], reading[2] or "5", text[at : at + 1]))
            at += 1
        elif item := item.removeprefix(_UNREAD_MARK):
            syllables.append(_Syllable(item.lower(), ""))
            at += len(item)
    return syllables


# Cached because callers usually want all three of full_pinyin, initials and sort_key of
# the same name (an import computes them for every row).
@functools.lru_cache(maxsize=4096)
def _syllables(name: str) -> tuple[_Syllable, ...]:
    """Return the syllables of ``name``: the surname from the table, the rest from pypinyin."""
    # NFKC turns full-width letters and digits (ｚｈａｎｇ, １) into ASCII.
    text = unicodedata.normalize("NFKC", name)
    # Most names are letters only, so have neither spaces nor dots to drop.
    if not text.isalpha():
        text = _SPACES.sub("", text)
        if _DOTS.search(text):
            return tuple(_read(_DOTS.sub("", text)))
    for length in _SURNAME_LENGTHS:
        surname = SURNAMES.get(text[:length])
        if surname is not None:
            head = [
                _Syllable(reading[:-1], reading[-1], char)
                for reading, char in zip(surname, text, strict=False)
            ]
            return tuple(head + _read(text[length:]))
    return tuple(_read(text))


def full_pinyin(name: str) -> str:
    """Return the pinyin of ``name`` in lowercase, without tones or spaces: 张三 → zhangsan."""
    return "".join(syllable.letters for syllable in _syllables(name))


def initials(name: str) -> str:
    """Return the first letter of each syllable of ``name``: 张三 → zs, 单文军 → swj.

    Text that is not Han passes through whole (张Tom → ztom), so it can still be found.
    """
    return "".join(
        syllable.letters[0] if syllable.han else syllable.letters for syllable in _syllables(name)
    )


def sort_key(name: str) -> str:
    """Return the key that orders names character by character: pinyin, tone, character.

    Each Han character gives its syllable, its tone digit and itself (张三 → zhang1张san1三).
    The digit ends the syllable, and digits sort before letters in byte order (SQLite, the
    C collation) and in PostgreSQL's locale collations alike, so 陈 (chen2) comes before 程
    (cheng2) whatever follows — the whole pinyin would interleave them (陈安 chenan, 程立
    chengli, 陈晓 chenxiao) — and 詹 (zhan1) before 张 (zhang1). The character after the
    tone keeps homophones apart: every 张 before every 章 (both zhang1), so the names of one
    surname stay together. Text that is not Han (Latin letters, digits) is its own
    lowercased letters.
    """
    return "".join(
        syllable.letters + syllable.tone + syllable.char for syllable in _syllables(name)
    )
