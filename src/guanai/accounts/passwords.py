"""Password rules of DESIGN §5 beyond Django's own validators."""

from __future__ import annotations

import secrets
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


# Letters and digits that cannot be misread when the password is read out or copied by
# hand (no 0/O, 1/l/I).
_OTP_LOWER = "abcdefghijkmnopqrstuvwxyz"
_OTP_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_OTP_DIGITS = "23456789"
ONE_TIME_PASSWORD_LENGTH = 12


def one_time_password() -> str:
    """Return a random password that meets the policy, for an administrator to hand over.

    It is shown once and must be changed at first login (issue 12): the administrator who
    saw it cannot keep using the account.
    """
    alphabet = _OTP_LOWER + _OTP_UPPER + _OTP_DIGITS
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(ONE_TIME_PASSWORD_LENGTH))
        if character_classes(password) >= 3:
            return password
