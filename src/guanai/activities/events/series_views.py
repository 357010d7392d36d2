"""Cancel what is left of a series: a page that says what will be cancelled, one button."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from guanai.activities.events import series
from guanai.activities.events.access import can_manage_event
from guanai.activities.events.views import reader
from guanai.core.errors import DomainError


def _since(text: str) -> date:
    """Return the day asked for (YYYY-MM-DD, as the event page links it), today if none.

    The day comes from the event page's link, not from typing: any other text is a
    link that leads nowhere (404), never a cancellation from another day.
    """
    if not text:
        return timezone.localdate()
    try:
        if text.isascii() and len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise Http404


@login_required
def series_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the occurrences that would be cancelled from ``since`` on; POST: cancel them."""
    user = reader(request)
    found = get_object_or_404(series.series_visible(user), pk=pk)
    if not can_manage_event(user, found.org_unit):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    since = _since(data.get("since", ""))
    remaining = series.series_remaining(found, since)
    back = remaining[0] if remaining else found.events.order_by("starts_at", "pk").first()
    if request.method == "POST":
        try:
            cancelled = series.event_series_cancel(acting_user=user, series=found, since=since)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s occurrence was cancelled.",
                    "%(count)s occurrences were cancelled.",
                    len(cancelled),
                )
                % {"count": len(cancelled)},
            )
        return redirect("activities:event_detail", pk=back.pk)  # type: ignore[union-attr]
    return render(
        request,
        "activities/events/series_cancel.html",
        {"series": found, "since": since, "remaining": remaining, "back": back},
    )
