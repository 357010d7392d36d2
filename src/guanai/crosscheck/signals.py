"""Re-checking open findings when what they are about changes (the fix made elsewhere).

Connected when the app loads: a person saved (archived, transferred, corrected, or just
registered), a category added or ended, a roll generated again. The re-check runs once the
change is committed, so that a change rolled back closes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from guanai.benefits.rolls import roll_generated
from guanai.crosscheck.findings.services import (
    findings_recheck,
    recheck_keys,
    recheck_persons,
)
from guanai.crosscheck.models import Finding, FindingKind
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person, PersonCategory


def _person_saved(sender: Any, instance: Person, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    pk, key = instance.pk, instance.id_hash
    if created:
        transaction.on_commit(lambda: recheck_keys([key or ""]))
    else:
        transaction.on_commit(lambda: recheck_persons([pk]))


def _category_changed(sender: Any, instance: PersonCategory, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    pk = instance.person_id
    transaction.on_commit(lambda: recheck_persons([pk]))


def _roll_generated(sender: Any, roll: Any, **kwargs: Any) -> None:
    unit = roll.org_unit

    def recheck() -> None:
        findings_recheck(
            Finding.objects.filter(
                subtree_q([unit], field="person__org_unit__path"), kind=FindingKind.DEATH_ON_ROLL
            )
        )

    transaction.on_commit(recheck)


def connect() -> None:
    post_save.connect(_person_saved, sender=Person, dispatch_uid="crosscheck_person")
    post_save.connect(_category_changed, sender=PersonCategory, dispatch_uid="crosscheck_cat")
    post_delete.connect(_category_changed, sender=PersonCategory, dispatch_uid="crosscheck_cat_d")
    roll_generated.connect(_roll_generated, dispatch_uid="crosscheck_roll")
