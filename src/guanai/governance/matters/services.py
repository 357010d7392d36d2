"""Writing a unit's list of practical matters (实事, 篇六 "每年为未成年人办几件实事").

* ``matter_create`` / ``matter_update`` (a leader or worker of the unit or above): a title,
  the responsible unit (the unit itself or one below it), the responsible person (someone
  holding a role in the responsible unit or above, whom the acting user sees), a deadline
  within the list's year, and a target figure (not negative) with its unit of count where
  one fits. A matter done or dropped is reopened before it is edited.
* ``matter_progress``: an update — its day (not in the future), what was done, the figure
  reached so far, a linked record of Guanai (a path that the site's URLs resolve) and
  photos (JPEG or PNG, checked by their content). The first update starts the matter.
* ``matter_done``: only with evidence — an update with a photo or a linked record — on a
  day not in the future. ``matter_drop``: with the reason. ``matter_reopen``: a leader.

Every change reads the matter again under a row lock and refuses a form opened at an older
version (``core.locking``); the audit trail keeps every change (django-auditlog).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Max, Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.core.actors import SystemActor, account_of
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.numbers import parse_decimal
from guanai.core.photos import Upload, checked_photos, store_photos
from guanai.core.text import fits, quoted
from guanai.governance.access import READERS
from guanai.governance.matters import access
from guanai.governance.models import (
    MatterPhoto,
    MatterStatus,
    MatterUpdate,
    PracticalMatter,
)
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside

PHOTOS_PER_UPDATE = 6
# The largest figure the columns hold (12 digits, 2 of them decimals).
LARGEST_FIGURE = Decimal("9999999999.99")
OPEN = (MatterStatus.PLANNED, MatterStatus.IN_PROGRESS)
CLOSED = (MatterStatus.DONE, MatterStatus.DROPPED)

# Translated when it is said (a module constant would keep the language it was loaded in).
STALE = gettext_lazy(
    "Someone changed this practical matter after you opened it (%(fields)s); reload and try again."
)
STALE_FIELDS = (
    "title",
    "detail",
    "lead_unit",
    "owner",
    "deadline",
    "target",
    "target_unit",
    "status",
    "done_on",
    "dropped_reason",
)


@dataclass(frozen=True)
class MatterData:
    """What a form or the API gives for a matter; checked by ``matter_clean``."""

    title: str
    lead_unit: OrgUnit | None
    owner: User | None
    deadline: date | None
    detail: str = ""
    # As typed ("30", "1,200") or a Decimal; None or "" for no figure.
    target: object = None
    target_unit: str = ""


def _year(value: object) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ValidationFailed(_("Enter a year such as 2026."), field="year") from None
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationFailed(_("Enter a year such as 2026."), field="year")
    return year


def _owner_checked(user: Actor, owner: User | None, lead_unit: OrgUnit) -> User:
    if owner is None:
        raise ValidationFailed(_("Choose the responsible person."), field="owner")
    holds = (
        owner.is_active
        and scoping.memberships_in_force()
        .filter(user=owner, role__in=READERS, org_unit__path__in=lead_unit.ancestor_paths())
        .exists()
    )
    # Someone the acting user does not see is refused as one without a role there: the
    # message tells nothing of an account outside their scope.
    seen = isinstance(user, SystemActor) or scoping.users_visible(user).filter(pk=owner.pk).exists()
    if not (holds and seen):
        raise ValidationFailed(
            _("%(name)s holds no role in %(unit)s or a unit above it; choose someone who does.")
            % {"name": owner.full_name or owner.get_username(), "unit": lead_unit.name},
            field="owner",
        )
    return owner


def _figure(value: object, field: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_decimal(value, field=field, places=2, maximum=LARGEST_FIGURE)


def matter_clean(user: Actor, unit: OrgUnit, year: int, data: MatterData) -> dict[str, object]:
    """Return the matter's fields checked, or raise ``ValidationFailed`` naming the field."""
    title = " ".join((data.title or "").split())
    if not title:
        raise ValidationFailed(_("Write what the unit commits to do."), field="title")
    fits(title, PracticalMatter, "title")
    detail = fits((data.detail or "").strip(), PracticalMatter, "detail")
    lead = data.lead_unit
    if lead is None:
        raise ValidationFailed(_("Choose the responsible unit."), field="lead_unit")
    if not lead.is_active or not is_inside(lead, unit):
        raise ValidationFailed(
            _("The responsible unit is %(unit)s itself or a unit below it.") % {"unit": unit.name},
            field="lead_unit",
        )
    owner = _owner_checked(user, data.owner, lead)
    if data.deadline is None:
        raise ValidationFailed(_("Enter the deadline."), field="deadline")
    if data.deadline.year != year:
        raise ValidationFailed(
            _(
                "The deadline of a matter of %(year)s falls within %(year)s, at the latest on "
                "%(year)s-12-31."
            )
            % {"year": year},
            field="deadline",
        )
    target = _figure(data.target, "target")
    measure = " ".join((data.target_unit or "").split())
    fits(measure, PracticalMatter, "target_unit")
    if target is not None and not measure:
        raise ValidationFailed(
            _("Say what the figure counts, e.g. 名, 所 or 户."), field="target_unit"
        )
    if target is None and measure:
        raise ValidationFailed(
            _("Enter the target figure that %(unit)s counts, or leave both empty.")
            % {"unit": quoted(measure)},
            field="target",
        )
    return {
        "title": title,
        "detail": detail,
        "lead_unit": lead,
        "owner": owner,
        "deadline": data.deadline,
        "target": target,
        "target_unit": measure,
    }


