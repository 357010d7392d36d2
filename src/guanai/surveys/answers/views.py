"""The fill page: a case's questionnaire on a phone, kept and sent by the browser's outbox.

The page works with no connection once opened: the service worker keeps a copy of it
(the response says it may, ``X-Guanai-Offline``), the script keeps every answer in the
browser as it is given and sends the set through the API when it can (``fill.js``,
``offline/outbox.js``). Without JavaScript the form posts here and the same service saves it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.offline import offline_page
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.surveys import engine
from guanai.surveys.answers.forms import posted_answers
from guanai.surveys.answers.selectors import answers_read, fill_version
from guanai.surveys.answers.services import answers_save
from guanai.surveys.rounds.access import access_case, can_fill


@dataclass(frozen=True)
class Field:
    question: engine.Question
    value: Any
    chosen: list[str]


def _texts() -> dict[str, str]:
    """The messages the page's script shows, in the user's language."""
    return {
        "required": _("This question must be answered."),
        "whole": _("Enter a whole number."),
        "range": _("Enter a whole number from %(low)s to %(high)s."),
        "tooLong": _("At most %(limit)s characters (%(n)s given)."),
        "waiting": _("Saved on this phone; it is sent as soon as there is a connection."),
        "waitingCount": _("%(n)s waiting to be sent"),
        "sent": _("Saved and sent; not finished yet."),
        "finished": _("Finished and sent."),
        "refused": _("Refused: "),
    }


def _key(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.uuid4()


def _sections(
    form: engine.Form, answers: dict[str, Any]
) -> list[tuple[engine.Section, list[Field]]]:
    """Return each section with its questions, the answer given and the values chosen."""
    rows = []
    for section in form.sections:
        fields = []
        for question in section.questions:
            value = answers.get(question.code)
            given = value if isinstance(value, list) else [] if value is None else [value]
            fields.append(Field(question, value, [str(v) for v in given]))
        rows.append((section, fields))
    return rows


def case_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the case's questionnaire (GET), or save what was posted without JavaScript."""
    user = request_user(request)
    case = access_case(user, pk)
    if not can_fill(user, case):
        raise PermissionDenied
    response = answers_read(user, case)
    version = fill_version(case, response)
    form = engine.form_read(version.definition)
    answers = dict(response.answers) if response is not None else {}
    error = None
    if request.method == "POST":
        answers = posted_answers(form, request.POST)
        try:
            answers_save(
                acting_user=user,
                case=case,
                key=_key(request.POST.get("key", "")),
                answers=answers,
                complete="finish" in request.POST,
                saved_at=timezone.now(),
                form=version.pk,
            )
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("The answers were saved."))
            return redirect("surveys:case_fill", pk=case.pk)
    page = render(
        request,
        "surveys/case_fill.html",
        {
            "case": case,
            "form": form,
            "sections": _sections(form, answers),
            "version": version,
            "response": response,
            "answers": answers,
            "error": error,
            "state": {
                "case": case.pk,
                "user": user.pk,
                "form": version.pk,
                "key": str(response.key) if response is not None else "",
                "answers": answers,
                "savedAt": response.client_saved_at.isoformat() if response else "",
                "complete": bool(response and response.complete),
                "api": reverse("api:survey_answers_save", kwargs={"case_id": case.pk}),
                "label": f"{case.round.title} · {case.name}",
                "text": _texts(),
            },
            "new_key": uuid.uuid4(),
        },
        status=400 if error else 200,
    )
    if request.method == "GET":
        offline_page(page)
    return page
