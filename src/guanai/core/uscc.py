"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of organisations.

Eighteen characters from an alphabet of 31 (the digits and the capitals without I, O, S, V
and Z): the registering authority (1 character), the kind of organisation (1), the
administrative division code of the registering office (6 digits), the organisation code
(9 characters, GB 11714) and a check character. The check character makes the weighted sum
of all eighteen a multiple of 31; the weights are the powers of 3 modulo 31.

The division part is checked against the province prefixes only, as for ID numbers
(``core.idnumber``): an office keeps its code when counties are merged or renamed.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import PROVINCE_PREFIXES
from guanai.core.text import quoted

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18
_VALUE = {character: value for value, character in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, position, 31) for position in range(LENGTH - 1))


def normalise_uscc(raw: str) -> str:
    """Return the code with full-width characters made ASCII, spaces dropped, in capitals."""
    text = unicodedata.normalize("NFKC", str(raw))
    return "".join(text.split()).upper()


def check_character(first17: str) -> str:
    """Return the check character of the first seventeen characters of a code."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def make_uscc(authority: str, kind: str, division: str, organisation: str) -> str:
    """Return a valid code from its parts (for the demo and the tests)."""
    first17 = f"{authority}{kind}{division}{organisation}"
    return first17 + check_character(first17)


def parse_uscc(raw: str, *, field: str = "code") -> str:
    """Return the code normalised, or raise ``ValidationFailed`` with what is wrong."""
    code = normalise_uscc(raw)
    if len(code) != LENGTH:
        raise ValidationFailed(
            _("A unified social credit code has 18 characters; “%(code)s” has %(count)s.")
            % {"code": quoted(raw), "count": len(code)},
            field=field,
        )
    wrong = sorted({c for c in code if c not in _VALUE})
    if wrong:
        raise ValidationFailed(
            _(
                "A unified social credit code holds digits and capital letters other than "
                "I, O, S, V and Z; “%(code)s” holds %(wrong)s."
            )
            % {"code": code, "wrong": "、".join(quoted(c) for c in wrong)},
            field=field,
        )
    division = code[2:8]
    if not (division.isascii() and division.isdigit()) or division[:2] not in PROVINCE_PREFIXES:
        raise ValidationFailed(
            _(
                "Characters 3–8 of a unified social credit code are the division code of the "
                "registering office; “%(division)s” is none."
            )
            % {"division": division},
            field=field,
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationFailed(
            _(
                "The unified social credit code “%(code)s” is mistyped: its last character "
                "does not match the others."
            )
            % {"code": code},
            field=field,
        )
    return code
