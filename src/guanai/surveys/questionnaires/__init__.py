"""Questionnaires (问卷): written by a county or a school, versioned, built section by section
or as JSON; the two seeded forms ship with Guanai. Import the public names from
``guanai.surveys.questionnaires``."""

from guanai.surveys.questionnaires.access import (
    EDITOR_KINDS,
    access_questionnaire,
    access_version,
    can_copy,
    can_edit,
    can_write_in,
    editor_units,
    questionnaires_visible,
)
from guanai.surveys.questionnaires.selectors import (
    QuestionnaireRow,
    category_labels,
    form_or_fault,
    preview_of,
    questionnaires_listed,
    row_of,
    rows_of,
    versions_of,
)
from guanai.surveys.questionnaires.services import (
    draft_check,
    draft_save,
    questionnaire_copy,
    questionnaire_create,
    starter_definition,
    version_new,
    version_publish,
)

__all__ = [
    "EDITOR_KINDS",
    "QuestionnaireRow",
    "access_questionnaire",
    "access_version",
    "can_copy",
    "can_edit",
    "can_write_in",
    "category_labels",
    "draft_check",
    "draft_save",
    "editor_units",
    "form_or_fault",
    "preview_of",
    "questionnaire_copy",
    "questionnaire_create",
    "questionnaires_listed",
    "questionnaires_visible",
    "row_of",
    "rows_of",
    "starter_definition",
    "version_new",
    "version_publish",
    "versions_of",
]
