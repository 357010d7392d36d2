"""The steps of a matter, each a POST to its own address: report progress (with photos),
mark it done, drop it, reopen it.

Each carries the version its page was opened at (a stale one is refused with the services'
message). Success goes back to the matter with a message; a refusal shows the matter again
with the message beside the field and what was typed kept (400). A step the user's role may
not take is 403; a matter they may not read is 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.governance.matters import selectors, services
from guanai.governance.matters.forms import DoneForm, DropForm, ProgressForm
from guanai.governance.matters.views import detail_page
from guanai.governance.models import PracticalMatter

# A step: given the user, the matter, the form's data and the request, do it and return the
# message that says it was done.
Step = Callable[[User, PracticalMatter, dict[str, Any], HttpRequest], str]


def _step(
    request: HttpRequest, pk: int, name: str, form_class: type[forms.Form], do: Step
) -> HttpResponse:
    user = request_user(request)
    # Read whole (updates, photos): a refusal shows the matter again as it is.
    matter = selectors.matter_detail(user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            done = do(user, matter, form.cleaned_data, request)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            form.add_domain_error(exc)  # type: ignore[attr-defined]
        else:
            messages.success(request, done)
            return redirect("governance:matter_detail", pk=matter.pk)
    return detail_page(request, user, matter, failed=(name, form))


def _progress(user: User, matter: PracticalMatter, data: dict[str, Any], r: HttpRequest) -> str:
    services.matter_progress(
        user,
        matter,
        version=posted_version(r),
        on=data["on"],
        text=data["text"],
        reached=data["reached"],
        link=data["link"],
        photos=r.FILES.getlist("photos"),
    )
    return _("The progress is recorded.")


def _done(user: User, matter: PracticalMatter, data: dict[str, Any], r: HttpRequest) -> str:
    services.matter_done(user, matter, version=posted_version(r), on=data["done_on"])
    return _("The matter is marked done.")


def _drop(user: User, matter: PracticalMatter, data: dict[str, Any], r: HttpRequest) -> str:
    services.matter_drop(user, matter, version=posted_version(r), reason=data["dropped_reason"])
    return _("The matter is dropped.")


def _reopen(user: User, matter: PracticalMatter, data: dict[str, Any], r: HttpRequest) -> str:
    services.matter_reopen(user, matter, version=posted_version(r))
    return _("The matter is reopened.")


@require_POST
def matter_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "progress", ProgressForm, _progress)


@require_POST
def matter_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "done", DoneForm, _done)


@require_POST
def matter_drop(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "drop", DropForm, _drop)


@require_POST
def matter_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    matter = selectors.matter_detail(user, pk)
    try:
        done = _reopen(user, matter, {}, request)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return detail_page(request, user, matter, failed=("reopen", None))
    messages.success(request, done)
    return redirect("governance:matter_detail", pk=matter.pk)
