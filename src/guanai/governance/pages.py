"""What every page of the work organisation starts from."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.governance import access


def reader(request: HttpRequest) -> User:
    """The user, if their roles open the work organisation's pages (403 otherwise)."""
    user = request_user(request)
    if not access.can_open(user):
        raise PermissionDenied
    return user


def form_page(
    request: HttpRequest, form: forms.Form, *, title: str, cancel: str, submit: str = ""
) -> HttpResponse:
    """Render a form alone on its page (400 when it was refused, what was typed kept)."""
    return render(
        request,
        "governance/groups/form.html",
        {"form": form, "title": title, "cancel_url": cancel, "submit_label": submit},
        status=400 if form.errors else 200,
    )
