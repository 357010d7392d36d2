"""The page that writes an event up as an information report: the report's form opened
with what the event holds (``from_event.compose``) and its photos to choose from."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanai.accounts.requests import request_user
from guanai.activities.events import access_event
from guanai.activities.models.media import EventPhoto
from guanai.core.errors import DomainError, PermissionRefused
from guanai.reports.info import from_event
from guanai.reports.info.forms import InfoForm
from guanai.reports.info.photos import MAX_PHOTOS
from guanai.reports.models import InfoKind


def _chosen(request: HttpRequest, photos: list[EventPhoto]) -> list[EventPhoto]:
    ids = set(request.POST.getlist("photo"))
    return [p for p in photos if str(p.pk) in ids]


def info_from_event(request: HttpRequest, event: int) -> HttpResponse:
    """Open the report form pre-filled from the event; send it for review."""
    user = request_user(request)
    found = access_event(user, event)
    done = from_event.report_of_event(user, found)
    if done is not None:
        messages.info(request, _("An information report was already sent from this event."))
        return redirect("reports:info", pk=done.pk)
    try:
        from_event.require_reportable(user, found)
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("activities:event_detail", pk=found.pk)
    draft = from_event.compose(found)
    photos = list(EventPhoto.objects.filter(event=found).order_by("pk"))
    chosen = [p.pk for p in draft.photos]
    status = 200
    if request.method == "POST":
        form = InfoForm(request.POST)
        chosen = [p.pk for p in _chosen(request, photos)]
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = from_event.info_from_event(
                    acting_user=user,
                    event=found,
                    kind=data["kind"],
                    title=data["title"],
                    event_date=data["event_date"],
                    text=data["text"],
                    photos=_chosen(request, photos),
                )
            except PermissionRefused as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("The report is sent to the unit above for review."))
                return redirect("reports:info", pk=report.pk)
        status = 400
    else:
        form = InfoForm(
            initial={
                "kind": InfoKind.REPORT,
                "title": draft.title,
                "event_date": draft.event_date,
                "text": draft.text,
            }
        )
    return render(
        request,
        "reports/info/from_event.html",
        {
            "event": found,
            "form": form,
            "photos": photos,
            "chosen": chosen,
            "photos_max": MAX_PHOTOS,
        },
        status=status,
    )
