"""Case pages: one person of a round (status, who has it, the fill button), a person not
reached and back to pending, and registering a person the survey found."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.orgs.models import OrgKind
from guanai.registry.forms import PersonForm
from guanai.registry.selectors import persons_visible
from guanai.registry.services import PERSON_FIELDS, DuplicatePerson, PersonData
from guanai.surveys import answers, engine, rounds
from guanai.surveys.followups import problem_followups
from guanai.surveys.models import Case, CaseStatus
from guanai.surveys.rounds.forms import UnreachableForm
from guanai.surveys.rounds.views import reader


def _page(
    request: HttpRequest, user: User, case: Case, form: UnreachableForm | None = None
) -> HttpResponse:
    linked = case.person_id is not None and persons_visible(user).filter(pk=case.person_id)
    response = answers.answers_read(user, case)
    shown, problems = [], []
    if response is not None:
        shown = answers.answers_shown(engine.form_read(response.form.definition), response.answers)
        if case.person is not None:
            problems = problem_followups(user, case.person, response)
    return render(
        request,
        "surveys/case_detail.html",
        {
            "case": case,
            "round": case.round,
            "can_fill": rounds.can_fill(user, case),
            "can_change": rounds.can_fill(user, case) and case.status != CaseStatus.DONE,
            "can_register": case.person_id is None
            and scoping.holds_role_over(user, case.org_unit, scoping.ROSTER_EDITORS),
            "file_open": bool(linked and linked.exists()),
            "form": form or UnreachableForm(),
            "response": response,
            "answers": shown,
            "survey_problems": problems,
        },
        status=400 if form is not None and form.errors else 200,
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _page(request, user, rounds.access_case(user, pk))


@require_POST
def case_unreachable(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    case = rounds.access_case(user, pk)
    form = UnreachableForm(request.POST)
    if form.is_valid():
        try:
            rounds.case_unreachable(
                acting_user=user,
                case=case,
                reason=form.cleaned_data["reason"],
                version=posted_version(request),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s is marked not reached.") % {"name": case.name})
            return redirect("surveys:case_detail", pk=case.pk)
    return _page(request, user, case, form)


@require_POST
def case_pending(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    case = rounds.access_case(user, pk)
    try:
        rounds.case_pending(acting_user=user, case=case, version=posted_version(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(name)s is pending again.") % {"name": case.name})
    return redirect("surveys:case_detail", pk=case.pk)


def case_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a found person with the registry's form (the unit and category are the
    case's); the case, with its answers, joins the new file."""
    user = reader(request)
    case = rounds.access_case(user, pk)
    if not scoping.holds_role_over(user, case.org_unit, scoping.ROSTER_EDITORS):
        raise PermissionDenied
    if case.person_id is not None:
        messages.info(request, _("%(name)s is on file already.") % {"name": case.name})
        return redirect("surveys:case_detail", pk=case.pk)
    units = scoping.roster_edit_units(user)
    form = PersonForm(
        request.POST or None,
        units=units,
        schools=units.filter(kind__in=[OrgKind.SCHOOL, OrgKind.KINDERGARTEN]),
        initial={"name": case.name, "gender": case.gender, "birth_date": case.birth_date},
    )
    for name in ("org_unit", "categories", "version"):
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in PERSON_FIELDS if f in form.cleaned_data}
        try:
            person = rounds.case_register(acting_user=user, case=case, data=PersonData(**values))
        except DuplicatePerson as exc:
            if persons_visible(user).filter(pk=exc.existing.pk).exists():
                form.add_error(
                    "id_number",
                    _("This ID number is registered already (file of %(name)s).")
                    % {"name": exc.existing.name},
                )
            else:
                form.add_domain_error(exc)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": person.name})
            return redirect("registry:person_detail", pk=person.pk)
    return render(
        request,
        "surveys/case_register.html",
        {
            "form": form,
            "case": case,
            "title": _("Register %(name)s") % {"name": case.name},
        },
        status=400 if form.errors else 200,
    )
