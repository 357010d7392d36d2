"""Administrative division codes (GB/T 2260 six-digit and the 12-digit statistical codes).

A six-digit code names a province (``510000``), a prefecture (``513300``) or a county
(``513322``); the statistical code adds three digits for the township (``513322100000``)
and three for the village or community (``513322100201``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

# The province-level prefixes in use (GB/T 2260), including Taiwan, Hong Kong and Macao.
# fmt: off
PROVINCE_PREFIXES = frozenset([
    "11", "12", "13", "14", "15",
    "21", "22", "23",
    "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46",
    "50", "51", "52", "53", "54",
    "61", "62", "63", "64", "65",
    "71", "81", "82",
])
# fmt: on

PROVINCE, PREFECTURE, COUNTY, TOWNSHIP, VILLAGE = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class DivisionCode:
    code: str
    level: int
    # The digits that identify the division; a child's code starts with them.
    prefix: str


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts Devanagari, Arabic-Indic and other digits that NFKC
    # leaves alone; a division code is ASCII 0–9 only.
    return text.isascii() and text.isdigit()


def normalise(raw: str) -> str:
    """Return the code with full-width digits made ASCII and spaces removed.

    A 12-digit code whose last six digits are zero names a county or above, and is kept
    in its six-digit form so that one division has one code.
    """
    code = unicodedata.normalize("NFKC", str(raw)).replace(" ", "").strip()
    if code.endswith(".0"):  # a number cell read from Excel
        code = code[:-2]
    if len(code) == 12 and _is_ascii_digits(code) and code.endswith("000000"):
        code = code[:6]
    return code


def parse(raw: str) -> DivisionCode:
    """Parse a division code, or raise ``ValidationFailed`` with a message a clerk understands."""
    code = normalise(raw)
    if not _is_ascii_digits(code) or len(code) not in (6, 12):
        raise ValidationFailed(
            _("A division code has 6 or 12 digits; “%(code)s” does not.") % {"code": raw},
            field="code",
        )
    if code[:2] not in PROVINCE_PREFIXES:
        raise ValidationFailed(
            _("“%(code)s” does not start with a province code (11–82).") % {"code": code},
            field="code",
        )
    if len(code) == 6:
        if code[2:] == "0000":
            return DivisionCode(code, PROVINCE, code[:2])
        if code[4:] == "00":
            return DivisionCode(code, PREFECTURE, code[:4])
        return DivisionCode(code, COUNTY, code)
    if code[6:9] == "000":
        raise ValidationFailed(
            _("In “%(code)s” the township digits (7–9) are 000 but a village is given.")
            % {"code": code},
            field="code",
        )
    if code[9:] == "000":
        return DivisionCode(code, TOWNSHIP, code[:9])
    return DivisionCode(code, VILLAGE, code)


def check_child(child: DivisionCode, ancestor: DivisionCode) -> None:
    """Raise unless ``child`` lies inside ``ancestor`` and one or more levels below it."""
    if child.level <= ancestor.level or not child.prefix.startswith(ancestor.prefix):
        raise ValidationFailed(
            _("Code %(child)s is not inside %(parent)s, the code of the unit above.")
            % {"child": child.code, "parent": ancestor.code},
            field="code",
        )
