"""Helpers of the rounds' tests: a round made through the service, today's dates."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit
from guanai.surveys.models import FormVersion, Round
from guanai.surveys.rounds import round_create


def made_round(by: User, unit: OrgUnit, form: FormVersion, *, title: str = "春季摸底排查") -> Round:
    """Return an open round of ``unit`` made by ``by`` through the service, from today."""
    today = timezone.localdate()
    return round_create(
        acting_user=by,
        unit=unit,
        title=title,
        form=form,
        starts_on=today,
        ends_on=today + timedelta(days=60),
    )
