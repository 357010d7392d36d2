"""Who qualifies for a service: the rules as data, checked, explained and applied.

A service's ``rules`` is one flat JSON object; every key present must hold (篇八):

* ``categories`` (required): a current span of one of these categories, e.g. ``["disabled"]``;
* ``types`` / ``grades``: that span is a disability with one of these types (1–7) / grades
  (1–4) — only with ``categories == ["disabled"]``;
* ``support``: that span's support mode is one of these (``scattered`` for 散居五保) — only
  with categories that record a support mode (特困, 孤儿);
* ``also``: and a current span of one of these categories too (a poor child: 低保, 特困 …);
* ``not_centralised``: not in centralised support (not living in a welfare home);
* ``age_min`` / ``age_max``: the age in whole years on the day, inclusive;
* ``house``: the house recorded on the file is one of these (``c_grade``, ``d_grade``).

``rules_clean`` refuses a rule that cannot be read, with a message; ``decide`` applies the
rules to one person's ``Facts`` and says, condition by condition, what was found. The SQL
form of the same rules, for whole subtrees, is ``inkind.eligibility.eligible_q``; a property
test holds the two in agreement (tests/inkind/test_eligibility.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guanai.core.dates import age_on
from guanai.core.errors import ValidationFailed
from guanai.registry import details
from guanai.registry.models import Category, HouseCondition

CENTRALISED = "centralised"
# The categories whose spans record a support mode (registry.details.SUPPORT_FIELD).
SUPPORT_CATEGORIES = frozenset({Category.TEKUN.value, Category.ORPHAN.value})
TYPES = tuple(code for code, _label in details.DISABILITY_TYPES)
GRADES = tuple(code for code, _label in details.DISABILITY_GRADES)
SUPPORTS = tuple(str(code) for code, _label in details.SUPPORT)
AGE_LIMIT = 120
KEYS = (
    "categories",
    "types",
    "grades",
    "support",
    "also",
    "not_centralised",
    "age_min",
    "age_max",
    "house",
)


@dataclass(frozen=True)
class Span:
    """A category span of a person as the rules read it."""

    category: str
    details: Mapping[str, Any]
    started_on: date
    ended_on: date | None

    def current(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


@dataclass(frozen=True)
class Facts:
    """What the rules read of a person."""

    spans: Sequence[Span]
    birth_date: date | None
    house: str
    archived: bool = False


@dataclass(frozen=True)
class Line:
    """One condition of the rules and whether the person meets it."""

    text: str
    met: bool


@dataclass(frozen=True)
class Decision:
    eligible: bool
    lines: list[Line] = field(default_factory=list)


# --- Checking a rule ------------------------------------------------------------------------


def _codes(raw: Mapping[str, Any], key: str, allowed: Sequence[Any], label: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list) or any(v not in allowed or type(v) is bool for v in value):
        raise ValidationFailed(
            _("%(label)s: choose among %(allowed)s.")
            % {"label": label, "allowed": "、".join(str(a) for a in allowed)},
            field=key,
        )
    return sorted(set(value), key=list(allowed).index)


def _age(raw: Mapping[str, Any], key: str, label: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= AGE_LIMIT:
        raise ValidationFailed(
            _("%(label)s must be a whole number of years from 0 to %(limit)s.")
            % {"label": label, "limit": AGE_LIMIT},
            field=key,
        )
    return value


def rules_clean(raw: object) -> dict[str, Any]:
    """Return the rules in their stored form, or raise ValidationFailed saying what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValidationFailed(_("The eligibility rules must be an object."), field="rules")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ValidationFailed(
            _("Unknown eligibility rule: %(keys)s.") % {"keys": ", ".join(unknown)}, field="rules"
        )
    categories = _codes(raw, "categories", Category.values, _("Categories"))
    if not categories:
        raise ValidationFailed(
            _("Choose at least one category the service is for."), field="categories"
        )
    clean: dict[str, Any] = {"categories": categories}
    types = _codes(raw, "types", TYPES, _("Disability types"))
    grades = _codes(raw, "grades", GRADES, _("Disability grades"))
    if (types or grades) and categories != [Category.DISABLED]:
        raise ValidationFailed(
            _("Disability types and grades apply to disabled persons alone."),
            field="types",
        )
    support = _codes(raw, "support", SUPPORTS, _("Support mode"))
    if support and not set(categories) <= SUPPORT_CATEGORIES:
        raise ValidationFailed(
            _("A support mode applies only to extremely poor persons and orphans."),
            field="support",
        )
    also = _codes(raw, "also", Category.values, _("Also in"))
    house = _codes(raw, "house", HouseCondition.values, _("House condition"))
    age_min = _age(raw, "age_min", _("Lowest age"))
    age_max = _age(raw, "age_max", _("Highest age"))
    if age_min is not None and age_max is not None and age_min > age_max:
        raise ValidationFailed(_("The lowest age is above the highest age."), field="age_min")
    not_centralised = raw.get("not_centralised", False)
    if type(not_centralised) is not bool:
        raise ValidationFailed(_("“Not in centralised support” is yes or no."), field="rules")
    for key, value in (
        ("types", types),
        ("grades", grades),
        ("support", support),
        ("also", also),
        ("not_centralised", not_centralised),
        ("age_min", age_min),
        ("age_max", age_max),
        ("house", house),
    ):
        if value or (key.startswith("age") and value == 0):
            clean[key] = value
    return clean


