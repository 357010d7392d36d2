"""Answer sets for the analysis tests: six hand-counted sets of ``SMALL_FORM``, and a
version 2 of the form with one more question."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.utils import timezone

from guanai.accounts.models import User
from guanai.surveys import engine
from guanai.surveys.models import Case, CaseStatus, FormStatus, FormVersion, Response, Round
from tests.surveys.support import SMALL_FORM, saved_at

# Six answer sets; the expected numbers of the tests are counted by hand from these.
SIX: list[dict[str, Any]] = [
    {
        "guardian": "grand",
        "guardian_age": 72,
        "contact": "rarely",
        "needs": ["study", "talk"],
        "lonely": "yes",
        "mood": 2,
        "note": "奶奶腿脚不便",
    },
    {"guardian": "grand", "guardian_age": 65, "contact": "weekly", "needs": ["none"],
     "lonely": "no", "mood": 4},
    {"guardian": "relative", "guardian_age": 40, "contact": "monthly", "needs": ["study"],
     "lonely": "no", "mood": 5},
    {"guardian": "none", "contact": "rarely", "needs": ["talk"], "lonely": "yes", "mood": 1},
    {"guardian": "grand", "guardian_age": 80, "contact": "monthly", "needs": ["study"],
     "mood": 3},
    {"guardian": "relative", "guardian_age": 35, "contact": "weekly", "lonely": "no"},
]  # fmt: skip

SLEEP = {
    "code": "sleep",
    "type": "yes_no",
    "label": "是否常失眠",
    "problem_if": "yes",
    "problem": "睡眠不好",
    "domain": "health",
}


def v2_definition() -> dict[str, Any]:
    definition = copy.deepcopy(SMALL_FORM)
    definition["sections"][1]["questions"].append(SLEEP)
    return definition


def version_2(v1: FormVersion) -> FormVersion:
    """Return version 2 of ``v1``'s questionnaire, published, with the question ``sleep``."""
    return FormVersion.objects.create(
        questionnaire=v1.questionnaire,
        number=2,
        definition=v2_definition(),
        status=FormStatus.PUBLISHED,
        published_at=timezone.now(),
    )


def answer(
    case: Case,
    raw: dict[str, Any],
    *,
    form: FormVersion | None = None,
    author: User | None = None,
    complete: bool = True,
    day: date = date(2027, 3, 10),
) -> Response:
    """Store a case's answer set as the answering service would: cleaned, problems found."""
    version = form or case.round.form
    read = engine.form_read(version.definition)
    answers = engine.answers_clean(read, raw, complete=complete)
    case.status = CaseStatus.DONE if complete else CaseStatus.PENDING
    case.save(update_fields=["status"])
    return Response.objects.create(
        case=case,
        form=version,
        answers=answers,
        complete=complete,
        problems=engine.problems_found(read, answers),
        author=author,
        client_saved_at=saved_at(day),
    )


def more_cases(round_: Round, unit: Any, count: int, *, where: str = "") -> list[Case]:
    """Add ``count`` found persons (not on file) of ``unit`` to the round."""
    return [
        Case.objects.create(
            round=round_,
            org_unit=unit,
            name=f"新发现{n:02d}",
            category="left_behind",
            found=True,
            where=where,
        )
        for n in range(count)
    ]