@transaction.atomic
def matter_create(user: Actor, *, unit: OrgUnit, year: object, data: MatterData) -> PracticalMatter:
    """Add a matter to ``unit``'s list for ``year`` (a leader or worker of the unit)."""
    access.require_edit(user, unit)
    number = _year(year)
    fields = matter_clean(user, unit, number, data)
    last = PracticalMatter.objects.filter(org_unit=unit, year=number).aggregate(
        last=Max("position")
    )["last"]
    return PracticalMatter.objects.create(
        org_unit=unit,
        year=number,
        position=(last or 0) + 1,
        created_by=account_of(user),
        **fields,
    )


def _locked(matter: PracticalMatter, version: int) -> PracticalMatter:
    current = (
        PracticalMatter.objects.select_for_update(of=("self",))
        .select_related("org_unit", "lead_unit", "owner")
        .get(pk=matter.pk)
    )
    refuse_stale(current, version, message=str(STALE), fields=STALE_FIELDS)
    return current


def _require_open(matter: PracticalMatter, doing: str) -> None:
    if matter.status not in OPEN:
        raise ValidationFailed(
            _("This matter is %(status)s; reopen it before it is %(doing)s.")
            % {"status": matter.get_status_display(), "doing": doing}
        )


def _save(matter: PracticalMatter, fields: list[str]) -> None:
    bump(matter)
    matter.save(update_fields=[*fields, "version"])


@transaction.atomic
def matter_update(
    user: Actor, matter: PracticalMatter, *, version: int, data: MatterData
) -> PracticalMatter:
    """Change a matter still planned or in progress (a leader or worker of the unit)."""
    access.require_edit(user, matter.org_unit)
    current = _locked(matter, version)
    _require_open(current, _("edited"))
    fields = matter_clean(user, current.org_unit, current.year, data)
    for name, value in fields.items():
        setattr(current, name, value)
    _save(current, list(fields))
    return current


def link_clean(text: str) -> str:
    """Return the path of a page of Guanai (an address pasted whole keeps its path and
    query), or "" for none; refuse what the site's URLs do not resolve."""
    raw = (text or "").strip()
    if not raw:
        return ""
    refused = ValidationFailed(
        _(
            "“%(link)s” is not a page of Guanai; paste the address of the record, "
            "e.g. /activities/events/12/."
        )
        % {"link": quoted(raw)},
        field="link",
    )
    parts = urlsplit(raw)
    if parts.scheme not in ("", "http", "https") or (not parts.scheme and parts.netloc):
        raise refused
    path = parts.path
    if not path.startswith("/") or path.startswith("//") or any(c.isspace() for c in raw):
        raise refused
    try:
        resolve(path)
    except Resolver404:
        raise refused from None
    link = path + (f"?{parts.query}" if parts.query else "")
    return fits(link, MatterUpdate, "link")


