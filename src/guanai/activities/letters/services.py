"""Writes of letters-home rounds: open a round from an occasion, mark who wrote (and undo),
keep a scan of a letter, close or reopen a round.

Every change is a row of the app's audited models (``ActivitiesConfig.ready`` registers them
with django-auditlog, which records who changed what from the request); reading a scan of a
child's letter is written to the access log (``scan_read``). The services check who acts
(``access``) and refuse bad input with a message naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.activities.letters import scans
from guanai.activities.letters.access import require_manage
from guanai.activities.letters.festivals import Occasion, occasion_by_key
from guanai.activities.letters.selectors import persons_for_round
from guanai.activities.models.letters import Letter, LetterRound, LetterScan, RoundStatus
from guanai.core.actors import account_of
from guanai.core.audit import access_log
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.photos import Upload
from guanai.core.text import fits
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category

# A round stays open for a season at most; a longer one is a typing slip in a year.
LONGEST_ROUND = dt.timedelta(days=183)


def occasion_clean(key: str) -> Occasion:
    occasion = occasion_by_key(key)
    if occasion is None:
        raise ValidationFailed(_("Choose an occasion from the list."), field="occasion")
    return occasion


def _categories_clean(categories: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(categories))
    if not chosen:
        raise ValidationFailed(
            _("Choose at least one category of children."), field="target_categories"
        )
    if any(code not in Category.values for code in chosen):
        raise ValidationFailed(_("Choose the categories from the list."), field="target_categories")
    return chosen


def _dates_clean(opens_on: dt.date, closes_on: dt.date) -> None:
    check_plausible_day(opens_on, field="opens_on", days_ahead=None)
    check_plausible_day(closes_on, field="closes_on", days_ahead=None)
    if closes_on < opens_on:
        raise ValidationFailed(_("The round cannot close before it opens."), field="closes_on")
    if closes_on - opens_on > LONGEST_ROUND:
        raise ValidationFailed(
            _("A round stays open for six months at most; check the dates."), field="closes_on"
        )


@transaction.atomic
def round_create(
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    occasion: str,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    target_categories: Sequence[str] = (Category.LEFT_BEHIND,),
) -> LetterRound:
    """Open a round for ``occasion`` ("mid_autumn:2027-09-15") listing the children of
    ``org_unit``'s subtree in ``target_categories`` (篇一: a letter home at festivals)."""
    require_manage(acting_user, org_unit)
    found = occasion_clean(occasion)
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Give the round a title."), field="title")
    fits(title, LetterRound, "title")
    _dates_clean(opens_on, closes_on)
    categories = _categories_clean(target_categories)
    if LetterRound.objects.filter(
        org_unit=org_unit, occasion=found.code, occasion_on=found.on
    ).exists():
        raise ValidationFailed(
            _("%(unit)s already has a round for this occasion.") % {"unit": org_unit.name},
            field="occasion",
        )
    persons = list(persons_for_round(org_unit, categories, timezone.localdate()))
    if not persons:
        raise ValidationFailed(
            _("No child of these categories is on file in %(unit)s.") % {"unit": org_unit.name},
            field="target_categories",
        )
    letter_round = LetterRound.objects.create(
        org_unit=org_unit,
        occasion=found.code,
        occasion_on=found.on,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        target_categories=categories,
        created_by=account_of(acting_user),
    )
    Letter.objects.bulk_create([Letter(round=letter_round, person=p) for p in persons])
    return letter_round


def _locked(letter_round: LetterRound) -> LetterRound:
    return (
        LetterRound.objects.select_for_update().select_related("org_unit").get(pk=letter_round.pk)
    )


def _set_status(
    acting_user: Actor, letter_round: LetterRound, version: int, status: RoundStatus
) -> LetterRound:
    require_manage(acting_user, letter_round.org_unit)
    current = _locked(letter_round)
    refuse_stale(
        current, version, message=_("Someone changed this round meanwhile; reload the page.")
    )
    if current.status == status:
        raise ValidationFailed(
            _("This round is already closed.")
            if status == RoundStatus.CLOSED
            else _("This round is already open.")
        )
    current.status = status
    current.closed_at = timezone.now() if status == RoundStatus.CLOSED else None
    bump(current)
    current.save()
    return current


@transaction.atomic
def round_close(*, acting_user: Actor, letter_round: LetterRound, version: int) -> LetterRound:
    """Close a round: its list is kept as it stands, and no letter is marked any more."""
    return _set_status(acting_user, letter_round, version, RoundStatus.CLOSED)


@transaction.atomic
def round_reopen(*, acting_user: Actor, letter_round: LetterRound, version: int) -> LetterRound:
    """Reopen a round closed too early."""
    return _set_status(acting_user, letter_round, version, RoundStatus.OPEN)


def _refuse_closed(letter_round: LetterRound) -> None:
    if letter_round.status != RoundStatus.OPEN:
        raise ValidationFailed(_("This round is closed; reopen it to change its letters."))


@transaction.atomic
def letter_mark(
    *, acting_user: Actor, letter: Letter, written: bool, on: dt.date | None = None
) -> Letter:
    """Mark that the child wrote (``on`` that day, today if not given), or take it back."""
    current = Letter.objects.select_for_update().select_related("round__org_unit").get(pk=letter.pk)
    require_manage(acting_user, current.round.org_unit)
    _refuse_closed(current.round)
    if written:
        day = check_plausible_day(on or timezone.localdate(), field="written_on")
        current.written, current.written_on = True, day
        current.recorded_by = account_of(acting_user)
    else:
        if on is not None:
            raise ValidationFailed(_("A letter not written has no day."), field="written_on")
        current.written, current.written_on, current.recorded_by = False, None, None
    current.save()
    return current


@transaction.atomic
def scans_add(*, acting_user: Actor, letter: Letter, photos: Sequence[Upload]) -> list[LetterScan]:
    """Keep photos of a letter (at most ``scans.MAX_SCANS``); the letter counts as written."""
    current = Letter.objects.select_for_update().select_related("round__org_unit").get(pk=letter.pk)
    require_manage(acting_user, current.round.org_unit)
    _refuse_closed(current.round)
    if not photos:
        raise ValidationFailed(_("Choose a photo of the letter."), field="photos")
    checked = scans.checked_scans(photos, already=current.scans.count())
    if not current.written:
        current.written, current.written_on = True, timezone.localdate()
        current.recorded_by = account_of(acting_user)
        current.save()
    return scans.store_scans(current, checked)


@transaction.atomic
def scan_delete(*, acting_user: Actor, scan: LetterScan) -> None:
    """Remove a photo kept by mistake (its file too)."""
    letter = Letter.objects.select_related("round__org_unit").get(pk=scan.letter_id)
    require_manage(acting_user, letter.round.org_unit)
    _refuse_closed(letter.round)
    name, storage = scan.file.name, scan.file.storage
    scan.delete()
    transaction.on_commit(lambda: storage.delete(name))


def scan_read(*, user: User, scan: LetterScan, request: HttpRequest | None = None) -> None:
    """Write to the access log that ``user`` opened the photo of a child's letter."""
    access_log(
        user=user,
        action=AuditAction.READ,
        obj=scan.letter.person,
        detail={"letter_scan": scan.pk},
        request=request,
    )
