"""Resident ID numbers (GB 11643) and the disability certificate numbers built on them.

An 18-character ID number is the six-digit region code of the place of first registration,
the birth date (YYYYMMDD), a three-digit sequence whose last digit is odd for men and even for
women, and a check character computed with ISO 7064 MOD 11-2 (``0``–``9`` or ``X``).
Numbers issued before 1999 had 15 digits: a two-digit year and no check character.

The region code is checked against the province prefixes only: a number whose first two
digits are no province's (``000000…``, ``99…``) names no place and is refused as an unknown
region (DESIGN §5: unknown division codes are refused). The county part is not checked:
counties are created, merged and renamed every year and a person keeps the code of the
place that issued the number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import mul

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

MALE = "male"
FEMALE = "female"

# Province-level prefixes (GB/T 2260), including Taiwan (71), Hong Kong (81) and Macao (82).
# 83 is not a province: it starts the numbers on the residence permits of Taiwan residents
# (830000, since 2018), whose Hong Kong and Macao counterparts use 810000 and 820000.
# fmt: off
PROVINCE_PREFIXES = frozenset([
    "11", "12", "13", "14", "15",
    "21", "22", "23",
    "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46",
    "50", "51", "52", "53", "54",
    "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
])
# fmt: on

EARLIEST_BIRTH = date(1900, 1, 1)

_WEIGHTS = tuple(pow(2, 17 - position, 11) for position in range(17))
_CHECK_CHARACTERS = "10X98765432"
# re.ASCII: NFKC leaves Arabic-Indic and other digits alone, and \d would accept them.
_ID_18 = re.compile(r"\d{17}[\dX]", re.ASCII)
_ID_15 = re.compile(r"\d{15}", re.ASCII)
# The second-generation certificate (2010) has 20 characters. Some certificates in use carry
# a "B" and one or two digits after them; that suffix is accepted and kept with the number.
_CERTIFICATE = re.compile(
    r"(?P<id>\d{17}[\dX])(?P<category>[1-7])(?P<grade>[1-4])(?:B\d{1,2})?", re.ASCII
)


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: date
    gender: str
    region_code: str
    warnings: tuple[str, ...] = ()


def normalise_id(raw: str) -> str:
    """Return ``raw`` with full-width characters made ASCII, spaces removed and letters upper case.

    Do not validate: ``parse_id`` does that.
    """
    text = "".join(unicodedata.normalize("NFKC", str(raw)).split()).upper()
    # Clerks type a leading apostrophe in Excel to keep a long number as text; it survives
    # when the sheet is saved as CSV.
    text = text.removeprefix("'")
    # A 15-digit number in a number cell comes back from Excel as a float ("…123.0").
    if text.endswith(".0") and text[:-2].isascii() and text[:-2].isdigit():
        text = text[:-2]
    return text


def check_character(first17: str) -> str:
    """Return the GB 11643 check character (ISO 7064 MOD 11-2) for 17 digits."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError(f"check_character() takes 17 digits, not {len(first17)}")
    # map in C rather than a generator: every row of an import checks an ID number.
    total = sum(map(mul, map(int, first17), _WEIGHTS))
    return _CHECK_CHARACTERS[total % 11]


def upgrade_15(number: str) -> str:
    """Return the 18-character form of a 15-digit legacy number (born 1900–1999)."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_character(first17)


def make_id(region: str, birth: date, sequence: int) -> str:
    """Build a valid 18-character ID number; an odd ``sequence`` (0–999) makes a man's number."""
    if not (len(region) == 6 and region.isascii() and region.isdigit()):
        raise ValueError(f"region must be six digits, not {region!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0–999, not {sequence}")
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:03d}"
    return first17 + check_character(first17)


def _birth_date(number: str, *, today: date) -> date:
    digits = number[6:14]
    shown = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValidationFailed(
            _("The birth date in the ID number (%(date)s) does not exist; check the digits.")
            % {"date": shown},
            field="id_number",
        ) from None
    if birth > today:
        raise ValidationFailed(
            _("The birth date in the ID number (%(date)s) is in the future.") % {"date": shown},
            field="id_number",
        )
    if birth < EARLIEST_BIRTH:
        raise ValidationFailed(
            _("The birth date in the ID number (%(date)s) is before 1900.") % {"date": shown},
            field="id_number",
        )
    return birth


