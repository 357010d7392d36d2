"""The analysis of survey rounds: counts per question, cross-tabs, the common problems
(pure ``tally``), scoped reads (``selectors``) and the audited export (``services``)."""

from guanai.surveys.analysis.access import can_export
from guanai.surveys.analysis.selectors import (
    RoundAnalysis,
    analysis_unit,
    analysis_units,
    answer_sets,
    complete_responses,
    round_analysis,
)
from guanai.surveys.analysis.services import answers_export, masked_name
from guanai.surveys.analysis.tally import (
    GROUPINGS,
    AnswerSet,
    CrossTab,
    ProblemRow,
    QuestionTally,
    Tally,
    crosstab,
    tally,
)

__all__ = [
    "GROUPINGS",
    "AnswerSet",
    "CrossTab",
    "ProblemRow",
    "QuestionTally",
    "RoundAnalysis",
    "Tally",
    "analysis_unit",
    "analysis_units",
    "answer_sets",
    "answers_export",
    "can_export",
    "complete_responses",
    "crosstab",
    "masked_name",
    "round_analysis",
    "tally",
]