# --- Explaining and applying ----------------------------------------------------------------


def _labels(choices: Sequence[tuple[Any, Any]], codes: Sequence[Any]) -> str:
    names = dict(choices)
    return _(" or ").join(str(names.get(code, code)) for code in codes)


def _category_text(rules: Mapping[str, Any]) -> str:
    text = _labels(Category.choices, rules["categories"])
    parts = []
    if rules.get("types"):
        parts.append(_labels(details.DISABILITY_TYPES, rules["types"]))
    if rules.get("grades"):
        parts.append(_labels(details.DISABILITY_GRADES, rules["grades"]))
    if rules.get("support"):
        parts.append(_labels(details.SUPPORT, rules["support"]))
    if not parts:
        return text
    return _("%(categories)s (%(details)s)") % {
        "categories": text,
        "details": pgettext("list", ", ").join(parts),
    }


def _age_text(rules: Mapping[str, Any]) -> str | None:
    low, high = rules.get("age_min"), rules.get("age_max")
    if low is not None and high is not None:
        return _("Aged %(low)s to %(high)s") % {"low": low, "high": high}
    if low is not None:
        return _("Aged %(low)s or over") % {"low": low}
    if high is not None:
        return _("Aged %(high)s or under") % {"high": high}
    return None


def _span_matches(span: Span, rules: Mapping[str, Any]) -> bool:
    found = span.details
    if rules.get("types") and found.get("type") not in rules["types"]:
        return False
    if rules.get("grades") and found.get("grade") not in rules["grades"]:
        return False
    return not (rules.get("support") and found.get("support") not in rules["support"])


def explain(rules: Mapping[str, Any]) -> list[str]:
    """Return each condition of the rules as a sentence, in the order ``decide`` checks them."""
    return [line.text for line in decide(rules, Facts((), None, ""), date(2000, 1, 1)).lines]


def decide(rules: Mapping[str, Any], facts: Facts, on: date) -> Decision:
    """Return whether the person of ``facts`` qualifies on ``on``, condition by condition."""
    current = [s for s in facts.spans if s.current(on)]
    lines = [
        Line(
            _category_text(rules),
            any(s.category in rules["categories"] and _span_matches(s, rules) for s in current),
        )
    ]
    if rules.get("also"):
        lines.append(
            Line(
                _("Also %(categories)s") % {"categories": _labels(Category.choices, rules["also"])},
                any(s.category in rules["also"] for s in current),
            )
        )
    if rules.get("not_centralised"):
        lines.append(
            Line(
                _("Not in centralised support (not living in a welfare home)"),
                not any(
                    s.category in SUPPORT_CATEGORIES and s.details.get("support") == CENTRALISED
                    for s in current
                ),
            )
        )
    age_text = _age_text(rules)
    if age_text is not None:
        age = None if facts.birth_date is None else age_on(facts.birth_date, on)
        low, high = rules.get("age_min"), rules.get("age_max")
        met = age is not None and (low is None or age >= low) and (high is None or age <= high)
        lines.append(Line(age_text, met))
    if rules.get("house"):
        lines.append(
            Line(
                _("House %(conditions)s")
                % {"conditions": _labels(HouseCondition.choices, rules["house"])},
                facts.house in rules["house"],
            )
        )
    if facts.archived:
        lines.append(Line(_("File archived"), False))
    return Decision(all(line.met for line in lines), lines)
