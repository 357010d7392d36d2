"""The details of each category: which there are, how they are checked, how they read.

A category's details are flat JSON values on ``PersonCategory.details``: who is away for a
left-behind child, the support mode of an orphan, the certificate of a disabled person …
The roster importer writes the same keys (``away``, ``away_at``, ``since``,
``guardianship``, ``certificate_suffix``, ``type``, ``grade``), so they are fixed names.
Categories without details of their own keep only the note of ``PersonCategory``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.core.dates import check_plausible_day, parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import check_disability_certificate
from guanai.core.text import within
from guanai.registry.models import Category


class Kind(Enum):
    CHOICE = "choice"  # one of ``choices`` (str codes, or ints for the disability codes)
    TEXT = "text"
    PAST_DATE = "past_date"  # a date, stored as ISO text, that is not in the future
    CERTIFICATE = "certificate"


@dataclass(frozen=True)
class DetailField:
    key: str
    label: str | Promise
    kind: Kind
    choices: tuple[tuple[str | int, str | Promise], ...] = ()
    max_length: int = 100
    help_text: str | Promise = ""

    def label_of(self, value: object) -> str:
        """Return the label of a stored choice, or the value itself if it is unknown."""
        for code, label in self.choices:
            if code == value:
                return str(label)
        return str(value)


AWAY = (
    ("father", gettext_lazy("Father")),
    ("mother", gettext_lazy("Mother")),
    ("both", gettext_lazy("Both parents")),
)
GUARDIANSHIP = (
    ("good", gettext_lazy("Good")),
    ("fair", gettext_lazy("Fair")),
    ("poor", gettext_lazy("Poor")),
)
SUPPORT = (
    ("centralised", gettext_lazy("Centralised support")),
    ("scattered", gettext_lazy("Scattered support")),
)
PLACEMENT = (
    ("kinship", gettext_lazy("Kinship care")),
    ("foster", gettext_lazy("Foster family")),
    ("adoption", gettext_lazy("Adoption")),
    ("institution", gettext_lazy("Institution")),
)
# The codes on the certificate (DESIGN §4): 视力 听力 言语 肢体 智力 精神 多重.
DISABILITY_TYPES = (
    (1, gettext_lazy("Visual disability")),
    (2, gettext_lazy("Hearing disability")),
    (3, gettext_lazy("Speech disability")),
    (4, gettext_lazy("Physical disability")),
    (5, gettext_lazy("Intellectual disability")),
    (6, gettext_lazy("Mental disability")),
    (7, gettext_lazy("Multiple disabilities")),
)
DISABILITY_GRADES = (
    (1, gettext_lazy("Grade 1")),
    (2, gettext_lazy("Grade 2")),
    (3, gettext_lazy("Grade 3")),
    (4, gettext_lazy("Grade 4")),
)

SUPPORT_FIELD = DetailField("support", gettext_lazy("Support"), Kind.CHOICE, SUPPORT)

FIELDS: dict[str, tuple[DetailField, ...]] = {
    Category.LEFT_BEHIND: (
        DetailField("away", gettext_lazy("Parent(s) away"), Kind.CHOICE, AWAY),
        DetailField("away_at", gettext_lazy("Where they work"), Kind.TEXT, max_length=100),
        DetailField("since", gettext_lazy("Away since"), Kind.PAST_DATE),
        DetailField("last_contact", gettext_lazy("Last contact with the parents"), Kind.PAST_DATE),
        DetailField("guardianship", gettext_lazy("Guardianship"), Kind.CHOICE, GUARDIANSHIP),
        DetailField(
            "guardianship_assessed_on", gettext_lazy("Guardianship assessed on"), Kind.PAST_DATE
        ),
    ),
    Category.ORPHAN: (
        SUPPORT_FIELD,
        DetailField("placement", gettext_lazy("Placement"), Kind.CHOICE, PLACEMENT),
    ),
    Category.DISABLED: (
        DetailField(
            "certificate_suffix",
            gettext_lazy("Disability certificate number"),
            Kind.CERTIFICATE,
            max_length=30,
            help_text=gettext_lazy(
                "The whole number (the ID number, then the type and grade digits), or only "
                "what follows the ID number, e.g. 42."
            ),
        ),
        DetailField("type", gettext_lazy("Disability type"), Kind.CHOICE, DISABILITY_TYPES),
        DetailField("grade", gettext_lazy("Disability grade"), Kind.CHOICE, DISABILITY_GRADES),
    ),
    Category.TEKUN: (SUPPORT_FIELD,),
    Category.MAJOR_ILLNESS: (
        DetailField("disease", gettext_lazy("Disease"), Kind.TEXT, max_length=100),
        DetailField("diagnosed_on", gettext_lazy("Diagnosed on"), Kind.PAST_DATE),
    ),
}

# What follows the ID number in a certificate: type, grade, and on some cards "B" and digits.
_SUFFIX = re.compile(r"(?P<type>[1-7])(?P<grade>[1-4])(?:B\d{1,2})?", re.ASCII)


def fields_for(category: str) -> tuple[DetailField, ...]:
    """Return the detail fields of a category (none for those that have only a note)."""
    return FIELDS.get(category, ())


def field_of(category: str, key: str) -> DetailField:
    for spec in fields_for(category):
        if spec.key == key:
            return spec
    raise KeyError(key)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _choice(spec: DetailField, value: object) -> str | int:
    codes = [code for code, _label in spec.choices]
    if isinstance(codes[0], int):
        # The disability codes arrive as numbers from the API and as text from a form.
        text = unicodedata.normalize("NFKC", str(value)).strip()
        digits = not isinstance(value, bool) and text.isascii() and text.isdigit()
        if digits and int(text) in codes:
            return int(text)
    elif isinstance(value, str) and value.strip() in codes:
        return value.strip()
    labels = "、".join(str(label) for _code, label in spec.choices)
    raise ValidationFailed(
        _("Choose one of: %(choices)s.") % {"choices": labels},
        field=spec.key,
    )


def _text(spec: DetailField, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationFailed(_("Enter text here."), field=spec.key)
    return within(" ".join(value.split()), spec.max_length, field=spec.key)


def _past_date(spec: DetailField, value: object, today: date) -> str:
    if not isinstance(value, date | str):
        raise ValidationFailed(_("Write the date as 2015-03-04."), field=spec.key)
    try:
        day = parse_date(value)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field=spec.key) from None
    if day > today:
        raise ValidationFailed(_("This date is in the future."), field=spec.key)
    check_plausible_day(day, field=spec.key, days_ahead=None)
    return day.isoformat()


def clean_value(category: str, key: str, value: object, *, today: date | None = None) -> str | int:
    """Check one detail and return it as stored (ISO text for dates, ints for codes).

    A disability certificate is checked by ``details_clean``, which knows the holder.
    """
    spec = field_of(category, key)
    if spec.kind is Kind.CHOICE:
        return _choice(spec, value)
    if spec.kind is Kind.PAST_DATE:
        return _past_date(spec, value, today or timezone.localdate())
    return _text(spec, value)


def _certificate(
    raw: object, *, id_number: str, kind: int | None, grade: int | None
) -> tuple[str, int, int]:
    """Return the part of a certificate after the ID number, with its type and grade.

    The certificate starts with the holder's ID number, which is kept encrypted on the
    person: only what follows it is stored in the details, never the ID number in clear.
    """
    key = "certificate_suffix"
    if not isinstance(raw, str):
        raise ValidationFailed(_("Enter the certificate number as text."), field=key)
    text = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
    match = _SUFFIX.fullmatch(text)
    if match is None:
        if len(text) < 18:
            raise ValidationFailed(
                _(
                    "Enter the whole certificate number, or the type and grade digits that "
                    "follow the ID number (e.g. 42)."
                ),
                field=key,
            )
        if not id_number:
            raise ValidationFailed(
                _(
                    "Enter the person's ID number on the file first: the certificate number "
                    "starts with it."
                ),
                field=key,
            )
        try:
            number = check_disability_certificate(
                text, id_number=id_number, category=kind, grade=grade
            )
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field=key) from None
        text = number[18:]
        match = _SUFFIX.fullmatch(text)
        if match is None:  # never: check_disability_certificate accepted the same form
            raise ValidationFailed(_("Enter the disability certificate number."), field=key)
    on_card = (int(match["type"]), int(match["grade"]))
    if kind is not None and kind != on_card[0]:
        raise ValidationFailed(
            _(
                "The certificate number says disability category %(on_cert)s, "
                "but the category given is %(given)s."
            )
            % {"on_cert": on_card[0], "given": kind},
            field="type",
        )
    if grade is not None and grade != on_card[1]:
        raise ValidationFailed(
            _(
                "The certificate number says disability grade %(on_cert)s, "
                "but the grade given is %(given)s."
            )
            % {"on_cert": on_card[1], "given": grade},
            field="grade",
        )
    return text, on_card[0], on_card[1]


def details_clean(
    category: str,
    raw: Mapping[str, Any] | None,
    *,
    id_number: str = "",
    today: date | None = None,
) -> dict[str, Any]:
    """Check the details of a category and return them as they are stored.

    Blank values are left out. An unknown key, a value outside its choices, a date that
    is not a date or lies in the future, a certificate that does not belong to the person
    (``id_number``) or contradicts the type or grade: each raises ``ValidationFailed``
    naming the detail's key as its field.
    """
    raw = raw or {}
    today = today or timezone.localdate()
    known = {spec.key for spec in fields_for(category)}
    for key in raw:
        if key not in known:
            raise ValidationFailed(
                _("“%(key)s” is not a detail of this category.") % {"key": key}, field=key
            )
    cleaned: dict[str, Any] = {}
    for spec in fields_for(category):
        value = raw.get(spec.key)
        if _blank(value) or spec.kind is Kind.CERTIFICATE:
            continue
        cleaned[spec.key] = clean_value(category, spec.key, value, today=today)
    if category == Category.DISABLED and not _blank(raw.get("certificate_suffix")):
        suffix, kind, grade = _certificate(
            raw["certificate_suffix"],
            id_number=id_number,
            kind=cleaned.get("type"),
            grade=cleaned.get("grade"),
        )
        cleaned.update(certificate_suffix=suffix, type=kind, grade=grade)
    if "guardianship_assessed_on" in cleaned and "guardianship" not in cleaned:
        raise ValidationFailed(
            _("Choose how the guardianship was assessed, or leave its date blank."),
            field="guardianship",
        )
    return {spec.key: cleaned[spec.key] for spec in fields_for(category) if spec.key in cleaned}


def describe(category: str, details: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return the details as (label, value) pairs a person reads, in the fields' order.

    Keys this module does not know (written by an older version) are shown as they are.
    """
    pairs: list[tuple[str, str]] = []
    specs = {spec.key: spec for spec in fields_for(category)}
    for spec in fields_for(category):
        value = details.get(spec.key)
        if _blank(value):
            continue
        if spec.kind is Kind.CERTIFICATE:
            shown = _("ID number + %(suffix)s") % {"suffix": value}
        elif spec.kind is Kind.CHOICE:
            shown = spec.label_of(value)
        else:
            shown = str(value)
        pairs.append((str(spec.label), shown))
    for key, value in details.items():
        if key not in specs and not _blank(value):
            pairs.append((str(key), str(value)))
    return pairs
