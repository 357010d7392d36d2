"""The help page: the user guide, for every signed-in user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from guanai.accounts.help.guide import load_guide


def help_page(request: HttpRequest) -> HttpResponse:
    guide = load_guide()
    return render(
        request,
        "accounts/help.html",
        {
            "guide": guide,
            # Safe: the guide's raw HTML is escaped and its links checked (``guide``).
            "guide_html": mark_safe(guide.html),  # noqa: S308
        },
    )
