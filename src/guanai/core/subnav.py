"""The links between the pages of one app, shown above each of its pages.

An app lists its pages once — ``(route name, label, who may open it)`` — and its template
tag returns ``subnav(request, LINKS, label=…)`` to ``templates/includes/subnav.html``. The
longest link the page lies under is the current one (an index at ``crosscheck/`` lies
under every page of the app, ``lists/upload/`` under ``lists/``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

Link = tuple[str, Promise, Callable[[Any], bool]]


def subnav(request: HttpRequest, links: Sequence[Link], *, label: Promise) -> dict[str, Any]:
    """Return the context of ``includes/subnav.html``: the links the user may open."""
    shown = [(reverse(name), text) for name, text, may_open in links if may_open(request.user)]
    under = [url for url, _text in shown if request.path.startswith(url)]
    current = max(under, key=len, default=None)
    return {
        "subnav_label": label,
        "subnav_links": [
            {"url": url, "label": text, "current": url == current} for url, text in shown
        ],
    }
