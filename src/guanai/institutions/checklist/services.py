"""The evidence of a manual checklist item: status, note and the day it was checked.

Only an item checked by hand for this institution takes evidence (an automatic item is
decided by the data; a gated one such as 机构-10 only where it applies). A second save
changes the evidence at the version its form was opened at.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import quoted, within
from guanai.institutions.checklist.selectors import checklist
from guanai.institutions.models import Institution, ItemCheck, ItemStatus
from guanai.institutions.register.access import require_edit

# The note is the evidence in words; a page of text at most.
NOTE_MAX = 2000


@transaction.atomic
def item_check_set(
    *,
    acting_user: Actor,
    institution: Institution,
    ref: str,
    status: str,
    note: str,
    checked_on: date,
    today: date,
    version: int | None = None,
) -> ItemCheck:
    """Record the evidence of the manual item ``ref`` for the institution."""
    require_edit(acting_user, institution.org_unit)
    current = checklist(institution, today)
    refs = [v.ref for v in current.verdicts]
    if ref not in refs:
        raise ValidationFailed(
            _("The standard has no item %(ref)s.") % {"ref": quoted(ref)}, field="ref"
        )
    if ref not in current.manual_refs:
        raise ValidationFailed(
            _("Item %(ref)s is decided by the data; change the data instead.") % {"ref": ref},
            field="ref",
        )
    if status not in ItemStatus.values:
        raise ValidationFailed(_("Choose met, not met or not applicable."), field="status")
    note = within(note.strip(), NOTE_MAX, field="note")
    check_plausible_day(checked_on, field="checked_on")
    existing = ItemCheck.objects.select_for_update().filter(institution=institution, ref=ref)
    check = existing.first()
    if check is None:
        return ItemCheck.objects.create(
            institution=institution,
            ref=ref,
            status=status,
            note=note,
            checked_on=checked_on,
            checked_by=account_of(acting_user),
        )
    refuse_stale(
        check,
        version if version is not None else -1,
        message=_(
            "Someone changed this item's evidence after you opened it (%(fields)s). Reload "
            "it and make your change again."
        ),
        fields=["status", "note", "checked_on"],
    )
    check.status, check.note, check.checked_on = status, note, checked_on
    check.checked_by = account_of(acting_user)
    bump(check)
    check.save()
    return check
