"""Small makers of a definition's options and questions, for the seeded forms."""

from __future__ import annotations

from typing import Any


def opt(value: str, label: str, problem: str = "") -> dict[str, str]:
    option = {"value": value, "label": label}
    if problem:
        option["problem"] = problem
    return option


def q(code: str, kind: str, label: str, **extra: Any) -> dict[str, Any]:
    question: dict[str, Any] = {"code": code, "type": kind, "label": label}
    question.update(extra)
    return question


def yes_no(code: str, label: str, problem: str = "", on: str = "yes", **extra: Any) -> Any:
    if problem:
        extra.update(problem_if=on, problem=problem)
    return q(code, "yes_no", label, **extra)
