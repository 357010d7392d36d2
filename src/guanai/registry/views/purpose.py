"""Asking the purpose of a reveal, print or export (a POST that states why, audited)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from guanai.registry.purpose import PURPOSE_MAX, PurposeForm


def purpose_page(
    request: HttpRequest,
    form: PurposeForm,
    *,
    title: str,
    submit: str,
    cancel: str,
    hidden: list[tuple[str, Any]] | None = None,
    lead: str = "",
    **extra: Any,
) -> HttpResponse:
    """Render the form that asks the purpose of a reveal, print or export.

    A purpose refused is a 400: nothing was revealed or exported.
    """
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel": cancel,
        "hidden": hidden or [],
        "lead": lead,
        "action": request.get_full_path(),
        "purpose_max": PURPOSE_MAX,
        **extra,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "registry/file/purpose.html", context, status=status)
