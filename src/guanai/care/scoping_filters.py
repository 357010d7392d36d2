"""The persons a helper reads because they are paired, offered to ``accounts.scoping``.

Accounts sits below care and never names it; care registers this filter when it loads
(``CareConfig.ready``), so ``scoping.persons_q`` covers the paired persons.
"""

from __future__ import annotations

from django.db.models import Q

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.care.models import Pairing


def paired_now_q(user: AnyUser, field: str) -> Q:
    """Return the filter for the persons paired to the user now (pairings not ended)."""
    paired = Pairing.objects.filter(helper_id=user.pk, ended_on__isnull=True).values("person_id")
    return Q(**{f"{field}__in": paired})


def register() -> None:
    scoping.register_person_filter("care.pairing", paired_now_q)
