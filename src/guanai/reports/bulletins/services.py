"""Writing a monthly bulletin: drafting it, editing it, publishing it (a leader).

Publishing is an audit event of its own (``AuditAction.BULLETIN_PUBLISH``), written in the
same transaction as the change, whether the page or the API asked for it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.months import month_label
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit
from guanai.reports import monthly
from guanai.reports.bulletins.access import can_edit, can_publish
from guanai.reports.models import Bulletin, BulletinStatus, MonthlyReport, ReportStatus

# The text and highlights are TextFields: this limit is the bulletin's, not a column's.
TEXT_LENGTH = 20000


def _highlights(unit: OrgUnit, month: dt.date) -> str:
    """Draft the highlights from the accepted sub-unit reports' narratives.

    Each report gives the first line of its narrative, whole: a draft the staff edit
    before the bulletin is published, not a copy of the reports.
    """
    accepted = (
        MonthlyReport.objects.filter(
            org_unit__parent=unit, month=month, status=ReportStatus.ACCEPTED
        )
        .exclude(narrative="")
        .select_related("org_unit")
        .order_by("org_unit__path")
    )
    return "\n".join(f"{r.org_unit.name}：{r.narrative.splitlines()[0]}" for r in accepted)


@transaction.atomic
def bulletin_open(*, acting_user: User, unit: OrgUnit, month: dt.date) -> Bulletin:
    """Return the unit's bulletin for the month, drafting it if there is none."""
    existing = Bulletin.objects.filter(org_unit=unit, month=month).first()
    if existing is not None:
        return existing
    if not can_edit(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit write its bulletin."))
    if not monthly.reporting_children(unit):
        raise ValidationFailed(_("A bulletin is written by a unit with units reporting to it."))
    return Bulletin.objects.create(
        org_unit=unit,
        month=month,
        title=_("%(unit)s: care work bulletin for %(month)s")
        % {"unit": unit.name, "month": month_label(month)},
        highlights=_highlights(unit, month),
    )


# The fields a stale save names, read from the audit trail.
STALE_NAMED = ("title", "text", "highlights", "status")


def _require_current(bulletin: Bulletin, version: int) -> Bulletin:
    current = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone else saved this bulletin after you opened it (changed: %(fields)s). "
            "Reload it and try again."
        ),
        fields=STALE_NAMED,
        nothing_named=_("the bulletin"),
    )
    return current


@transaction.atomic
def bulletin_save(
    *,
    acting_user: User,
    bulletin: Bulletin,
    version: int,
    title: str,
    text: str,
    highlights: str,
) -> Bulletin:
    """Save the title, text and highlights of a draft; over-long text is refused whole."""
    if not can_edit(acting_user, bulletin.org_unit):
        raise PermissionRefused(_("Only leaders and workers of this unit write its bulletin."))
    current = _require_current(bulletin, version)
    if current.status == BulletinStatus.PUBLISHED:
        raise ValidationFailed(_("A published bulletin cannot be changed."))
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Give the bulletin a title."), field="title")
    current.title = fits(title, Bulletin, "title")
    current.text = within(text.strip(), TEXT_LENGTH, field="text")
    current.highlights = within(highlights.strip(), TEXT_LENGTH, field="highlights")
    bump(current)
    current.save()
    return current


@transaction.atomic
def bulletin_publish(*, acting_user: User, bulletin: Bulletin, version: int) -> Bulletin:
    """Publish the bulletin (leaders): the units below can read it from then on."""
    if not can_publish(acting_user, bulletin.org_unit):
        raise PermissionRefused(_("Only a leader of this unit publishes its bulletin."))
    current = _require_current(bulletin, version)
    if current.status == BulletinStatus.PUBLISHED:
        raise ValidationFailed(_("This bulletin is published already."))
    current.status = BulletinStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = acting_user
    bump(current)
    current.save()
    access_log(
        user=acting_user,
        action=AuditAction.BULLETIN_PUBLISH,
        obj=current,
        detail={"unit": current.org_unit_id, "month": month_label(current.month)},
    )
    return current
