"""What every app's forms and page views share: a service's refusal shown beside its field,
and the version a form was opened at (optimistic locking, ``core.locking``)."""

from __future__ import annotations

from django.http import HttpRequest

from guanai.core.errors import DomainError

__all__ = ["STALE", "ServiceErrorsMixin", "posted_version"]

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
