"""The questionnaire engine: read a form's definition, show and check its answers (pure).

A definition is JSON::

    {"sections": [{"title": "监护与照料", "questions": [
        {"code": "guardian", "type": "single", "label": "现在由谁监护", "required": true,
         "options": [{"value": "grand", "label": "祖父母"},
                     {"value": "none", "label": "无人监护", "problem": "无人监护"}]},
        {"code": "guardian_age", "type": "number", "label": "监护人年龄", "min": 18, "max": 100,
         "show_if": {"question": "guardian", "in": ["grand"]},
         "problem_at_least": 70, "problem": "监护人年迈"}]}]}

Question types: ``single`` and ``multiple`` choice (options with values), ``number`` (a whole
number from ``min`` to ``max``), ``date``, ``text`` (at most ``max_length``, 500 by default),
``yes_no`` ("yes" or "no") and ``rating`` (1 to ``scale``, 5 by default). A question may be
``required``; ``show_if`` shows it only when an earlier question's answer is one of the values
(for a multiple choice, when one of the chosen is); a hidden question is never required and
its answer is dropped. A problem (the "普遍问题" the analysis ranks) is named by an option's
``problem``, by ``problem_if`` ("yes" or "no") of a yes/no question, or by
``problem_at_most`` / ``problem_at_least`` of a number or a rating, with the text in
``problem``. ``domain`` names the assistance-plan domain a problem opens a plan in.

Nothing here touches the database: ``form_read`` raises ``ValidationFailed`` naming the first
fault of a definition, ``answers_clean`` the first fault of an answer set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

TYPES = ("single", "multiple", "number", "date", "text", "yes_no", "rating")
CHOICE_TYPES = ("single", "multiple")
YES_NO = ("yes", "no")
DOMAINS = ("study", "life", "psychology", "health", "activities")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
LABEL_MAX = 200
TEXT_MAX = 500
TEXT_LIMIT = 2000
NUMBER_LIMIT = 10**9
QUESTIONS_MAX = 200
OPTIONS_MAX = 30


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    problem: str = ""


@dataclass(frozen=True)
class Question:
    code: str
    type: str
    label: str
    number: int  # 1, 2, … through the whole form, as printed
    section: int
    required: bool = False
    help: str = ""
    options: tuple[Option, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    scale: int = 5
    max_length: int = TEXT_MAX
    show_if: tuple[str, tuple[str, ...]] | None = None
    problem: str = ""
    problem_if: str | None = None
    problem_at_most: int | None = None
    problem_at_least: int | None = None
    domain: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        """The values a choice or yes/no answer may take, in order."""
        if self.type == "yes_no":
            return YES_NO
        if self.type == "rating":
            return tuple(str(n) for n in range(1, self.scale + 1))
        return tuple(option.value for option in self.options)

    def value_label(self, value: str) -> str:
        if self.type == "yes_no":
            return _("Yes") if value == "yes" else _("No")
        for option in self.options:
            if option.value == value:
                return option.label
        return value

    def answer_text(self, value: Any) -> str:
        """Return an answer as a person reads it: the options' labels (joined by 、), the
        number, the date, the text; '' for no answer."""
        if value is None or value == "" or value == []:
            return ""
        if self.type in (*CHOICE_TYPES, "yes_no"):
            chosen = value if isinstance(value, list) else [value]
            return "、".join(self.value_label(str(v)) for v in chosen)
        return str(value)

    def problems_in(self, value: Any) -> list[tuple[str, str]]:
        """Return (problem code, text) of each problem an answer points to."""
        if value is None or value == "" or value == []:
            return []
        if self.type in CHOICE_TYPES:
            chosen = value if isinstance(value, list) else [value]
            return [
                (f"{self.code}:{o.value}", o.problem)
                for o in self.options
                if o.problem and o.value in chosen
            ]
        hit = False
        if self.type == "yes_no":
            hit = self.problem_if == value
        elif self.type in ("number", "rating"):
            hit = (self.problem_at_most is not None and value <= self.problem_at_most) or (
                self.problem_at_least is not None and value >= self.problem_at_least
            )
        return [(self.code, self.problem)] if hit else []

    def problems(self) -> list[tuple[str, str]]:
        """Return (problem code, text) of every problem this question can point to."""
        if self.type in CHOICE_TYPES:
            return [(f"{self.code}:{o.value}", o.problem) for o in self.options if o.problem]
        if self.problem:
            return [(self.code, self.problem)]
        return []


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Form:
    sections: tuple[Section, ...]
    by_code: dict[str, Question] = field(default_factory=dict)

    @property
    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]


def _fault(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="definition")


def _text(raw: Mapping[str, Any], key: str, where: str, *, limit: int, required: bool) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise _fault(_("%(where)s: “%(key)s” must be text.") % {"where": where, "key": key})
    value = value.strip()
    if required and not value:
        raise _fault(_("%(where)s: “%(key)s” is empty.") % {"where": where, "key": key})
    if len(value) > limit:
        raise _fault(
            _("%(where)s: “%(key)s” is longer than %(limit)d characters.")
            % {"where": where, "key": key, "limit": limit}
        )
    return value


def _whole(raw: Mapping[str, Any], key: str, where: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > NUMBER_LIMIT:
        raise _fault(
            _("%(where)s: “%(key)s” must be a whole number.") % {"where": where, "key": key}
        )
    return value


def _options(raw: Any, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise _fault(_("%(where)s: a choice needs at least two options.") % {"where": where})
    if len(raw) > OPTIONS_MAX:
        raise _fault(
            _("%(where)s: at most %(limit)d options.") % {"where": where, "limit": OPTIONS_MAX}
        )
    options = []
    for n, item in enumerate(raw, 1):
        at = _("%(where)s, option %(n)d") % {"where": where, "n": n}
        if not isinstance(item, dict):
            raise _fault(_("%(where)s is not an option.") % {"where": at})
        value = _text(item, "value", at, limit=30, required=True)
        options.append(
            Option(
                value=value,
                label=_text(item, "label", at, limit=LABEL_MAX, required=True),
                problem=_text(item, "problem", at, limit=60, required=False),
            )
        )
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise _fault(_("%(where)s: two options have the same value.") % {"where": where})
    return tuple(options)


def _question(raw: Any, number: int, section: int, known: dict[str, Question]) -> Question:
    where = _("Question %(n)d") % {"n": number}
    if not isinstance(raw, dict):
        raise _fault(_("%(where)s is not a question.") % {"where": where})
    code = raw.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        raise _fault(
            _("%(where)s: a code is lower-case letters, digits or _ after a letter.")
            % {"where": where}
        )
    if code in known:
        raise _fault(
            _("%(where)s: the code “%(code)s” is used twice.") % {"where": where, "code": code}
        )
    kind = raw.get("type")
    if kind not in TYPES:
        raise _fault(_("%(where)s: unknown question type.") % {"where": where})
    label = _text(raw, "label", where, limit=LABEL_MAX, required=True)
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise _fault(_("%(where)s: “required” must be true or false.") % {"where": where})
    options = _options(raw.get("options"), where) if kind in CHOICE_TYPES else ()
    minimum, maximum = _whole(raw, "min", where), _whole(raw, "max", where)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise _fault(_("%(where)s: the least is above the most.") % {"where": where})
    scale = _whole(raw, "scale", where) or 5
    if kind == "rating" and not 2 <= scale <= 10:
        raise _fault(_("%(where)s: a rating has 2 to 10 steps.") % {"where": where})
    max_length = _whole(raw, "max_length", where) or TEXT_MAX
    if not 1 <= max_length <= TEXT_LIMIT:
        raise _fault(
            _("%(where)s: a text answer may be at most %(limit)d characters.")
            % {"where": where, "limit": TEXT_LIMIT}
        )
    show_if = None
    if raw.get("show_if") is not None:
        rule = raw["show_if"]
        source = known.get(str(rule.get("question"))) if isinstance(rule, dict) else None
        if source is None:
            raise _fault(
                _("%(where)s: it can be shown only after an earlier question.") % {"where": where}
            )
        values = rule.get("in")
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) and v in source.values for v in values)
        ):
            raise _fault(
                _("%(where)s: show it for answers that question %(n)d offers.")
                % {"where": where, "n": source.number}
            )
        show_if = (source.code, tuple(values))
    problem_if = raw.get("problem_if")
    if problem_if is not None and (kind != "yes_no" or problem_if not in YES_NO):
        raise _fault(
            _("%(where)s: “problem_if” is “yes” or “no” of a yes/no question.") % {"where": where}
        )
    at_most, at_least = (
        _whole(raw, "problem_at_most", where),
        _whole(raw, "problem_at_least", where),
    )
    if (at_most is not None or at_least is not None) and kind not in ("number", "rating"):
        raise _fault(
            _("%(where)s: a problem threshold needs a number or a rating.") % {"where": where}
        )
    problem = _text(raw, "problem", where, limit=60, required=False)
    if (problem_if is not None or at_most is not None or at_least is not None) and not problem:
        raise _fault(_("%(where)s: name the problem the answer points to.") % {"where": where})
    domain = raw.get("domain", "")
    if domain not in ("", *DOMAINS):
        raise _fault(_("%(where)s: unknown plan domain.") % {"where": where})
    return Question(
        code=code,
        type=kind,
        label=label,
        number=number,
        section=section,
        required=required,
        help=_text(raw, "help", where, limit=300, required=False),
        options=options,
        minimum=minimum,
        maximum=maximum,
        scale=scale,
        max_length=max_length,
        show_if=show_if,
        problem=problem,
        problem_if=problem_if,
        problem_at_most=at_most,
        problem_at_least=at_least,
        domain=domain,
    )


def form_read(definition: Any) -> Form:
    """Return the form a definition describes; raise ValidationFailed on its first fault."""
    if not isinstance(definition, dict) or not isinstance(definition.get("sections"), list):
        raise _fault(_("The form has no sections."))
    known: dict[str, Question] = {}
    sections = []
    for s, raw in enumerate(definition["sections"], 1):
        where = _("Section %(n)d") % {"n": s}
        if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
            raise _fault(_("%(where)s has no questions.") % {"where": where})
        title = _text(raw, "title", where, limit=LABEL_MAX, required=True)
        questions = []
        for item in raw["questions"]:
            question = _question(item, len(known) + 1, s, known)
            known[question.code] = question
            questions.append(question)
        sections.append(Section(title=title, questions=tuple(questions)))
    if not known:
        raise _fault(_("The form has no questions."))
    if len(known) > QUESTIONS_MAX:
        raise _fault(_("A form has at most %(limit)d questions.") % {"limit": QUESTIONS_MAX})
    return Form(sections=tuple(sections), by_code=known)


def shown(form: Form, answers: Mapping[str, Any]) -> set[str]:
    """Return the codes of the questions shown for these answers (skip logic)."""
    visible: set[str] = set()
    for question in form.questions:
        if question.show_if is not None:
            source, values = question.show_if
            if source not in visible:
                continue
            given = answers.get(source)
            chosen = given if isinstance(given, list) else [given]
            if not any(v in values for v in chosen):
                continue
        visible.add(question.code)
    return visible


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _where(question: Question) -> str:
    return _("Question %(n)d “%(label)s”") % {"n": question.number, "label": question.label}


def _refuse(question: Question, message: str) -> ValidationFailed:
    return ValidationFailed(f"{_where(question)}：{message}", field=question.code)


def _number(question: Question, value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,10}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(question, _("enter a whole number."))
    low = question.minimum if question.minimum is not None else -NUMBER_LIMIT
    high = question.maximum if question.maximum is not None else NUMBER_LIMIT
    if not low <= value <= high:
        raise _refuse(
            question, _("enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return value


def _value(question: Question, value: Any) -> Any:
    """Return the answer in its stored form, or raise naming the question."""
    kind = question.type
    if kind == "multiple":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _refuse(question, _("choose from the options."))
        if any(v not in question.values for v in value) or len(set(value)) != len(value):
            raise _refuse(question, _("choose from the options."))
        return [v for v in question.values if v in value]
    if kind in ("single", "yes_no"):
        if not isinstance(value, str) or value not in question.values:
            raise _refuse(question, _("choose one of the options."))
        return value
    if kind == "rating":
        number = _number(question, value)
        if not 1 <= number <= question.scale:
            raise _refuse(question, _("choose 1 to %(n)d.") % {"n": question.scale})
        return number
    if kind == "number":
        return _number(question, value)
    if kind == "date":
        if not isinstance(value, str):
            raise _refuse(question, _("enter a date as 2027-03-15."))
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise _refuse(question, _("enter a date as 2027-03-15.")) from None
    if not isinstance(value, str):
        raise _refuse(question, _("enter text."))
    text = value.strip()
    if len(text) > question.max_length:
        raise _refuse(
            question,
            _("at most %(limit)d characters (%(n)d given).")
            % {"limit": question.max_length, "n": len(text)},
        )
    return text


def answers_clean(form: Form, raw: Any, *, complete: bool) -> dict[str, Any]:
    """Return the answers of the shown questions in their stored form.

    Unknown questions and bad values are refused; answers of hidden questions are dropped
    (a skip changed after they were given); a complete set needs every shown required one.
    """
    if not isinstance(raw, dict):
        raise ValidationFailed(_("The answers are not a set of question codes."), field="answers")
    unknown = sorted(code for code in raw if code not in form.by_code)
    if unknown:
        raise ValidationFailed(
            _("The form has no question “%(code)s”.") % {"code": unknown[0]}, field="answers"
        )
    cleaned: dict[str, Any] = {}
    for question in form.questions:
        value = raw.get(question.code)
        if not _blank(value):
            cleaned[question.code] = _value(question, value)
    visible = shown(form, cleaned)
    cleaned = {code: value for code, value in cleaned.items() if code in visible}
    if complete:
        for question in form.questions:
            if question.required and question.code in visible and question.code not in cleaned:
                raise _refuse(question, _("this question must be answered."))
    return cleaned


def problems_found(form: Form, answers: Mapping[str, Any]) -> list[str]:
    """Return the codes of the problems the answers point to, in the form's order."""
    return [
        code
        for question in form.questions
        for code, _problem in question.problems_in(answers.get(question.code))
    ]


def problem_texts(form: Form) -> dict[str, tuple[Question, str]]:
    """Return problem code → (its question, its text) for every problem the form names."""
    return {
        code: (question, text) for question in form.questions for code, text in question.problems()
    }
