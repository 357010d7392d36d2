"""The two questionnaires Guanai ships with, written for this project as a county's civil
affairs office would write them: the yearly 摸底排查 of left-behind children and the survey
of disabled persons' basic services and needs.

Each is a definition the engine reads (``surveys.engine.form_read``). The problems the
answers point to are short names ("无人监护", "住房为D级危房"): the analysis ranks them as the
"普遍问题" of a round. The data migration ``0002_seeded_forms`` creates both with no unit
(every unit may use them or copy them) and version 1 published; ``seed`` is what it calls.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from guanai.surveys.seeded.disabled import DISABLED, DISABLED_PURPOSE
from guanai.surveys.seeded.left_behind import LEFT_BEHIND, LEFT_BEHIND_PURPOSE

SEEDED_LEFT_BEHIND = "留守儿童情况调查表"
SEEDED_DISABLED = "残疾人基本服务状况和需求调查表"


SEEDED: list[tuple[str, str, list[str], dict[str, Any]]] = [
    (SEEDED_LEFT_BEHIND, LEFT_BEHIND_PURPOSE, ["left_behind"], LEFT_BEHIND),
    (SEEDED_DISABLED, DISABLED_PURPOSE, ["disabled"], DISABLED),
]


def seed(questionnaire_model: Any, version_model: Any) -> None:
    """Create each seeded questionnaire with no unit, version 1 published (once)."""
    now = timezone.now()
    for title, purpose, categories, definition in SEEDED:
        if questionnaire_model.objects.filter(org_unit=None, title=title).exists():
            continue
        questionnaire = questionnaire_model.objects.create(
            org_unit=None, title=title, purpose=purpose, categories=categories
        )
        version_model.objects.create(
            questionnaire=questionnaire,
            number=1,
            definition=definition,
            status="published",
            published_at=now,
        )


def unseed(questionnaire_model: Any) -> None:
    """Remove the seeded questionnaires that no round uses."""
    titles = [title for title, *_rest in SEEDED]
    questionnaire_model.objects.filter(
        org_unit=None, title__in=titles, versions__rounds__isnull=True
    ).delete()
