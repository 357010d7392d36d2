"""The builder's edits of a draft definition (pure): each takes a definition and returns the
whole new one, which the page saves with ``draft_save``; the engine then checks it.

Question codes are made here: q1, q2, … never used twice in a form — the highest number
made is kept in the definition's ``codes_made``, so a deleted question's code is not given
to a new one (its answers in older versions would be read as the new question's). An
option's value is kept when its text is kept; a new option gets o1, o2, … of its question.

Options are written one per line; a line ``文字 | 问题：问题描述`` marks the problem the option
points to ("普遍问题" of the analysis), e.g. ``无人监护 | 问题：无人监护``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.surveys import engine

CODE_NUMBER = re.compile(r"^q(\d{1,6})$")
PROBLEM_PREFIX = re.compile(r"^\s*(问题|problem)\s*[:：]\s*", re.IGNORECASE)


def _sections(definition: dict[str, Any]) -> list[dict[str, Any]]:
    sections = definition.get("sections")
    if not isinstance(sections, list):
        raise ValidationFailed(_("The form has no sections."), field="definition")
    return sections


def _copy(definition: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(definition) if isinstance(definition, dict) else {}
    if not isinstance(new.get("sections"), list):
        new["sections"] = []
    return new


def next_code(definition: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return a new question code and the definition that records it as made."""
    new = _copy(definition)
    made = new.get("codes_made")
    highest = made if isinstance(made, int) and not isinstance(made, bool) else 0
    for section in _sections(new):
        for question in section.get("questions", []) if isinstance(section, dict) else []:
            match = CODE_NUMBER.match(str(question.get("code", "")))
            if match:
                highest = max(highest, int(match.group(1)))
    new["codes_made"] = highest + 1
    return f"q{highest + 1}", new


def _at(definition: dict[str, Any], code: str) -> tuple[int, int]:
    """Return (section index, question index) of the question ``code``."""
    for s, section in enumerate(_sections(definition)):
        for q, question in enumerate(section.get("questions", [])):
            if isinstance(question, dict) and question.get("code") == code:
                return s, q
    raise ValidationFailed(_("The form has no question “%(code)s”.") % {"code": code})


def _section(definition: dict[str, Any], index: int) -> dict[str, Any]:
    sections = _sections(definition)
    if not 0 <= index < len(sections) or not isinstance(sections[index], dict):
        raise ValidationFailed(_("The form has no such section."))
    return sections[index]


def section_add(definition: dict[str, Any], title: str) -> dict[str, Any]:
    new = _copy(definition)
    new["sections"].append({"title": title, "questions": []})
    return new


def section_edit(definition: dict[str, Any], index: int, title: str) -> dict[str, Any]:
    new = _copy(definition)
    _section(new, index)["title"] = title
    return new


def section_delete(definition: dict[str, Any], index: int) -> dict[str, Any]:
    """Remove a section and its questions."""
    new = _copy(definition)
    _section(new, index)
    del new["sections"][index]
    return new


def section_move(definition: dict[str, Any], index: int, step: int) -> dict[str, Any]:
    """Move a section one place up (``step`` -1) or down (+1); at an end it stays."""
    new = _copy(definition)
    _section(new, index)
    sections = new["sections"]
    other = index + step
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
    return new


def question_add(definition: dict[str, Any], section: int, question: dict[str, Any]) -> Any:
    """Add a question (without a code: one is made) at the end of a section."""
    code, new = next_code(definition)
    questions = _section(new, section).setdefault("questions", [])
    questions.append({"code": code, **question})
    return new


def question_edit(definition: dict[str, Any], code: str, question: dict[str, Any]) -> Any:
    new = _copy(definition)
    s, q = _at(new, code)
    new["sections"][s]["questions"][q] = {"code": code, **question}
    return new


def question_delete(definition: dict[str, Any], code: str) -> dict[str, Any]:
    new = _copy(definition)
    s, q = _at(new, code)
    del new["sections"][s]["questions"][q]
    return new


def question_move(definition: dict[str, Any], code: str, step: int) -> dict[str, Any]:
    """Move a question one place up or down; past its section's end it goes to the next
    (or previous) section."""
    new = _copy(definition)
    s, q = _at(new, code)
    sections = new["sections"]
    questions = sections[s]["questions"]
    other = q + step
    if 0 <= other < len(questions):
        questions[q], questions[other] = questions[other], questions[q]
    elif 0 <= s + step < len(sections):
        moved = questions.pop(q)
        target = sections[s + step].setdefault("questions", [])
        if step < 0:
            target.append(moved)
        else:
            target.insert(0, moved)
    return new


def options_parse(text: str, old: list[dict[str, Any]] | None = None) -> list[dict[str, str]]:
    """Return the options written one per line (``文字 | 问题：问题描述``), keeping the
    value of an option whose text was kept."""
    kept = {o.get("label"): o.get("value") for o in old or [] if isinstance(o, dict)}
    used = {str(v) for v in kept.values()}
    options: list[dict[str, str]] = []
    n = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _bar, rest = line.partition("|")
        label, problem = label.strip(), PROBLEM_PREFIX.sub("", rest).strip()
        if not label:
            raise ValidationFailed(
                _("Each line needs the option's text before “|”."), field="options"
            )
        value = kept.get(label)
        if not isinstance(value, str) or any(o["value"] == value for o in options):
            n += 1
            while f"o{n}" in used:
                n += 1
            value = f"o{n}"
            used.add(value)
        option = {"value": value, "label": label}
        if problem:
            option["problem"] = problem
        options.append(option)
    if len(options) > engine.OPTIONS_MAX:
        raise ValidationFailed(
            _("A question has at most %(limit)d options.") % {"limit": engine.OPTIONS_MAX},
            field="options",
        )
    return options


def options_text(options: list[dict[str, Any]]) -> str:
    """Return the options as the builder's text area shows them."""
    lines = []
    for option in options:
        line = str(option.get("label", ""))
        if option.get("problem"):
            line += f" | 问题：{option['problem']}"
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Choice:
    """An answer an earlier question offers, to show a later one for: "第3题：无人监护"."""

    key: str  # "code=value"
    label: str


def show_if_choices(definition: dict[str, Any], before: str | None) -> list[Choice]:
    """Return the answers of the questions before ``before`` (all, if None) that a skip rule
    may name, as the builder's multiple select offers them."""
    try:
        form = engine.form_read(definition)
    except ValidationFailed:
        return []
    choices = []
    for question in form.questions:
        if question.code == before:
            break
        if question.type in ("single", "multiple", "yes_no", "rating"):
            for value in question.values:
                label = _("Q%(n)d: %(answer)s") % {
                    "n": question.number,
                    "answer": question.value_label(value),
                }
                choices.append(Choice(f"{question.code}={value}", label))
    return choices


def show_if_of(keys: list[str]) -> dict[str, Any] | None:
    """Return the skip rule of the answers chosen ("code=value"), all of one question."""
    if not keys:
        return None
    pairs = [key.partition("=") for key in keys]
    codes = {code for code, _eq, _value in pairs}
    if len(codes) != 1:
        raise ValidationFailed(
            _("Choose the answers of one earlier question only."), field="show_if"
        )
    return {"question": codes.pop(), "in": [value for _code, _eq, value in pairs]}
