"""The ways out of the app: e-mail, SMS, a unit's WeChat Work group robot.

Each sends one text and answers with a ``Sent`` (the provider's answer, kept in the delivery
log); a failure raises ``SendError`` with that answer, and the delivery is retried.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sent:
    response: str


class SendError(Exception):
    """The channel refused or could not be reached; ``str(error)`` is its answer."""
