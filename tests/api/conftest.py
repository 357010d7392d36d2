"""Helpers for API tests: a personal token for a named user, sent as a bearer header."""

from __future__ import annotations

from guanai.accounts.models import User
from guanai.accounts.services import api_token_create


def bearer(account: User, name: str = "test script") -> dict[str, str]:
    """Create a token for ``account`` and return the headers that send it, in English."""
    _, key = api_token_create(user=account, name=name)
    return {"Authorization": f"Bearer {key}", "Accept-Language": "en"}
