"""A case's answers: saved partial or complete, sent once from a phone, read as shown.

The package re-exports its public functions; import them from ``guanai.surveys.answers``.
"""

from guanai.surveys.answers.selectors import (
    Shown,
    answers_read,
    answers_shown,
    fill_version,
    response_of,
)
from guanai.surveys.answers.services import Saved, answers_save

__all__ = [
    "Saved",
    "Shown",
    "answers_read",
    "answers_save",
    "answers_shown",
    "fill_version",
    "response_of",
]
