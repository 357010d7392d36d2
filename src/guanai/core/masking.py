"""Masked forms of ID, phone and account numbers for lists, exports and roles without reveal.

ID ``513***********1234``, mobile ``138****5678``, landline ``0836-***2345``, account
``****1234`` (DESIGN §5). A value too short for its usual form is masked so that at least
half of it stays hidden.

How much of a number a user sees is decided in one place, ``accounts.scoping.numbers_shown``,
which answers a ``Shown``; ``show_id`` and ``show_phone`` then render the number that way.
"""

from __future__ import annotations

import re
from enum import Enum

from guanai.core.phone import normalise_phone

STAR = "*"
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_LANDLINE = re.compile(r"(?P<area>0\d{2,3})-(?P<local>\d{7,8})(?:-(?P<extension>\d+))?", re.ASCII)


def _compact(value: str | None) -> str:
    return "".join((value or "").split())


def _keep_ends(text: str, head: int, tail: int) -> str:
    """Show ``head`` leading and ``tail`` trailing characters, fewer if half would show."""
    hidden_at_least = (len(text) + 1) // 2
    while head + tail > len(text) - hidden_at_least:
        if head:
            head -= 1
        else:
            tail -= 1
    return text[:head] + STAR * (len(text) - head - tail) + text[len(text) - tail :]


def mask_id(value: str | None) -> str:
    """Return an ID number with all but the first 3 and last 4 characters starred."""
    text = _compact(value)
    return _keep_ends(text, 3, 4) if text else ""


def mask_phone(value: str | None) -> str:
    """Return a mobile as ``138****5678`` and a landline with its area code and last 4 digits."""
    if not _compact(value):
        return ""
    phone = normalise_phone(value or "")
    if _MOBILE.fullmatch(phone):
        return phone[:3] + STAR * 4 + phone[-4:]
    landline = _LANDLINE.fullmatch(phone)
    if landline:
        local = landline["local"]
        masked = f"{landline['area']}-{STAR * (len(local) - 4)}{local[-4:]}"
        if landline["extension"]:
            masked += "-" + STAR * len(landline["extension"])
        return masked
    return _keep_ends(_compact(phone), 0, 4)


def mask_account(value: str | None) -> str:
    """Return a bank account as ``****1234``: its last 4 characters, and never its length."""
    text = _compact(value).replace("-", "")
    if not text:
        return ""
    # A short value would be shown whole; keep at most half of it.
    kept = min(4, len(text) // 2)
    return STAR * 4 + text[len(text) - kept :]


class Shown(Enum):
    """How much of an ID or phone number a user sees."""

    FULL = "full"
    MASKED = "masked"
    # Not even a masked form: a masked number still shows some of its digits.
    NOTHING = "nothing"


def show_id(value: str | None, shown: Shown) -> str:
    """Return an ID number as ``shown``: whole, masked, or not at all."""
    if shown is Shown.FULL:
        return value or ""
    return mask_id(value) if shown is Shown.MASKED else ""


def show_phone(value: str | None, shown: Shown) -> str:
    """Return a phone number as ``shown``: whole, masked, or not at all."""
    if shown is Shown.FULL:
        return value or ""
    return mask_phone(value) if shown is Shown.MASKED else ""
