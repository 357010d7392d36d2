"""Mainland phone numbers: 11-digit mobiles and landlines with their area code.

A landline's area code is ``0`` and two digits (``010`` Beijing, ``020``–``029`` the large
cities) or ``0`` and three digits starting with 3–9 (``0836`` 甘孜州); the local number has
7 or 8 digits and never starts with 0 or 1. That structure decides where the area code ends,
so "083-62812345" and "08362812345" both become "0836-2812345".
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_LOCAL = re.compile(r"[2-9]\d{6,7}", re.ASCII)
_EXTENSION = re.compile(r"\d{1,6}", re.ASCII)
_INTERNATIONAL = re.compile(r"(?:\+|00)-?86-?")
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign: clerks paste them all.
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", str(raw))
    if not text.isascii():  # the dashes are not ASCII; translate is slow on every number
        text = text.translate(_DASHES)
    text = "".join(text.split())
    text = text.replace("(", "").replace(")", "")
    # A number cell read from Excel comes back as a float ("13812345678.0").
    if text.endswith(".0") and text[:-2].isascii() and text[:-2].isdigit():
        text = text[:-2]
    # Removing brackets and spaces can bring a letter and its combining mark together.
    return unicodedata.normalize("NFKC", text)


def _landline(digits: str) -> str | None:
    """Return ``digits`` as "area-local", or ``None`` if they are not a landline number."""
    if not (digits.isascii() and digits.isdigit()) or not digits.startswith("0"):
        return None
    if digits.startswith("010") or digits[1:2] == "2":
        area, local = digits[:3], digits[3:]
    elif digits[1:2] in set("3456789"):
        area, local = digits[:4], digits[4:]
    else:
        return None
    return f"{area}-{local}" if _LOCAL.fullmatch(local) else None


def _split_extension(text: str) -> tuple[str, str]:
    """Split "number转ext" or "area-local-ext" into the number's digits and the extension."""
    if "转" in text:
        number, _sep, extension = text.partition("转")
        return number.replace("-", ""), extension
    groups = [group for group in text.split("-") if group]
    # "0836-2812345-12": the last group is an extension when the groups before it already
    # make a whole landline number; otherwise the dashes only group the digits for reading
    # ("010-8888-6666").
    if len(groups) > 1 and _landline("".join(groups[:-1])):
        return "".join(groups[:-1]), groups[-1]
    return "".join(groups), ""


def parse_phone(raw: str) -> str:
    """Return a mobile as 11 digits and a landline as "0836-2812345" (with "-ext" if any).

    Raise ``ValidationFailed`` with a clerk's message for anything else.
    """
    text = _clean(raw)
    if not text:
        raise ValidationFailed(_("Enter a phone number."), field="phone")
    international = _INTERNATIONAL.match(text)
    if international:
        text = text[international.end() :]
    digits = text.replace("-", "")
    if _MOBILE.fullmatch(digits):
        return digits
    if digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        return digits[2:]
    if international and not text.startswith("0"):
        # "+86 836 2812345": from abroad a landline is dialled without its leading 0.
        text = "0" + text
    number, extension = _split_extension(text)
    landline = _landline(number)
    if landline and (not extension or _EXTENSION.fullmatch(extension)):
        return f"{landline}-{extension}" if extension else landline
    if digits.isascii() and digits.isdigit() and digits.startswith("1") and len(digits) != 11:
        raise ValidationFailed(
            _("A mobile number has 11 digits; this one has %(count)s.") % {"count": len(digits)},
            field="phone",
        )
    if _LOCAL.fullmatch(number):
        raise ValidationFailed(
            _("Add the area code to the landline number, such as 0836-2812345."),
            field="phone",
        )
    raise ValidationFailed(
        _("Enter an 11-digit mobile number or a landline with area code, such as 0836-2812345."),
        field="phone",
    )


def normalise_phone(raw: str) -> str:
    """Return the form ``parse_phone`` gives, or, for a number it refuses, the cleaned text.

    Never raise: use it to look a number up, not to validate one.
    """
    try:
        return parse_phone(raw)
    except ValidationFailed:
        return _clean(raw)


def tel_uri(phone: str) -> str:
    """Return a ``tel:`` address that dials ``phone`` from a phone in mainland China.

    A stored number is a mobile (13812345678) or a landline (0836-2812345, maybe with an
    extension: 0836-2812345-12). The hyphen is a visual separator the dialler ignores
    (RFC 3966); an extension becomes ``;ext=``. Anything else keeps its digits only, so
    that no text of the number can leave the ``tel:`` address.
    """
    number = normalise_phone(phone)
    groups = number.split("-")
    if len(groups) == 3 and _landline(groups[0] + groups[1]):
        return f"tel:{groups[0]}-{groups[1]};ext={groups[2]}"
    return "tel:" + "".join(c for c in number if c.isascii() and (c.isdigit() or c == "-"))
