"""Acknowledgement list pages: make a visit's or a campaign's list, edit it (with the text
for the group chat), regenerate it from the data, print it on A4.

Each view reads through ``access`` and ``selectors`` and writes through ``services``; a
refusal comes back as a message on the same page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.community.models import Acknowledgement
from guanai.community.models.giving import Donation
from guanai.community.thanks import access, engine, selectors, services
from guanai.community.thanks.forms import EditForm, MakeForm
from guanai.community.volunteers.access import VOLUNTEER_READERS, access_visit, is_host
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version


def reader(request: HttpRequest) -> User:
    user = request_user(request)
    scoping.require_role(user, *VOLUNTEER_READERS)
    return user


@dataclass
class Source:
    """What the make page needs of a visit or a campaign."""

    title: str
    back: tuple[str, int]
    may_edit: bool
    offered: QuerySet[Donation] | None
    preview: list[engine.Group]
    make: Callable[[bool, list[int]], Acknowledgement]


def _make_page(request: HttpRequest, source: Source) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    form = MakeForm(posted, offered=source.offered)
    if request.method == "POST":
        if not source.may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                made = source.make(form.cleaned_data["show_amounts"], form.earlier_ids())
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(
                    request, _("The acknowledgement list is made: edit it, then print it.")
                )
                return redirect("community:thanks_detail", pk=made.pk)
    return render(
        request,
        "community/thanks/make.html",
        {
            "source_title": source.title,
            "form": form,
            "may_edit": source.may_edit,
            "preview": source.preview,
            "back_name": source.back[0],
            "back_pk": source.back[1],
        },
    )


def visit_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    visit = access_visit(user, pk)
    made = Acknowledgement.objects.filter(visit=visit).first()
    if made is not None:
        return redirect("community:thanks_detail", pk=made.pk)
    may_edit = access.can_edit_visit(user, visit)
    roles, gifts = selectors.visit_facts(visit)
    source = Source(
        title=visit.event.title,
        back=("community:visit_detail", visit.pk),
        may_edit=may_edit,
        offered=selectors.earlier_offered(visit) if is_host(user, visit) else None,
        preview=engine.grouped(engine.build_lines(roles, gifts)),
        make=lambda show, earlier: services.acknowledgement_make(
            acting_user=user, visit=visit, show_amounts=show, earlier=earlier
        ),
    )
    return _make_page(request, source)


def campaign_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    campaign = access.access_campaign(user, pk)
    made = Acknowledgement.objects.filter(campaign=campaign).first()
    if made is not None:
        return redirect("community:thanks_detail", pk=made.pk)
    source = Source(
        title=campaign.title,
        back=("community:fund_detail", campaign.fund_id),
        may_edit=access.can_edit_campaign(user, campaign),
        offered=None,
        preview=engine.grouped(
            engine.campaign_lines(selectors.campaign_facts(campaign)), campaign=True
        ),
        make=lambda show, _earlier: services.acknowledgement_make(
            acting_user=user, campaign=campaign, show_amounts=show
        ),
    )
    return _make_page(request, source)


def _back_url(acknowledgement: Acknowledgement) -> tuple[str, int]:
    if acknowledgement.visit is not None:
        return "community:visit_detail", acknowledgement.visit.pk
    campaign = acknowledgement.campaign
    return "community:fund_detail", campaign.fund_id if campaign is not None else 0


def thanks_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    acknowledgement = access.access_acknowledgement(user, pk)
    may_edit = access.can_edit(user, acknowledgement)
    posted = request.POST if request.method == "POST" else None
    form = EditForm(posted, acknowledgement=acknowledgement)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.acknowledgement_update(
                    acting_user=user,
                    acknowledgement=acknowledgement,
                    version=posted_version(request),
                    title=form.cleaned_data["title"],
                    closing=form.cleaned_data["closing"],
                    lines=form.lines(),
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("The acknowledgement list is saved."))
                return redirect("community:thanks_detail", pk=acknowledgement.pk)
    back = _back_url(acknowledgement)
    regenerate = MakeForm(
        initial={
            "show_amounts": acknowledgement.show_amounts,
            "earlier": acknowledgement.earlier_donations,
        },
        offered=selectors.earlier_offered(acknowledgement.visit)
        if acknowledgement.visit is not None and is_host(user, acknowledgement.visit)
        else None,
    )
    return render(
        request,
        "community/thanks/detail.html",
        {
            "acknowledgement": acknowledgement,
            "groups": selectors.groups_of(acknowledgement),
            "chat_text": selectors.chat_text_of(acknowledgement),
            "form": form if may_edit else None,
            "regenerate": regenerate if may_edit else None,
            "back_name": back[0],
            "back_pk": back[1],
        },
    )


@require_POST
def thanks_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    acknowledgement = access.access_acknowledgement(user, pk)
    if not access.can_edit(user, acknowledgement):
        raise PermissionDenied
    offered = (
        selectors.earlier_offered(acknowledgement.visit)
        if acknowledgement.visit is not None and is_host(user, acknowledgement.visit)
        else None
    )
    form = MakeForm(request.POST, offered=offered)
    if not form.is_valid():
        messages.error(request, _("Choose among the donations offered."))
        return redirect("community:thanks_detail", pk=pk)
    try:
        services.acknowledgement_regenerate(
            acting_user=user,
            acknowledgement=acknowledgement,
            version=posted_version(request),
            show_amounts=form.cleaned_data["show_amounts"],
            earlier=form.earlier_ids() if offered is not None else None,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The list is built again from the data."))
    return redirect("community:thanks_detail", pk=pk)


def thanks_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The list on an A4 sheet: the title, the groups in plan 四's order, the closing."""
    user = reader(request)
    acknowledgement = access.access_acknowledgement(user, pk)
    printed = services.acknowledgement_print(
        acting_user=user, acknowledgement=acknowledgement, request=request
    )
    return render(request, "community/thanks/print.html", {"printed": printed})
