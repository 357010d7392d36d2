"""Domain errors raised by services; views and the API turn them into messages."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused an action; ``message`` is shown to the user."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """Input broke a validation rule."""


class PermissionRefused(DomainError):
    """The acting user may not do this (for objects they can see)."""


class StaleEdit(DomainError):
    """Somebody else saved the object since it was loaded (optimistic locking)."""
