"""The yearly quality assessment of care institutions (服务质量考核及评价): who scores
(``access``), the inputs read from the data (``selectors``) and the writes (``services``).
Import the public names from ``guanai.institutions.assessment``; the scoring is the pure
engine ``institutions.quality``."""

from guanai.institutions.assessment.access import (
    can_assess,
    require_assess,
    require_sheet_author,
    sheet_units,
)
from guanai.institutions.assessment.selectors import (
    Inputs,
    assessment_day,
    assessments_in,
    assessments_of,
    delivery_of,
    inputs_of,
    months_present,
    national_sheet,
    params_of,
    sheet_for,
    sheets_visible,
)
from guanai.institutions.assessment.services import (
    AssessmentData,
    Preview,
    SheetData,
    assessment_save,
    preview,
    score_sheet_add,
    stored_score,
)

__all__ = [
    "AssessmentData",
    "Inputs",
    "Preview",
    "SheetData",
    "assessment_day",
    "assessment_save",
    "assessments_in",
    "assessments_of",
    "can_assess",
    "delivery_of",
    "inputs_of",
    "months_present",
    "national_sheet",
    "params_of",
    "preview",
    "require_assess",
    "require_sheet_author",
    "score_sheet_add",
    "sheet_for",
    "sheet_units",
    "sheets_visible",
    "stored_score",
]
