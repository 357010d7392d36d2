"""The export of a round's answers as xlsx: masked names, audited, formulas neutralised.

One row per complete answer set the user sees in the unit: unit, village or school,
category, the name masked (first character kept), the version, each question of the round's
form as a column with the options' labels, and the problems found. The export is a POST
with a stated purpose (``registry.purpose``) and is written in the access log
(``export_logged``) with its round, unit and row count.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from guanai.accounts.scoping import AnyUser
from guanai.core.audit import export_logged
from guanai.core.errors import PermissionRefused
from guanai.core.masking import STAR
from guanai.orgs.models import OrgUnit
from guanai.registry.purpose import purpose_clean
from guanai.sheets.writing import Export, workbook_bytes
from guanai.surveys.analysis.access import can_export
from guanai.surveys.analysis.selectors import complete_responses
from guanai.surveys.engine import Form, Question, form_read, problem_texts
from guanai.surveys.models import Response, Round


def masked_name(name: str) -> str:
    """Return a name with all but its first character starred (张小明 → 张**)."""
    name = name.strip()
    if len(name) <= 1:
        return STAR
    return name[0] + STAR * (len(name) - 1)


def _cell(question: Question, value: Any) -> object:
    """A number stays a number in the workbook; every other answer is read as text."""
    if question.type in ("number", "rating") and isinstance(value, int):
        return value
    return question.answer_text(value)


def _row(form: Form, response: Response, texts: dict[str, str]) -> list[object]:
    case = response.case
    found = [texts.get(code, code) for code in response.problems]
    return [
        case.org_unit.name,
        case.where,
        str(case.get_category_display()),
        masked_name(case.name),
        response.form.number,
        *[_cell(q, response.answers.get(q.code)) for q in form.questions],
        "；".join(found),
    ]


def answers_export(
    *,
    acting_user: AnyUser,
    round_: Round,
    unit: OrgUnit,
    purpose: str,
    request: HttpRequest | None = None,
) -> Export:
    """Return the complete answer sets of ``round_`` in ``unit`` that the user sees, as xlsx."""
    if not can_export(acting_user, unit):
        raise PermissionRefused(_("Only the unit's staff export the answers."))
    purpose = purpose_clean(purpose)
    form = form_read(round_.form.definition)
    responses = list(complete_responses(acting_user, round_, unit))
    texts = {code: text for code, (_q, text) in problem_texts(form).items()}
    for version in {r.form_id: r.form for r in responses}.values():
        for code, (_q, text) in problem_texts(form_read(version.definition)).items():
            texts.setdefault(code, text)
    headers = [
        _("Unit"),
        _("Village or school"),
        _("Category"),
        _("Name"),
        _("Form version"),
        *[f"{q.number}. {q.label}" for q in form.questions],
        _("Problems found"),
    ]
    content, count = workbook_bytes(
        title=_("%(round)s · answers · %(unit)s") % {"round": round_.title, "unit": unit.name},
        headers=headers,
        rows=[_row(form, r, texts) for r in responses],
        widths=[16, 16, 12, 10, 8],
    )
    export_logged(
        user=acting_user,  # type: ignore[arg-type]
        what="surveys.answers",
        rows=count,
        request=request,
        filters={"round": round_.pk, "unit": unit.pk},
        purpose=purpose,
    )
    return Export(content, f"survey-{round_.pk}-{unit.code or unit.pk}-answers.xlsx")
