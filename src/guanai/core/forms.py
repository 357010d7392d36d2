"""What every app's forms and page views share: a service's refusal shown beside its field,
the version a form was opened at (optimistic locking, ``core.locking``), and the prompt of
a drop-down with nothing chosen yet ("请选择…", never Django's "---------")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from guanai.core.errors import DomainError

__all__ = ["BLANK", "CHOOSE", "STALE", "ModelChoiceField", "ServiceErrorsMixin", "posted_version"]

# The first option of a drop-down that has no choice yet: a prompt, not Django's dashes.
CHOOSE = gettext_lazy("Choose…")
BLANK: list[tuple[str, Any]] = [("", CHOOSE)]

# The version of a form that sent none or a wrong one: never current, so it is refused.
STALE = -1


class ServiceErrorsMixin:
    """Put a service's ``DomainError`` next to its field, or on top of the form."""

    def add_domain_error(self, exc: DomainError) -> None:
        field = exc.field if exc.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, str(exc.message))  # type: ignore[attr-defined]


def posted_version(request: HttpRequest) -> int:
    """Return the version a form was opened at (``STALE`` if it is missing or no number)."""
    text = request.POST.get("version", "")
    return int(text) if text.isascii() and text.isdigit() else STALE


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ``ModelChoiceField`` whose empty choice reads "Choose…" (请选择…).

    Every choice field of a model in the app derives from this one (a filter may still
    name its own empty choice, e.g. "All units")."""

    def __init__(self, queryset: Any, *, empty_label: Any = CHOOSE, **kwargs: Any) -> None:
        super().__init__(queryset, empty_label=empty_label, **kwargs)