def parse_id(raw: str, *, today: date | None = None) -> IdNumber:
    """Parse and check an ID number; raise ``ValidationFailed`` with a clerk's message."""
    number = normalise_id(raw)
    if not number:
        raise ValidationFailed(_("Enter the ID number."), field="id_number")
    if len(number) not in (15, 18):
        raise ValidationFailed(
            _("An ID number has 18 characters (15 on old cards); this one has %(count)s.")
            % {"count": len(number)},
            field="id_number",
        )
    legacy = len(number) == 15
    if not (_ID_15 if legacy else _ID_18).fullmatch(number):
        raise ValidationFailed(
            _("An ID number has only digits, and X may only be the last character."),
            field="id_number",
        )
    if legacy:
        number = upgrade_15(number)
    birth = _birth_date(number, today=today or timezone.localdate())
    if not legacy and check_character(number[:17]) != number[17]:
        raise ValidationFailed(
            _("The ID number is not valid: a digit is probably mistyped (check digit)."),
            field="id_number",
        )
    if number[:2] not in PROVINCE_PREFIXES:
        raise ValidationFailed(
            _(
                "The ID number's region code %(region)s is unknown: %(prefix)s is no "
                "province's code. Check the first six digits against the ID card."
            )
            % {"region": number[:6], "prefix": number[:2]},
            field="id_number",
        )
    return IdNumber(
        number=number,
        birth_date=birth,
        gender=MALE if int(number[16]) % 2 else FEMALE,
        region_code=number[:6],
    )


def check_consistency(id_: IdNumber, *, birth_date: date | None, gender: str | None) -> None:
    """Raise ``ValidationFailed`` if a given birth date or gender contradicts the ID number.

    ``gender`` is ``"male"`` or ``"female"``; ``None`` or ``""`` means not given.
    """
    if birth_date is not None and birth_date != id_.birth_date:
        raise ValidationFailed(
            _("The birth date %(given)s does not match the ID number, which says %(id_date)s.")
            % {"given": date_format(birth_date), "id_date": date_format(id_.birth_date)},
            field="birth_date",
        )
    if gender:
        if gender not in (MALE, FEMALE):
            raise ValueError(f"gender must be {MALE!r} or {FEMALE!r}, not {gender!r}")
        if gender != id_.gender:
            message = (
                _("The gender does not match the ID number, which is for a male.")
                if id_.gender == MALE
                else _("The gender does not match the ID number, which is for a female.")
            )
            raise ValidationFailed(message, field="gender")


def check_disability_certificate(
    cert: str, *, id_number: str, category: int | None, grade: int | None
) -> str:
    """Check a disability certificate number against its holder and return it normalised.

    The number is the holder's 18-character ID number, the disability category (1 visual,
    2 hearing, 3 speech, 4 physical, 5 intellectual, 6 mental, 7 multiple) and the grade
    (1–4). ``category`` and ``grade`` are compared when given; a blank ``id_number`` checks
    the ID number inside the certificate on its own.
    """
    number = normalise_id(cert)
    field = "disability_certificate"
    if not number:
        raise ValidationFailed(_("Enter the disability certificate number."), field=field)
    match = _CERTIFICATE.fullmatch(number)
    if match is None:
        raise ValidationFailed(
            _(
                "A disability certificate number is the 18-character ID number followed by "
                "the disability category (1–7) and grade (1–4)."
            ),
            field=field,
        )
    embedded = match["id"]
    holder = normalise_id(id_number)
    if len(holder) == 15 and _ID_15.fullmatch(holder):
        holder = upgrade_15(holder)
    if holder and embedded != holder:
        raise ValidationFailed(
            _("The disability certificate number does not start with the person's ID number."),
            field=field,
        )
    if not holder and check_character(embedded[:17]) != embedded[17]:
        raise ValidationFailed(
            _("The ID number inside the disability certificate number is not valid."),
            field=field,
        )
    if category is not None and int(match["category"]) != category:
        raise ValidationFailed(
            _(
                "The certificate number says disability category %(on_cert)s, "
                "but the category given is %(given)s."
            )
            % {"on_cert": match["category"], "given": category},
            field=field,
        )
    if grade is not None and int(match["grade"]) != grade:
        raise ValidationFailed(
            _(
                "The certificate number says disability grade %(on_cert)s, "
                "but the grade given is %(given)s."
            )
            % {"on_cert": match["grade"], "given": grade},
            field=field,
        )
    return number
