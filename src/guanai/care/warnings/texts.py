"""The sentence that explains a warning, written from the facts its key holds.

A warning's ``key`` is ``<kind>:<person id>:<facts…>`` (dates in ISO form, codes of care
kinds, plan domains and helper roles). The sentence is rendered from it in the reader's
language, with dates as the reader's pages write them, whenever a warning is shown, so that
day counts are today's and an English page reads English. ``CareWarning.message`` keeps
the Chinese sentence as it read when the warning was raised: the fallback for a key this
module does not read, and what a list exported for the record shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.care.models import CareKind, CareWarning, HelperRole, PlanDomain, WarningKind
from guanai.core.text import column_limit

NONE = "none"
# What the date of a left-behind child's last contact with a parent comes from.
FROM_CALL = "call"
FROM_FILE = "file"
# The sentence is ours (a template and a name of at most 50 characters) and fits the column
# (a test proves it for every kind); it is never cut. A proposal of a high risk level stores
# it as its reason, a column at least as long.
MESSAGE_LENGTH = column_limit(CareWarning, "message")


def make_key(kind: WarningKind, person_id: int, *facts: object) -> str:
    """Return the key naming what was found: the kind, the person and the facts."""
    return ":".join([kind.value, str(person_id), *(str(f) for f in facts)])


@dataclass(frozen=True)
class Facts:
    kind: WarningKind
    person_id: int
    values: tuple[str, ...]


def parse_key(key: str) -> Facts | None:
    """Return the facts a key holds, or None for a key this module does not know."""
    kind, _sep, rest = key.partition(":")
    person, _sep, tail = rest.partition(":")
    if kind not in WarningKind.values or not person.isdigit():
        return None
    return Facts(WarningKind(kind), int(person), tuple(tail.split(":")) if tail else ())


def _date(text: str) -> date:
    return date.fromisoformat(text)


def _day(day: date | str) -> str:
    """Return a day as the reader's pages write it (2026年11月30日; 30 Nov 2026)."""
    return date_format(_date(day) if isinstance(day, str) else day, "DATE_FORMAT")


def _label(choices: type[CareKind | HelperRole | PlanDomain], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _no_care(name: str, values: tuple[str, ...], today: date) -> str:
    if values[0] == NONE:
        return _("%(name)s has no care record at all yet.") % {"name": name}
    last = _date(values[0])
    return _("%(name)s has had no care record for %(days)s days (last: %(date)s, %(kind)s).") % {
        "name": name,
        "days": (today - last).days,
        "date": _day(last),
        "kind": _label(CareKind, values[1]),
    }


def _no_parent_contact(name: str, values: tuple[str, ...], today: date) -> str:
    if values[0] == NONE:
        return _("%(name)s, a left-behind child, has no recorded contact with a parent.") % {
            "name": name
        }
    last = _date(values[0])
    params = {"name": name, "days": (today - last).days, "date": _day(last)}
    if values[1] == FROM_CALL:
        return (
            _(
                "%(name)s, a left-behind child, has had no contact with a parent for %(days)s "
                "days (last family phone call: %(date)s)."
            )
            % params
        )
    return (
        _(
            "%(name)s, a left-behind child, has had no contact with a parent for %(days)s "
            "days (last contact on file: %(date)s)."
        )
        % params
    )


def _plan_unreviewed(name: str, values: tuple[str, ...], today: date) -> str:
    return _(
        "The %(domain)s plan of %(name)s ended on %(date)s and has not been reviewed since."
    ) % {
        "name": name,
        "domain": _label(PlanDomain, values[2]),
        "date": _day(values[1]),
    }


def _low_mood(name: str, values: tuple[str, ...], today: date) -> str:
    return _("%(name)s's mood was rated 2 or lower in the last three care records (%(dates)s).") % {
        "name": name,
        "dates": "、".join(_day(value) for value in values),
    }


def _pairing_gap(name: str, values: tuple[str, ...], today: date) -> str:
    return _(
        "The pairing of %(name)s (%(role)s) ended on %(date)s and no new helper has been paired."
    ) % {"name": name, "role": _label(HelperRole, values[1]), "date": _day(values[0])}


def _high_risk(name: str, values: tuple[str, ...], today: date) -> str:
    monday = _date(values[0])
    return _(
        "%(name)s is at high risk and has not been contacted this week (%(start)s to %(end)s)."
    ) % {
        "name": name,
        "start": _day(monday),
        "end": _day(monday + timedelta(days=6)),
    }


_SENTENCES = {
    WarningKind.NO_CARE: _no_care,
    WarningKind.NO_PARENT_CONTACT: _no_parent_contact,
    WarningKind.PLAN_UNREVIEWED: _plan_unreviewed,
    WarningKind.LOW_MOOD: _low_mood,
    WarningKind.PAIRING_GAP: _pairing_gap,
    WarningKind.HIGH_RISK_UNCONTACTED: _high_risk,
}
# Kinds after which raising the person's risk level may be needed (issue 4, item 3): a
# proposal only, the level is set by a helper and confirmed by a leader.
PROPOSE_HIGH_RISK = frozenset({WarningKind.LOW_MOOD, WarningKind.NO_PARENT_CONTACT})


def explain(key: str, *, name: str, today: date, high_risk: bool) -> str | None:
    """Return the sentence for a warning in the active language, or None for an unknown key.

    ``high_risk`` says whether the person's risk level in force is high; for low mood and
    lost contact with the parents a lower level is followed by the proposal to raise it.
    """
    facts = parse_key(key)
    if facts is None:
        return None
    try:
        sentence = _SENTENCES[facts.kind](name, facts.values, today)
    except (IndexError, ValueError):
        return None
    if facts.kind in PROPOSE_HIGH_RISK and not high_risk:
        sentence = _("%(sentence)s Raising the risk level to high may be needed.") % {
            "sentence": sentence
        }
    return sentence