@transaction.atomic
def matter_progress(
    user: Actor,
    matter: PracticalMatter,
    *,
    version: int,
    on: date | None,
    text: str,
    reached: object = None,
    link: str = "",
    photos: Sequence[Upload] = (),
) -> MatterUpdate:
    """Report progress on a matter with its evidence; the first update starts it."""
    access.require_report(user, matter)
    current = _locked(matter, version)
    _require_open(current, _("reported on"))
    day = check_plausible_day(on or timezone.localdate(), field="on")
    words = (text or "").strip()
    if not words:
        raise ValidationFailed(_("Write what was done."), field="text")
    fits(words, MatterUpdate, "text")
    figure = _figure(reached, "reached")
    path = link_clean(link)
    checked = checked_photos(
        photos,
        room=PHOTOS_PER_UPDATE,
        too_many=_("An update keeps at most %(count)s photos.") % {"count": PHOTOS_PER_UPDATE},
    )
    update = MatterUpdate.objects.create(
        matter=current,
        on=day,
        text=words,
        reached=figure,
        link=path,
        recorded_by=account_of(user),
    )
    if current.status == MatterStatus.PLANNED:
        current.status = MatterStatus.IN_PROGRESS
        _save(current, ["status"])
    else:
        _save(current, [])
    store_photos(checked, folder="governance", make=lambda: MatterPhoto(update=update))
    return update


def has_evidence(matter: PracticalMatter) -> bool:
    """Return whether an update of the matter shows the work: a photo or a linked record."""
    return matter.updates.filter(Q(photos__isnull=False) | ~Q(link="")).exists()


@transaction.atomic
def matter_done(
    user: Actor, matter: PracticalMatter, *, version: int, on: date | None = None
) -> PracticalMatter:
    """Mark a matter done, on a day not in the future, once an update shows the evidence."""
    access.require_report(user, matter)
    current = _locked(matter, version)
    _require_open(current, _("marked done"))
    day = check_plausible_day(on or timezone.localdate(), field="done_on")
    if not has_evidence(current):
        raise ValidationFailed(
            _(
                "A matter is done only with evidence: report its progress with a photo or a "
                "linked record first."
            ),
            field="done_on",
        )
    current.status = MatterStatus.DONE
    current.done_on = day
    _save(current, ["status", "done_on"])
    return current


@transaction.atomic
def matter_drop(
    user: Actor, matter: PracticalMatter, *, version: int, reason: str
) -> PracticalMatter:
    """Give a matter up with the reason (the money did not come); it counts as not done."""
    access.require_edit(user, matter.org_unit)
    current = _locked(matter, version)
    _require_open(current, _("dropped"))
    words = " ".join((reason or "").split())
    if not words:
        raise ValidationFailed(_("Say why the matter is dropped."), field="dropped_reason")
    current.dropped_reason = fits(words, PracticalMatter, "dropped_reason")
    current.status = MatterStatus.DROPPED
    _save(current, ["status", "dropped_reason"])
    return current


@transaction.atomic
def matter_reopen(user: Actor, matter: PracticalMatter, *, version: int) -> PracticalMatter:
    """Reopen a matter done or dropped (a leader): back in progress, or planned without
    any update."""
    access.require_reopen(user, matter)
    current = _locked(matter, version)
    if current.status not in CLOSED:
        raise ValidationFailed(_("Only a matter done or dropped is reopened."))
    started = current.updates.exists()
    current.status = MatterStatus.IN_PROGRESS if started else MatterStatus.PLANNED
    current.done_on = None
    current.dropped_reason = ""
    _save(current, ["status", "done_on", "dropped_reason"])
    return current
