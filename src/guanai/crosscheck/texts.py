"""A finding in plain words: what the list said, what the registry holds, what to do."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.crosscheck.models import Finding, FindingKind
from guanai.registry.importing.vocabulary import DISABILITY_TYPES, GRADES
from guanai.registry.models import SchoolingStatus

K = FindingKind


def disability_words(type_: Any, grade: Any) -> str:
    kind = DISABILITY_TYPES[type_ - 1] + "残疾" if isinstance(type_, int) and 0 < type_ < 8 else ""
    level = GRADES[grade - 1] if isinstance(grade, int) and 0 < grade < 5 else _("no grade")
    return f"{kind}{level}"


def _day(text: str) -> str:
    """A stored ISO date as the pages show dates (2026年3月4日 in Chinese)."""
    return str(date_format(date.fromisoformat(text), "DATE_FORMAT"))


def _months(months: list[str]) -> str:
    """Stored months (2026-03) as the pages show them (2026年3月), joined by 、."""
    return "、".join(
        str(date_format(date.fromisoformat(m + "-01"), "YEAR_MONTH_FORMAT")) for m in months
    )


def explain(finding: Finding) -> str:
    """Return the finding's explanation, in the user's language."""
    f = finding.facts
    match finding.kind:
        case K.DEATH_ACTIVE_FILE:
            if f.get("benefits"):
                return _(
                    "Died on %(date)s according to the list, but the file is still active and "
                    "benefits are still granted: stop them and archive the file."
                ) % {"date": _day(f["death_date"])}
            return _(
                "Died on %(date)s according to the list, but the file is still active: check "
                "it and archive the file (reason: deceased)."
            ) % {"date": _day(f["death_date"])}
        case K.DEATH_ON_ROLL:
            return _(
                "Died on %(date)s, but still on the payment roll of %(months)s, not yet "
                "approved: archive the file and generate the roll again."
            ) % {"date": _day(f["death_date"]), "months": _months(f["months"])}
        case K.DEATH_PAID:
            return _(
                "Died on %(date)s, but paid %(amount)s yuan on the approved rolls of "
                "%(months)s: recover the overpayment and note how."
            ) % {
                "date": _day(f["death_date"]),
                "amount": f["amount"],
                "months": _months(f["months"]),
            }
        case K.DISABILITY_GRADE:
            return _(
                "The federation's list says %(listed)s; the file says %(ours)s: check the "
                "certificate and update the file."
            ) % {
                "listed": disability_words(f.get("type"), f.get("grade")),
                "ours": disability_words(f["ours"].get("type"), f["ours"].get("grade")),
            }
        case K.DISABILITY_CERTIFICATE:
            return _(
                "The certificate number on the federation's list ends in %(listed)s; the "
                "file's ends in %(ours)s: update the file."
            ) % {"listed": f["certificate_suffix"], "ours": f.get("ours") or "—"}
        case K.DISABILITY_CATEGORY:
            return _(
                "Holds a disability certificate (%(grade)s), but the file is not in the "
                "disabled category: add it."
            ) % {"grade": disability_words(f.get("type"), f.get("grade"))}
        case K.DISABILITY_UNREGISTERED:
            return _(
                "On the federation's list (%(grade)s), registered in this area, but not in "
                "the registry: register the person."
            ) % {"grade": disability_words(f.get("type"), f.get("grade"))}
        case K.SCHOOL_DROPPED_OUT | K.SCHOOL_TRANSFERRED:
            return _(
                "The school roll says “%(status)s” (%(school)s): the helper should visit "
                "the family; update the schooling status on the file."
            ) % {
                "status": SchoolingStatus(f["status"]).label,
                "school": f.get("school") or "—",
            }
        case K.DIBAO_CATEGORY:
            return _("On the dibao list, but the file is not in the dibao category: add it.")
        case K.DIBAO_UNREGISTERED:
            return _(
                "On the dibao list, registered in this area, but not in the registry: "
                "register the person."
            )
        case K.DIBAO_NOT_LISTED:
            return _(
                "In the dibao category, but not on the dibao list of %(date)s: check "
                "whether the guarantee ended, and end the category if so."
            ) % {"date": _day(f["as_of"])}
        case K.MOVED_AWAY:
            return _(
                "The household registration moved to %(place)s on %(date)s: if the person "
                "no longer lives here, transfer or archive the file."
            ) % {"place": f["place"], "date": _day(f["moved_on"])}
        case K.NAME_DIFFERS:
            return _(
                "The ID number matches, but the list writes the name “%(listed)s”: check "
                "which is right."
            ) % {"listed": f["list_name"]}
    return str(finding.get_kind_display())


# What a finding closed by a fix made elsewhere says it was fixed by.
def fixed_by(finding: Finding) -> str:
    match finding.kind:
        case K.DEATH_ACTIVE_FILE | K.MOVED_AWAY:
            return _("Corrected on the file (archived or transferred).")
        case K.DEATH_ON_ROLL:
            return _("No longer on a roll awaiting approval.")
        case K.DISABILITY_UNREGISTERED | K.DIBAO_UNREGISTERED:
            return _("Registered.")
    return _("Corrected on the file.")
