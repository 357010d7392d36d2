"""The steps of a request, each a POST to its own address: assess, approve or refuse, deliver,
record a project's stage (with photos), cancel, follow up.

Each carries the version its form was opened at (a stale one is refused with the
services' message). Success goes back to the request with a message; a refusal shows the
request again with the message beside the field and what was typed kept (400). A step the
user's role may not take (a worker approving) is 403; a request they may not read is 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.core.errors import DomainError, PermissionRefused, ValidationFailed
from guanai.core.forms import posted_version
from guanai.inkind.applications import projects, selectors, services
from guanai.inkind.applications.views import action_form, detail_page, reader
from guanai.inkind.models import Application, Stage

# A step: given the user, the request, the form's data and the request, do it and return
# the message that says it was done.
Step = Callable[[User, Application, dict[str, Any], HttpRequest], str]


def _step(request: HttpRequest, pk: int, name: str, do: Step) -> HttpResponse:
    user = reader(request)
    # Read whole (stages, follow-ups): a refusal shows the request again as it is.
    application = selectors.application_detail(user, pk)
    form = action_form(name, application, request.POST, request.FILES)
    if form.is_valid():
        try:
            done = do(user, application, form.cleaned_data, request)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            form.add_domain_error(exc)  # type: ignore[attr-defined]
        else:
            messages.success(request, done)
            return redirect("inkind:application_detail", pk=application.pk)
    return detail_page(request, user, application, failed=(name, form))


def _assess(user: User, application: Application, data: dict[str, Any], r: HttpRequest) -> str:
    services.application_assess(
        user,
        application,
        version=posted_version(r),
        assessment=data["assessment"],
        on=data["assessed_on"],
    )
    return _("The assessment is recorded.")


def _decide(user: User, application: Application, data: dict[str, Any], r: HttpRequest) -> str:
    choice = r.POST.get("decision")
    if choice not in ("approve", "refuse"):
        raise ValidationFailed(_("Choose to approve or to refuse."))
    services.application_decide(
        user,
        application,
        version=posted_version(r),
        approve=choice == "approve",
        note=data["decision_note"],
        on=data["decided_on"],
    )
    if choice == "approve":
        return _("The request is approved.")
    return _("The request is refused.")


def _deliver(user: User, application: Application, data: dict[str, Any], r: HttpRequest) -> str:
    services.application_deliver(
        user,
        application,
        version=posted_version(r),
        on=data["delivered_on"],
        supplier=data["supplier"],
        cost=data["cost"],
        serial_number=data.get("serial_number", ""),
        delivery_note=data["delivery_note"],
    )
    return _("The delivery is recorded.")


def _stage(user: User, application: Application, data: dict[str, Any], r: HttpRequest) -> str:
    record = projects.stage_record(
        user,
        application,
        version=posted_version(r),
        stage=data["stage"],
        on=data["done_on"],
        note=data["note"],
        amount=data.get("amount"),
        photos=r.FILES.getlist("photos"),
    )
    if record.stage == Stage.ACCEPTANCE:
        return _("The acceptance is recorded: the project is delivered and the house is safe.")
    return _("%(stage)s is recorded.") % {"stage": record.get_stage_display()}


def _cancel(user: User, application: Application, data: dict[str, Any], r: HttpRequest) -> str:
    services.application_cancel(
        user, application, version=posted_version(r), reason=data["cancel_reason"]
    )
    return _("The request is cancelled.")


def _follow_up(user: User, application: Application, data: dict[str, Any], r: HttpRequest) -> str:
    services.followup_add(
        user, application, status=data["status"], reason=data["reason"], on=data["visited_on"]
    )
    return _("The follow-up is recorded.")


@require_POST
def application_assess(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "assess", _assess)


@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "decide", _decide)


@require_POST
def application_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "deliver", _deliver)


@require_POST
def application_stage(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "stage", _stage)


@require_POST
def application_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "cancel", _cancel)


@require_POST
def application_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "follow_up", _follow_up)
