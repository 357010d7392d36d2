"""Writes of acknowledgement lists: make one from the data, edit it, regenerate it, print it.

A list is made once per visit or campaign. Editing saves the title, the closing sentence
and every line (the page and the API send them all, in the order wanted); regenerating
builds the lines again from the data and keeps the title and the closing sentence. Both
carry the version the list was opened at and a stale one is refused (``refuse_stale``),
so two clerks never undo each other's changes. Bad input — an empty line, a line or a
title too long, a group the list has not — is refused with a message and nothing is
saved. Changes are audited by django-auditlog; a print is written to the access log
(``AuditAction.PRINT``), as a printed roll is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.community.models import Acknowledgement, VolunteerVisit
from guanai.community.models.giving import Campaign
from guanai.community.thanks import engine, selectors
from guanai.community.thanks.access import (
    require_edit,
    require_edit_campaign,
    require_edit_visit,
)
from guanai.community.volunteers.access import is_host
from guanai.core.actors import account_of
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.text import fits

# A line is one name, a company with its gift, or the anonymous counted.
LINE_MAX = 200
# More lines than any visit (its cap is at most 1000 volunteers, in seven groups).
LINES_MAX = 5000


def _built(
    source: VolunteerVisit | Campaign,
    *,
    show_amounts: bool,
    earlier: Sequence[int],
    acting_user: Actor,
    kept: Sequence[int] = (),
) -> tuple[list[engine.Line], list[int]]:
    if isinstance(source, VolunteerVisit):
        chosen = selectors.earlier_chosen(source, earlier)
        # The donations are the host unit's: its staff choose which earlier ones to thank.
        if set(chosen) - set(kept) and not is_host(acting_user, source):
            raise PermissionRefused(
                _("Only the leaders and workers of the unit visited choose its earlier donations.")
            )
        roles, gifts = selectors.visit_facts(source, chosen)
        return engine.build_lines(roles, gifts, show_amounts=show_amounts), chosen
    gifts = selectors.campaign_facts(source)
    return engine.campaign_lines(gifts, show_amounts=show_amounts), []


def _as_json(lines: Sequence[engine.Line]) -> list[dict[str, str]]:
    return [{"group": line.group, "text": line.text} for line in lines]


@transaction.atomic
def acknowledgement_make(
    *,
    acting_user: Actor,
    visit: VolunteerVisit | None = None,
    campaign: Campaign | None = None,
    show_amounts: bool = False,
    earlier: Sequence[int] = (),
) -> Acknowledgement:
    """Make the list of a visit or a campaign from its data (one list per source)."""
    if visit is not None and campaign is not None:
        raise ValueError("an acknowledgement list is of a visit or of a campaign")
    source: VolunteerVisit | Campaign
    if visit is not None:
        require_edit_visit(acting_user, visit)
        # The source's row, locked: two clerks making its list at once make one.
        source = VolunteerVisit.objects.select_for_update().get(pk=visit.pk)
        title = engine.default_title(visit.event.title)
        made = Acknowledgement.objects.filter(visit=visit)
    elif campaign is not None:
        require_edit_campaign(acting_user, campaign)
        source = Campaign.objects.select_for_update().get(pk=campaign.pk)
        title = engine.default_title(campaign.title)
        made = Acknowledgement.objects.filter(campaign=campaign)
    else:
        raise ValueError("an acknowledgement list is of a visit or of a campaign")
    if made.exists():
        raise ValidationFailed(_("This acknowledgement list is made already: open it."))
    lines, chosen = _built(
        source, show_amounts=show_amounts, earlier=earlier, acting_user=acting_user
    )
    return Acknowledgement.objects.create(
        visit=visit,
        campaign=campaign,
        title=title,
        closing=engine.default_closing(),
        lines=_as_json(lines),
        show_amounts=show_amounts,
        earlier_donations=chosen,
        generated_at=timezone.now(),
        updated_by=account_of(acting_user),
    )


def _current(acting_user: Actor, acknowledgement: Acknowledgement, version: int) -> Acknowledgement:
    require_edit(acting_user, acknowledgement)
    current = (
        Acknowledgement.objects.select_for_update(of=("self",))
        .select_related("visit__event", "campaign")
        .get(pk=acknowledgement.pk)
    )
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this acknowledgement list after you opened it (%(fields)s). "
            "Reload it and make your change again."
        ),
        fields=["title", "closing", "lines", "show_amounts"],
    )
    return current


@transaction.atomic
def acknowledgement_regenerate(
    *,
    acting_user: Actor,
    acknowledgement: Acknowledgement,
    version: int,
    show_amounts: bool | None = None,
    earlier: Sequence[int] | None = None,
) -> Acknowledgement:
    """Build the lines again from the data; the title and closing sentence stay.

    ``show_amounts`` and ``earlier`` left out keep what the list was built with.
    """
    current = _current(acting_user, acknowledgement, version)
    if show_amounts is None:
        show_amounts = current.show_amounts
    if earlier is None:
        earlier = [int(pk) for pk in current.earlier_donations]
    source: VolunteerVisit | Campaign | None = current.visit or current.campaign
    if source is None:
        raise ValueError("an acknowledgement list is of a visit or of a campaign")
    lines, chosen = _built(
        source,
        show_amounts=show_amounts,
        earlier=earlier,
        acting_user=acting_user,
        kept=[int(pk) for pk in current.earlier_donations],
    )
    current.lines = _as_json(lines)
    current.show_amounts = show_amounts
    current.earlier_donations = chosen
    current.generated_at = timezone.now()
    current.updated_by = account_of(acting_user)
    bump(current)
    current.save()
    return current


def _clean_lines(
    acknowledgement: Acknowledgement, lines: Sequence[tuple[str, str]]
) -> list[engine.Line]:
    """Return the lines checked, in the groups' order, each group's in the order given."""
    allowed = selectors.group_keys(acknowledgement)
    if len(lines) > LINES_MAX:
        raise ValidationFailed(
            _("A list holds at most %(count)s lines.") % {"count": LINES_MAX}, field="lines"
        )
    cleaned = []
    for number, (group, text) in enumerate(lines, start=1):
        if group not in allowed:
            raise ValidationFailed(
                _("Line %(number)s: choose a group of the list.") % {"number": number},
                field="lines",
            )
        words = " ".join(text.split())
        if not words:
            raise ValidationFailed(
                _("Line %(number)s is empty: write a name or remove the line.")
                % {"number": number},
                field="lines",
            )
        if len(words) > LINE_MAX:
            raise ValidationFailed(
                _("Line %(number)s is too long: write at most %(count)s characters.")
                % {"number": number, "count": LINE_MAX},
                field="lines",
            )
        cleaned.append(engine.Line(group, words))
    order = {key: n for n, key in enumerate(allowed)}
    return sorted(cleaned, key=lambda line: order[line.group])


@transaction.atomic
def acknowledgement_update(
    *,
    acting_user: Actor,
    acknowledgement: Acknowledgement,
    version: int,
    title: str,
    closing: str,
    lines: Sequence[tuple[str, str]],
) -> Acknowledgement:
    """Save the edited list: its title, closing sentence and every line, as given."""
    current = _current(acting_user, acknowledgement, version)
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Write the title of the list."), field="title")
    fits(title, Acknowledgement, "title")
    closing = fits(" ".join(closing.split()), Acknowledgement, "closing")
    current.lines = _as_json(_clean_lines(current, lines))
    current.title = title
    current.closing = closing
    current.updated_by = account_of(acting_user)
    bump(current)
    current.save()
    return current


@dataclass(frozen=True)
class Printed:
    acknowledgement: Acknowledgement
    groups: list[engine.Group]

    @property
    def line_count(self) -> int:
        return sum(len(g.lines) for g in self.groups)


def acknowledgement_print(
    *, acting_user: Actor, acknowledgement: Acknowledgement, request: HttpRequest | None = None
) -> Printed:
    """Return the list by groups for the A4 page, and write the print to the access log."""
    groups = selectors.groups_of(acknowledgement)
    printed = Printed(acknowledgement, groups)
    source = (
        {"visit": acknowledgement.visit_id}
        if acknowledgement.visit_id
        else {"campaign": acknowledgement.campaign_id}
    )
    access_log(
        user=account_of(acting_user),
        action=AuditAction.PRINT,
        obj=acknowledgement,
        detail={
            "rows": printed.line_count,
            "filters": {**source, "version": acknowledgement.version},
            "purpose": _("acknowledgement list"),
        },
        request=request,
    )
    return printed
