"""The rolls held back by an open urgent death finding of one of their lines (point 4)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.benefits.models import PaymentRoll, RollLine
from guanai.benefits.rolls import RollHold
from guanai.crosscheck.models import Finding, FindingStatus, ListKind


def roll_holds(roll: PaymentRoll) -> list[RollHold]:
    """Return a hold per open urgent death finding of a person on ``roll`` (one query)."""
    findings = Finding.objects.filter(
        status=FindingStatus.OPEN,
        list_kind=ListKind.DEATHS,
        urgent=True,
        person_id__in=RollLine.objects.filter(roll=roll).values("person_id"),
    ).order_by("name", "pk")
    return [
        RollHold(
            text=_("%(name)s: %(finding)s (cross-check)")
            % {"name": f.name, "finding": f.get_kind_display()},
            url=reverse("crosscheck:finding_detail", args=[f.pk]),
        )
        for f in findings
    ]
