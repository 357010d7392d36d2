"""Acknowledgement lists (感谢名单) through the API: the lists the caller reads, one list
with its groups and the text for the group chat, making one for a visit or a campaign,
editing it, regenerating it from the data.

Every operation reads through ``community.thanks`` (scoped: a list, visit or campaign
outside the caller's scope is 404) and writes through its services, which refuse bad
input (400), a caller who may not (403) and a stale ``version`` (409), as the pages do.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, Text1000
from guanai.api.types import Bool
from guanai.community import thanks
from guanai.community.models import Acknowledgement
from guanai.community.thanks import selectors
from guanai.community.volunteers import access_visit, can_open_volunteers
from guanai.core.errors import PermissionRefused

router = Router(tags=["community"])

# More ids than any list ticks: a bigger body is refused by the schema.
IDS_MAX = 1000
LINES_MAX = 5000


class LineIO(Schema):
    group: str = Field(description="lead, lead_giver, scout, donor, participant, driver, writer")
    text: Text1000


class GroupOut(Schema):
    key: str
    label: str
    lines: list[str]


class ThanksOut(Schema):
    id: int
    title: str
    visit_id: int | None
    campaign_id: int | None
    version: int
    show_amounts: bool


class ThanksDetailOut(ThanksOut):
    closing: str
    earlier_donation_ids: list[int]
    lines: list[LineIO]
    groups: list[GroupOut] = Field(description="The lines by group, empty groups left out.")
    chat_text: str = Field(description="The text for the group chat, a line per group.")
    can_edit: bool


class MakeIn(Schema):
    show_amounts: Bool = False
    earlier_donation_ids: list[Id] = Field(
        [], max_length=IDS_MAX, description="Earlier donations of the host unit to thank too."
    )


class RegenerateIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1)
    show_amounts: Bool | None = Field(None, description="null keeps the list's setting.")
    earlier_donation_ids: list[Id] | None = Field(
        None, max_length=IDS_MAX, description="null keeps the earlier donations ticked."
    )


class UpdateIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1)
    title: Text1000
    closing: Text1000 = ""
    lines: list[LineIO] = Field(max_length=LINES_MAX)


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    if not can_open_volunteers(user):
        raise PermissionRefused(
            _("Acknowledgement lists are read by the roster roles and volunteer groups.")
        )
    return user


def _detail(user: User, acknowledgement: Acknowledgement) -> ThanksDetailOut:
    return ThanksDetailOut(
        id=acknowledgement.pk,
        title=acknowledgement.title,
        visit_id=acknowledgement.visit_id,
        campaign_id=acknowledgement.campaign_id,
        version=acknowledgement.version,
        show_amounts=acknowledgement.show_amounts,
        closing=acknowledgement.closing,
        earlier_donation_ids=[int(pk) for pk in acknowledgement.earlier_donations],
        lines=[
            LineIO(group=line.group, text=line.text) for line in selectors.lines_of(acknowledgement)
        ],
        groups=[
            GroupOut(key=g.key, label=g.label, lines=g.lines)
            for g in selectors.groups_of(acknowledgement)
        ],
        chat_text=selectors.chat_text_of(acknowledgement),
        can_edit=thanks.can_edit(user, acknowledgement),
    )


# What a write changes: read again into the object the caller's scope gave.
CHANGED = ["title", "closing", "lines", "show_amounts", "earlier_donations", "version"]


def _reread(user: User, acknowledgement: Acknowledgement) -> ThanksDetailOut:
    acknowledgement.refresh_from_db(fields=CHANGED)
    return _detail(user, acknowledgement)


@router.get("/community/thanks", response={200: list[ThanksOut], **READ_ERRORS})
@paginate(Pages)
def thanks_list(request: HttpRequest) -> QuerySet[Acknowledgement]:
    """List the acknowledgement lists the caller reads, the latest built first."""
    user = _reader(request)
    return selectors.acknowledgements_list(thanks.acknowledgements_visible(user))


@router.get("/community/thanks/{thanks_id}", response={200: ThanksDetailOut, **READ_ERRORS})
def thanks_detail(request: HttpRequest, thanks_id: Id) -> ThanksDetailOut:
    """Return a list with its lines, its groups and the text for the group chat."""
    user = _reader(request)
    return _detail(user, thanks.access_acknowledgement(user, thanks_id))


@router.put(
    "/community/thanks/{thanks_id}",
    response={200: ThanksDetailOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def thanks_update(request: HttpRequest, thanks_id: Id, payload: UpdateIn) -> ThanksDetailOut:
    """Save the list opened at ``version``: its title, closing sentence and every line, in
    the order wanted within each group (a line left out is removed)."""
    user = _reader(request)
    acknowledgement = thanks.access_acknowledgement(user, thanks_id)
    thanks.acknowledgement_update(
        acting_user=user,
        acknowledgement=acknowledgement,
        version=payload.version,
        title=payload.title,
        closing=payload.closing,
        lines=[(line.group, line.text) for line in payload.lines],
    )
    return _reread(user, acknowledgement)


@router.post(
    "/community/thanks/{thanks_id}/regenerate",
    response={200: ThanksDetailOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def thanks_regenerate(
    request: HttpRequest, thanks_id: Id, payload: RegenerateIn
) -> ThanksDetailOut:
    """Build the lines again from the roles and donations; the title and closing stay."""
    user = _reader(request)
    acknowledgement = thanks.access_acknowledgement(user, thanks_id)
    thanks.acknowledgement_regenerate(
        acting_user=user,
        acknowledgement=acknowledgement,
        version=payload.version,
        show_amounts=payload.show_amounts,
        earlier=payload.earlier_donation_ids,
    )
    return _reread(user, acknowledgement)


@router.post(
    "/community/visits/{visit_id}/thanks",
    response={201: ThanksDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def visit_thanks_make(request: HttpRequest, visit_id: Id, payload: MakeIn) -> Status:
    """Make the visit's list from its roles and donations (the host unit or the group)."""
    user = _reader(request)
    visit = access_visit(user, visit_id)
    made = thanks.acknowledgement_make(
        acting_user=user,
        visit=visit,
        show_amounts=payload.show_amounts,
        earlier=payload.earlier_donation_ids,
    )
    return Status(201, _detail(user, thanks.access_acknowledgement(user, made.pk)))


@router.post(
    "/community/campaigns/{campaign_id}/thanks",
    response={201: ThanksDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def campaign_thanks_make(request: HttpRequest, campaign_id: Id, payload: MakeIn) -> Status:
    """Make a campaign's list (a charity day's) from its donations."""
    user = _reader(request)
    campaign = thanks.access_campaign(user, campaign_id)
    made = thanks.acknowledgement_make(
        acting_user=user, campaign=campaign, show_amounts=payload.show_amounts
    )
    return Status(201, _detail(user, thanks.access_acknowledgement(user, made.pk)))
