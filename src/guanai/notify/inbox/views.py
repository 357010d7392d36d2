"""The inbox: the list (unread, all, archived), opening an item, archiving, the badge."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guanai.core.paging import page_of
from guanai.notify import kinds, selectors, services

SHOWS = ("unread", "all", "archived")


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "unread")
    if show not in SHOWS:
        show = "unread"
    rows = selectors.inbox(request.user, archived=show == "archived")
    if show == "unread":
        rows = rows.filter(read_at__isnull=True)
    page = page_of(rows, request.GET.get("page"))
    items = [(item, kinds.say(item), kinds.get(item.kind)) for item in page.object_list]
    return render(
        request,
        "notify/inbox.html",
        {
            "page": page,
            "items": items,
            "show": show,
            "shows": (("unread", _("Unread")), ("all", _("All")), ("archived", _("Archived"))),
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
@require_GET
def open_item(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to the page where its work is done."""
    item = selectors.access_notification(request.user, pk)
    services.mark_read(request.user, item)
    safe = url_has_allowed_host_and_scheme(item.link, allowed_hosts=None) and item.link.startswith(
        "/"
    )
    return redirect(item.link if safe else "notify:inbox")


@login_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.access_notification(request.user, pk)
    services.archive(request.user, item, undo=request.POST.get("undo") == "1")
    show = request.POST.get("show", "unread")
    return redirect(f"{_inbox_url()}?show={show if show in SHOWS else 'unread'}")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    return redirect(f"{_inbox_url()}?show=all")


@login_required
@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The navigation's count of unread notifications (loaded by the page, then polled), so
    that no page pays a query for it."""
    return render(request, "notify/_badge.html", {"unread": selectors.unread_count(request.user)})


def _inbox_url() -> str:
    return reverse("notify:inbox")
