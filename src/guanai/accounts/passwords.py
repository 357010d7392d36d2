"""Password rules of DESIGN §5 beyond Django's own validators."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    """Return how many of lowercase, uppercase, digits and other characters appear."""
    return sum(
        (
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isascii() or not c.isalnum() for c in password),
        )
    )


class CharacterClassValidator:
    """Require characters from at least ``min_classes`` of four classes."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("Use at least %(n)s of: lowercase letters, uppercase letters, digits, symbols.")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password must contain at least %(n)s of: lowercase letters, uppercase "
            "letters, digits, symbols."
        ) % {"n": self.min_classes}
