"""How far a need is met: a pure function of what it asks and what was matched to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_MET = "partly_met", _("Partly met")
    MET = "met", _("Met")


@dataclass(frozen=True)
class NeedProgress:
    """A need's status with what was given, what remains and what came beyond it."""

    status: NeedStatus
    given: int
    remaining: int
    surplus: int


def need_progress(needed: int, given: int) -> NeedProgress:
    """Return the status of a need of ``needed`` items met by ``given`` matched items.

    Nothing matched: open. Some: partly met, with what remains. All, or more than enough:
    met; what came beyond the need is the surplus, shown so that it can go elsewhere.
    """
    if needed <= 0 or given < 0:
        raise ValueError("a need asks for at least one item, and nothing is given below zero")
    if given == 0:
        status = NeedStatus.OPEN
    elif given < needed:
        status = NeedStatus.PARTLY_MET
    else:
        status = NeedStatus.MET
    return NeedProgress(
        status=status,
        given=given,
        remaining=max(needed - given, 0),
        surplus=max(given - needed, 0),
    )
