"""Letters-home pages: the rounds, a new round from an occasion, a round's children by class
with one tap per child, a letter's photos.

Reads come from ``access`` and ``selectors`` (scoped by ``accounts.scoping``), writes from
``services``; a refusal comes back as a message on the same page. A page about one round,
letter or photo outside what the user reads on the roster is a 404, whatever the role.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.activities.letters import access, selectors, services
from guanai.activities.letters.festivals import occasion_by_key, statutory_known
from guanai.activities.letters.forms import (
    AHEAD,
    OccasionForm,
    RoundForm,
    occasion_label,
    prefilled,
)
from guanai.activities.letters.scans import MAX_SCANS
from guanai.activities.models.letters import Letter, LetterRound, RoundStatus
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.core.paging import page_of
from guanai.core.photos import photo_response
from guanai.registry.models import Category


def reader(request: HttpRequest) -> User:
    user = request_user(request)
    scoping.require_role(user, *access.LETTER_READERS)
    return user


def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds of the user's units, the latest first, with who wrote."""
    user = reader(request)
    return render(
        request,
        "activities/letters/round_list.html",
        {
            "page": page_of(selectors.rounds_list(user), request.GET.get("page")),
            "can_create": access.round_units(user).exists(),
        },
    )


def _years_unknown(today: dt.date) -> list[int]:
    return [y for y in range(today.year, (today + AHEAD).year + 1) if not statutory_known(y)]


def round_new(request: HttpRequest) -> HttpResponse:
    """Choose an occasion of the coming year (it fills in the title and dates), then save."""
    user = reader(request)
    if not access.round_units(user).exists():
        raise PermissionDenied
    today = timezone.localdate()
    key = request.POST.get("occasion") or request.GET.get("occasion", "")
    occasion = occasion_by_key(key) if key else None
    chooser = OccasionForm(initial={"occasion": key}, today=today)
    form: RoundForm | None = None
    if occasion is not None:
        form = RoundForm(request.POST or None, user=user, initial=prefilled(occasion, today))
    elif key:
        messages.error(request, _("Choose an occasion from the list."))
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.round_create(
                acting_user=user,
                org_unit=data["unit"],
                occasion=data["occasion"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                target_categories=data["target_categories"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The round is open: tap each child who wrote."))
            return redirect("activities:letter_round", pk=created.pk)
    return render(
        request,
        "activities/letters/round_form.html",
        {
            "chooser": chooser,
            "form": form,
            "occasion": occasion,
            "occasion_label": occasion_label(occasion) if occasion else "",
            "years_unknown": _years_unknown(today),
        },
    )


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round's children by class: one tap marks a letter written, one more takes it back."""
    user = request_user(request)
    letter_round = access.access_round(user, pk)
    categories = dict(Category.choices)
    sheet = selectors.round_sheet(user, letter_round)
    # A township's round lists hundreds of children: a teacher shows their own class.
    chosen = request.GET.get("class", "")
    shown = [g for g in sheet.classes if not chosen or g.progress.label == chosen]
    return render(
        request,
        "activities/letters/round_detail.html",
        {
            "round": letter_round,
            "sheet": sheet,
            "shown": shown,
            "chosen": chosen,
            "can_manage": access.can_manage_round(user, letter_round.org_unit),
            "is_open": letter_round.status == RoundStatus.OPEN,
            "categories": [categories.get(c, c) for c in letter_round.target_categories],
            "max_scans": MAX_SCANS,
        },
    )


def _letter_to_change(request: HttpRequest, pk: int) -> tuple[User, Letter]:
    user = request_user(request)
    letter = access.access_letter(user, pk)
    if not access.can_manage_round(user, letter.round.org_unit):
        raise PermissionDenied
    return user, letter


def _back_to(request: HttpRequest, letter: Letter) -> str:
    """Return to the round's page at the letter's card, showing the class it showed."""
    url = reverse("activities:letter_round", kwargs={"pk": letter.round_id})
    chosen = request.POST.get("class", "")
    query = f"?{urlencode({'class': chosen})}" if chosen else ""
    return f"{url}{query}#letter-{letter.pk}"


@require_POST
def letter_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap: ``written=1`` marks the child's letter written today, ``written=0`` undoes it."""
    user, letter = _letter_to_change(request, pk)
    written = request.POST.get("written")
    if written not in ("1", "0"):
        messages.error(request, _("Tap wrote a letter, or undo."))
        return redirect(_back_to(request, letter))
    try:
        services.letter_mark(acting_user=user, letter=letter, written=written == "1")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect(_back_to(request, letter))


@require_POST
def letter_scans(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the photos of a letter sent with the form (it counts as written)."""
    user, letter = _letter_to_change(request, pk)
    try:
        stored = services.scans_add(
            acting_user=user, letter=letter, photos=request.FILES.getlist("photos")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(count)s photo(s) of %(name)s's letter kept.")
            % {"count": len(stored), "name": letter.person.name},
        )
    return redirect(_back_to(request, letter))


def scan(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a photo of a letter to a reader of the child on the roster (the read is logged)."""
    user = request_user(request)
    found = access.access_scan(user, pk)
    services.scan_read(user=user, scan=found, request=request)
    return photo_response(found)


@require_POST
def scan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    found = access.access_scan(user, pk)
    letter = found.letter
    if not access.can_manage_round(user, letter.round.org_unit):
        raise PermissionDenied
    try:
        services.scan_delete(acting_user=user, scan=found)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The photo is removed."))
    return redirect(_back_to(request, letter))


@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a round (``action=close``) or reopen it (``action=reopen``)."""
    user = request_user(request)
    letter_round: LetterRound = get_object_or_404(access.rounds_visible(user), pk=pk)
    if not access.can_manage_round(user, letter_round.org_unit):
        raise PermissionDenied
    action = request.POST.get("action")
    change = {"close": services.round_close, "reopen": services.round_reopen}.get(action or "")
    if change is None:
        messages.error(request, _("Choose to close or reopen the round."))
        return redirect("activities:letter_round", pk=pk)
    try:
        change(acting_user=user, letter_round=letter_round, version=posted_version(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The round is closed.") if action == "close" else _("The round is open again."),
        )
    return redirect("activities:letter_round", pk=pk)
