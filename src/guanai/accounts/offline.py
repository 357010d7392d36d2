"""What lets a phone work with no connection: the manifest, the service worker, the outbox.

The web app manifest (``/manifest.webmanifest``) lets a helper add Guanai to the phone's home
screen; it opens on the field page (``care:field``). The service worker (``/sw.js``, scope
``/``) keeps, with Workbox's routing and strategies (npm, served locally), the copies of the
pages that say they may be used offline (``offline_page``: the field page, the outbox, a
survey's fill page) and of the static files. Nothing else is kept — no other page and no API
answer. The records waiting to be sent are kept by the page's outbox
(``static/guanai/offline``); logging out clears them with the rest (``Clear-Site-Data``).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from guanai.accounts.requests import request_user

# The header that lets the service worker keep a copy of a page for use offline.
OFFLINE_HEADER = "X-Guanai-Offline"
THEME_COLOR = "#9c2f2f"


def offline_page(response: HttpResponse) -> HttpResponse:
    """Mark a page as one the service worker may keep.

    It holds nothing but the user's own work: the field page and the outbox no person's
    data at all (their scripts draw it from the browser's database), a survey's fill page
    the one case given to the user.
    """
    response[OFFLINE_HEADER] = "1"
    return response


# The scripts of those pages beyond the ones every page loads.
OFFLINE_SCRIPTS = ("guanai/offline/field.js", "guanai/offline/outbox_page.js")


def offline_paths() -> list[str]:
    """The pages the service worker fetches at once, so that they open with no connection."""
    return [reverse("care:field"), reverse("accounts:outbox")]


def offline_files() -> list[str]:
    """What those pages need that the page asking may not have loaded: their scripts."""
    return [static(path) for path in OFFLINE_SCRIPTS]


def _fallback_html() -> str:
    """The page shown for a page not kept on the phone while there is no connection."""
    links = (
        (reverse("care:field"), _("Open the work list kept on this phone")),
        (reverse("accounts:outbox"), _("Records waiting to be sent")),
    )
    items = "".join(f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in links)
    title = escape(_("No connection"))
    text = escape(
        _(
            "This page was not kept on the phone. Talks and visits can still be recorded on "
            "the field page; they are sent when there is a connection again."
        )
    )
    return (
        "<!DOCTYPE html><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title>"
        "<body style='font:16px/1.6 sans-serif;padding:1em;max-width:40em'>"
        f"<h1 style='font-size:1.3em'>{title}</h1><p>{text}</p><ul>{items}</ul></body>"
    )


@login_not_required
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker's script (it holds no data, so it is served without a login)."""
    context = {
        "static_url": settings.STATIC_URL,
        "offline_paths": json.dumps(offline_paths()),
        "fallback_html": json.dumps(_fallback_html()),
    }
    response = render(request, "accounts/sw.js", context, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the name and icons on the home screen, the page it opens."""
    icons = [
        {"src": static("guanai/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("guanai/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("guanai/icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    start = reverse("care:field")
    data = {
        "id": start,
        "name": _("Guanai — care for special groups"),
        "short_name": _("Guanai"),
        "description": _("Talks and home visits recorded on the phone, also with no signal."),
        "lang": request.LANGUAGE_CODE,
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def outbox(request: HttpRequest) -> HttpResponse:
    """The records kept on this phone: waiting, sent or refused (drawn by the script)."""
    request_user(request)
    return offline_page(render(request, "accounts/outbox.html"))


def context(request: HttpRequest) -> dict[str, object]:
    """What every page's script needs to keep the phone's data (no query)."""
    if not request.user.is_authenticated:
        return {}
    return {
        "offline_paths": json.dumps(offline_paths() + offline_files()),
        "offline_keep_days": settings.GUANAI_OFFLINE_KEEP_DAYS,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        # Asked before logging out clears records not sent yet (the script puts the count in).
        "logout_waiting_text": _(
            "%(count)s records made on this phone have not been sent yet. Logging out deletes "
            "them from the phone. Log out anyway?"
        ),
    }
