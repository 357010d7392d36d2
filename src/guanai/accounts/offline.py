"""The service worker and the outbox page: what lets a phone work with no connection.

The service worker (``/sw.js``, scope ``/``) keeps the copies of the pages that say they may
be used offline (the header ``X-Guanai-Offline``: a survey's fill page) and of the static
files, with Workbox's routing and strategies (npm, served locally). It stores nothing else:
the records waiting to be sent are kept by the page's outbox (``static/guanai/offline``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from guanai.accounts.requests import request_user


@login_not_required
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker's script (it holds no data, so it is served without a login)."""
    context = {
        "static_url": settings.STATIC_URL,
        "offline_title": _("No connection"),
        "offline_text": _(
            "There is no connection and this page was not kept on the phone. Survey pages "
            "opened before are; answers given are kept and sent later."
        ),
    }
    response = render(request, "accounts/sw.js", context, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


def outbox(request: HttpRequest) -> HttpResponse:
    """The records kept on this phone: waiting, sent or refused (drawn by the script)."""
    request_user(request)
    return render(request, "accounts/outbox.html")
