"""The calendar feed's pages: the user's own settings page, and the feed a phone reads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from guanai.accounts.requests import request_user
from guanai.today.feed.build import feed_calendar
from guanai.today.feed.tokens import (
    feed_address,
    feed_authenticate,
    feed_token_new,
    feed_token_of,
    feed_token_off,
    may_have_feed,
)


@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    """See whether the feed is on, make a new address (the old stops working), turn it off."""
    user = request_user(request)
    allowed = may_have_feed(user)
    new_url = ""
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if request.POST.get("action") == "off":
            feed_token_off(acting_user=user)
            messages.success(request, _("Your calendar feed is off; its address no longer works."))
            return redirect("calendar")
        _token, key = feed_token_new(acting_user=user)
        new_url = feed_address(request, key)
    token = feed_token_of(user) if allowed else None
    return render(
        request,
        "today/calendar.html",
        {
            "allowed": allowed,
            "token": token,
            "new_url": new_url,
            "webcal_url": new_url.replace("https://", "webcal://", 1).replace(
                "http://", "webcal://", 1
            ),
        },
    )


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The iCalendar feed: no session (a calendar app has none), only the key; an unknown,
    replaced or turned-off key is a 404, as if the address did not exist."""
    user = feed_authenticate(request.GET.get("key", ""))
    if user is None:
        raise Http404
    site = request.build_absolute_uri("/").rstrip("/")
    body = feed_calendar(user, link=site).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="guanai.ics"'
    # Names of persons: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
