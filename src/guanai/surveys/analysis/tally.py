"""Counting a round's answers (pure): per question, cross-tabs, the common problems.

Given the round's form and the complete answer sets (each with the form it was given on and
its group labels), ``tally`` counts per question the respondents shown it and those who
answered, then per value: a single choice, yes/no or rating as a share of those who
answered (summing to 100 %), a multiple choice each option as a share of those who answered
(summing past 100 %), a rating also its mean, a number its count, mean, least, most and
median, a date and a text only how many answered (texts are personal: never listed).

Sets given on an older version are counted by question code: a question their version did
not have is counted over the sets of the versions that had it. ``crosstab`` counts one
question's values per group (category, village or school, unit) with row percentages;
``problems`` ranks the problem codes by the persons they affect, ties in the form's order
(plan 九's "普遍问题"). Nothing here touches the database.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.surveys.engine import Form, Question, problem_texts, shown

# What a cross-tab may be grouped by; each answer set carries a label for each.
GROUPINGS = ("category", "where", "unit")
COUNTED_TYPES = ("single", "multiple", "yes_no", "rating")


@dataclass(frozen=True)
class AnswerSet:
    """One complete answer set as the analysis reads it."""

    answers: Mapping[str, Any]
    problems: Sequence[str]
    form: Form  # the version it was given on
    version: int
    groups: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ValueCount:
    value: str
    label: str
    count: int
    percent: float | None  # of those who answered; None when nobody did


@dataclass(frozen=True)
class QuestionTally:
    question: Question
    asked: int  # respondents whose version had the question
    shown: int  # of those, shown it (skip logic)
    answered: int
    values: list[ValueCount]
    mean: float | None = None
    minimum: int | None = None
    maximum: int | None = None
    median: float | None = None


@dataclass(frozen=True)
class ProblemRow:
    code: str
    text: str
    question: Question | None
    persons: int
    percent: float | None  # of the respondents


@dataclass(frozen=True)
class Tally:
    respondents: int
    older: int  # sets given on an older version of the form
    questions: list[QuestionTally]
    problems: list[ProblemRow]


@dataclass(frozen=True)
class CrossRow:
    group: str
    answered: int
    counts: list[int]
    percents: list[float | None]

    @property
    def cells(self) -> list[tuple[int, float | None]]:
        return list(zip(self.counts, self.percents, strict=True))


@dataclass(frozen=True)
class CrossTab:
    question: Question
    grouping: str
    columns: list[str]  # the values' labels
    rows: list[CrossRow]
    total: CrossRow


def percent(part: int, whole: int) -> float | None:
    """Return ``part`` as a percentage of ``whole`` to one decimal, or None of nothing."""
    return round(part * 100 / whole, 1) if whole else None


def _chosen(question: Question, value: Any) -> list[str]:
    """Return the answer as the list of values it counts under."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _value_counts(question: Question, answers: Sequence[Any], answered: int) -> list[ValueCount]:
    counts: Counter[str] = Counter()
    for value in answers:
        counts.update(set(_chosen(question, value)))
    # The form's values in order, then any value an older version offered.
    order = list(question.values) + sorted(v for v in counts if v not in question.values)
    return [
        ValueCount(v, question.value_label(v), counts[v], percent(counts[v], answered))
        for v in order
    ]


def _question_tally(question: Question, sets: Sequence[AnswerSet]) -> QuestionTally:
    asked = [s for s in sets if question.code in s.form.by_code]
    seen = [s for s in asked if question.code in shown(s.form, s.answers)]
    given = [
        s.answers[question.code] for s in seen if _chosen(question, s.answers.get(question.code))
    ]
    answered = len(given)
    values: list[ValueCount] = []
    extra: dict[str, Any] = {}
    if question.type in COUNTED_TYPES:
        values = _value_counts(question, given, answered)
    numbers = [v for v in given if isinstance(v, int) and not isinstance(v, bool)]
    if question.type in ("number", "rating") and numbers:
        extra["mean"] = round(statistics.fmean(numbers), 2)
    if question.type == "number" and numbers:
        extra.update(minimum=min(numbers), maximum=max(numbers))
        extra["median"] = float(statistics.median(numbers))
    return QuestionTally(question, len(asked), len(seen), answered, values, **extra)


def _problem_rows(form: Form, sets: Sequence[AnswerSet]) -> list[ProblemRow]:
    texts = dict(problem_texts(form))
    order = {code: n for n, code in enumerate(texts)}
    for s in sets:  # problems only an older version named
        for code, found in problem_texts(s.form).items():
            texts.setdefault(code, found)
    persons: Counter[str] = Counter()
    for s in sets:
        persons.update(set(s.problems))
    rows = []
    for code, count in persons.items():
        question, text = texts.get(code, (None, code))
        rows.append(ProblemRow(code, text, question, count, percent(count, len(sets))))
    rows.sort(key=lambda r: (-r.persons, order.get(r.code, len(order)), r.code))
    return rows


def tally(form: Form, version: int, sets: Sequence[AnswerSet]) -> Tally:
    """Count the answer sets of a round whose form is ``form`` (version ``version``)."""
    return Tally(
        respondents=len(sets),
        older=sum(1 for s in sets if s.version < version),
        questions=[_question_tally(q, sets) for q in form.questions],
        problems=_problem_rows(form, sets),
    )


def crosstab(form: Form, code: str, grouping: str, sets: Sequence[AnswerSet]) -> CrossTab:
    """Count question ``code``'s values per group, with each group's row percentages."""
    question = form.by_code.get(code)
    if question is None:
        raise ValidationFailed(
            _("The form has no question “%(code)s”.") % {"code": code}, field="question"
        )
    if question.type not in COUNTED_TYPES:
        raise ValidationFailed(
            _("A cross-tab needs a choice, yes/no or rating question."), field="question"
        )
    if grouping not in GROUPINGS:
        raise ValidationFailed(_("Choose what to group the answers by."), field="by")
    groups: dict[str, list[Any]] = {}
    everyone: list[Any] = []
    for s in sets:
        if code not in s.form.by_code or code not in shown(s.form, s.answers):
            continue
        value = s.answers.get(code)
        if not _chosen(question, value):
            continue
        groups.setdefault(s.groups.get(grouping) or "—", []).append(value)
        everyone.append(value)
    total_counts = _value_counts(question, everyone, len(everyone))
    columns = [c.value for c in total_counts]

    def row(name: str, given: list[Any]) -> CrossRow:
        counted = {c.value: c.count for c in _value_counts(question, given, len(given))}
        counts = [counted.get(v, 0) for v in columns]
        return CrossRow(name, len(given), counts, [percent(n, len(given)) for n in counts])

    return CrossTab(
        question=question,
        grouping=grouping,
        columns=[c.label for c in total_counts],
        rows=[row(name, groups[name]) for name in sorted(groups)],
        total=row(_("Total"), everyone),
    )
