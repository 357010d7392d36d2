"""What holds a roll back from approval, offered by the apps above benefits (DESIGN §4).

The cross-check app, for one, holds a roll while a person on it is reported dead by a list
and the finding is open. Benefits never names those apps: they register a source of holds
when they load, and a roll's page and its approval ask every source. A leader may approve
a held roll anyway, giving a reason, which the access log keeps.

``roll_generated`` is sent after a roll's lines were written, so that such an app can see
whether what held the roll is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.dispatch import Signal

from guanai.benefits.models import PaymentRoll


@dataclass(frozen=True)
class RollHold:
    """One reason not to approve the roll yet, with the page where it is worked."""

    text: str
    url: str = ""


RollHolds = Callable[[PaymentRoll], list[RollHold]]

_sources: list[RollHolds] = []

# Sent with ``roll`` after a roll was generated (or generated again).
roll_generated = Signal()


def roll_holds_register(source: RollHolds) -> None:
    """Offer the holds of a roll; registering the same source again changes nothing."""
    if source not in _sources:
        _sources.append(source)


def roll_holds(roll: PaymentRoll) -> list[RollHold]:
    """Return what holds ``roll`` back from approval, from every registered source."""
    return [hold for source in _sources for hold in source(roll)]
