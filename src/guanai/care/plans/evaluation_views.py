"""Pages of term evaluations, progress entries and the progress archive (进步档案).

Forms (``forms``) parse input; ``evaluations`` and ``progress`` decide and read.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES
from guanai.accounts.requests import request_user
from guanai.care.models import TermEvaluation
from guanai.care.permissions import can_care_for
from guanai.care.plans import evaluations, progress
from guanai.care.plans.forms import EvaluationForm, EvaluationRowForm, ProgressForm
from guanai.care.plans.terms import Term, recent_terms, term_label, term_parse
from guanai.care.plans.views import form_page
from guanai.core.errors import DomainError
from guanai.registry.models import Person
from guanai.registry.selectors import access_person

# --- Term evaluations --------------------------------------------------------------------


def _class_url(school_class: evaluations.SchoolClass, term: Term) -> str:
    query = urlencode({"class": school_class.key, "term": str(term)})
    return f"{reverse('care:evaluation_class')}?{query}"


def _chosen_term(raw: str, terms: list[Term]) -> Term:
    try:
        term = term_parse(raw)
    except DomainError:
        return terms[0]
    return term if term in terms else terms[0]


@login_required
def evaluation_class(request: HttpRequest) -> HttpResponse:
    """The class teacher's page: pick a class and a term, grade every special-group pupil
    of the class on one page (a table on a desktop, one card per pupil on a phone)."""
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    classes = evaluations.classes_for(user)
    terms = recent_terms()
    term = _chosen_term(request.GET.get("term", ""), terms)
    chosen = next((c for c in classes if c.key == request.GET.get("class")), None)
    if chosen is None and len(classes) == 1:
        chosen = classes[0]  # a class teacher with one class goes straight to it
    rows: list[tuple[Person, TermEvaluation | None, EvaluationRowForm]] = []
    if chosen is not None:
        for person, stored in evaluations.class_pupils(user, chosen, term):
            initial = (
                {f: getattr(stored, f) for f in (*evaluations.EVALUATED, "version")}
                if stored
                else {}
            )
            form = EvaluationRowForm(request.POST or None, prefix=f"p{person.pk}", initial=initial)
            rows.append((person, stored, form))
    if request.method == "POST" and chosen is not None:
        try:
            saved = evaluations.evaluations_class_save(
                acting_user=user,
                term=term,
                rows=[form.to_row(person, stored) for person, stored, form in rows],
            )
        except evaluations.RowsRefused as refused:
            for person, _stored, form in rows:
                if person.pk in refused.errors:
                    form.add_domain_error(refused.errors[person.pk])
            messages.error(request, str(refused.message))
        else:
            messages.success(request, _("%(count)s evaluations were saved.") % {"count": saved})
            return HttpResponseRedirect(_class_url(chosen, term))
    return render(
        request,
        "care/plans/evaluation_class.html",
        {
            "classes": classes,
            "terms": terms,
            "term": term,
            "chosen": chosen,
            "rows": rows,
            "written": sum(1 for _p, stored, _f in rows if stored is not None),
        },
    )


@login_required
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    evaluation = evaluations.access_evaluation(user, pk)
    person = evaluation.person
    if not evaluations.can_evaluate(user, person):
        raise Http404
    initial = {f: getattr(evaluation, f) for f in (*evaluations.EVALUATED, "version")}
    form = EvaluationForm(request.POST or None, initial=initial)
    archive = reverse("care:progress_archive", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        try:
            evaluations.evaluation_update(
                acting_user=user,
                evaluation=evaluation,
                version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The evaluation was saved."))
            return HttpResponseRedirect(archive)
    return form_page(
        request,
        form,
        title=_("Term evaluation of %(name)s, %(term)s")
        % {"name": person.name, "term": term_label(evaluation.term)},
        cancel=archive,
    )


# --- Progress entries and the archive ----------------------------------------------------


@login_required
def progress_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access_person(user, pk)
    if not can_care_for(user, person):
        raise Http404
    form = ProgressForm(request.POST or None, initial={"on": timezone.localdate()})
    archive = reverse("care:progress_archive", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        try:
            progress.progress_entry_add(acting_user=user, person=person, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The progress was added to the archive."))
            return HttpResponseRedirect(archive)
    return form_page(
        request,
        form,
        title=_("Add progress for %(name)s") % {"name": person.name},
        cancel=archive,
    )


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2100 else None


@login_required
def progress_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress archive (进步档案) of a person: one timeline, printable on A4 with the
    class teacher's and the principal's signatures."""
    user = request_user(request)
    person = access_person(user, pk)
    timeline = progress.progress_archive_read(
        acting_user=user,
        person=person,
        year=_year(request.GET.get("year", "")),
        request=request,
    )
    return render(
        request,
        "care/plans/progress_archive.html",
        {
            "person": person,
            "timeline": timeline,
            "today": timezone.localdate(),
            "can_care": can_care_for(user, person),
            "can_evaluate": evaluations.can_evaluate(user, person),
        },
    )
