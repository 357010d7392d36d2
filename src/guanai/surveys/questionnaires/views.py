"""Questionnaire pages: the list (built-in first, then by unit), one questionnaire with its
versions and a preview, create, copy, publish, new version — and the builder of a draft.

Reads go through ``questionnaires.access`` (a questionnaire outside the user's path is
404); writes through its services. Every edit of a draft is one POST that saves the whole
new definition with ``draft_save`` and the ``edits`` the page carried; a fault the engine
finds is shown beside the form, and nothing is saved.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.surveys.models import FormStatus, FormVersion
from guanai.surveys.questionnaires import access, builder, selectors, services
from guanai.surveys.questionnaires.forms import (
    DOMAIN_LABELS,
    TYPE_LABELS,
    CopyForm,
    JsonForm,
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
)


def _user(request: HttpRequest) -> User:
    return request_user(request)


def _type_labels() -> dict[str, str]:
    return {k: str(v) for k, v in TYPE_LABELS}


def _domain_labels() -> dict[str, str]:
    return {k: str(v) for k, v in DOMAIN_LABELS}


def _preview(form: Any) -> list[selectors.PreviewSection]:
    return selectors.preview_of(form, _type_labels(), _domain_labels()) if form else []


def form_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = selectors.rows_of(selectors.questionnaires_listed(user))
    return render(
        request,
        "surveys/questionnaire_list.html",
        {"rows": rows, "can_create": bool(access.editor_units(user))},
    )


def form_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = access.editor_units(user)
    if not units:
        raise PermissionDenied
    form = QuestionnaireForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                acting_user=user,
                unit=form.unit_chosen(),
                title=form.cleaned_data["title"],
                purpose=form.cleaned_data["purpose"],
                categories=form.cleaned_data["categories"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            draft = questionnaire.versions.get()
            return redirect("surveys:form_builder", pk=draft.pk)
    return render(
        request,
        "surveys/questionnaire_form.html",
        {"form": form, "title": _("New questionnaire"), "cancel": reverse("surveys:form_list")},
        status=400 if form.errors else 200,
    )


def _chosen(request: HttpRequest, versions: list[FormVersion]) -> FormVersion | None:
    """The version named by ``?version=`` or else the newest published (or the draft)."""
    wanted = request.GET.get("version", "")
    for version in versions:
        if wanted and str(version.number) == wanted:
            return version
    published = [v for v in versions if v.status == FormStatus.PUBLISHED]
    return (published or versions)[0] if versions else None


def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    questionnaire = access.access_questionnaire(user, pk)
    versions = selectors.versions_of(questionnaire)
    chosen = _chosen(request, versions)
    form, fault = selectors.form_or_fault(chosen) if chosen else (None, "")
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "categories": selectors.category_labels(questionnaire.categories),
            "versions": versions,
            "chosen": chosen,
            "sections": _preview(form),
            "fault": fault,
            "can_edit": access.can_edit(user, questionnaire),
            "can_copy": access.can_copy(user),
            "has_draft": any(v.status == FormStatus.DRAFT for v in versions),
        },
    )


def form_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    questionnaire = access.access_questionnaire(user, pk)
    source = _chosen(request, selectors.versions_of(questionnaire))
    units = access.editor_units(user)
    if not units or source is None:
        raise PermissionDenied
    form = CopyForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            copied = services.questionnaire_copy(
                acting_user=user, source_version=source, unit=form.unit_chosen()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The questionnaire is copied; adapt it and publish it."))
            return redirect("surveys:form_builder", pk=copied.versions.get().pk)
    title = _("Copy “%(title)s” version %(n)d") % {
        "title": questionnaire.title,
        "n": source.number,
    }
    return render(
        request,
        "surveys/questionnaire_form.html",
        {
            "form": form,
            "title": title,
            "questionnaire": questionnaire,
            "cancel": reverse("surveys:form_detail", args=[questionnaire.pk]),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    questionnaire = access.access_questionnaire(user, pk)
    try:
        draft = services.version_new(acting_user=user, questionnaire=questionnaire)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("surveys:form_detail", pk=pk)
    return redirect("surveys:form_builder", pk=draft.pk)


@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    version = access.access_version(user, pk)
    try:
        services.version_publish(acting_user=user, version=version)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("surveys:form_builder", pk=pk)
    messages.success(request, _("Version %(n)d is published.") % {"n": version.number})
    url = f"{_detail_url(version)}?version={version.number}"
    return redirect(url)


def _detail_url(version: FormVersion) -> str:
    return reverse("surveys:form_detail", args=[version.questionnaire_id])


# --- The builder ------------------------------------------------------------------------


def _draft(request: HttpRequest, pk: int) -> tuple[User, FormVersion]:
    """The draft ``pk`` the user edits (404 outside their path, 403 if they only read it)."""
    user = _user(request)
    version = access.access_version(user, pk)
    if not access.can_edit(user, version.questionnaire):
        raise PermissionDenied
    return user, version


def _save(request: HttpRequest, user: User, version: FormVersion, new: Any, edits: int) -> None:
    """Save a draft's new definition (raises the service's DomainError)."""
    services.draft_save(acting_user=user, version=version, definition=new, edits=edits)
    messages.success(request, _("Saved."))


def form_builder(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder of a draft; a POST moves or deletes a section or a question."""
    user, version = _draft(request, pk)
    if version.status != FormStatus.DRAFT:
        return redirect(f"{_detail_url(version)}?version={version.number}")
    fault = ""
    if request.method == "POST":
        action, target = request.POST.get("action", ""), request.POST.get("target", "")
        edits = request.POST.get("edits", "")
        try:
            new = _action(version.definition, action, target)
            _save(request, user, version, new, int(edits) if edits.isdigit() else -1)
        except DomainError as exc:
            fault = str(exc.message)
        else:
            return redirect("surveys:form_builder", pk=pk)
    form, read_fault = selectors.form_or_fault(version)
    return render(
        request,
        "surveys/questionnaire_builder.html",
        {
            "version": version,
            "questionnaire": version.questionnaire,
            "sections": _builder_sections(version.definition),
            "preview": _preview(form),
            "fault": fault,
            "read_fault": read_fault,
        },
        status=400 if fault else 200,
    )


def _action(definition: Any, action: str, target: str) -> Any:
    index = int(target) if target.isdigit() else -1
    if action == "section_up":
        return builder.section_move(definition, index, -1)
    if action == "section_down":
        return builder.section_move(definition, index, 1)
    if action == "section_delete":
        return builder.section_delete(definition, index)
    if action == "question_up":
        return builder.question_move(definition, target, -1)
    if action == "question_down":
        return builder.question_move(definition, target, 1)
    if action == "question_delete":
        return builder.question_delete(definition, target)
    if action == "section_add":
        return builder.section_add(definition, _("New section"))
    raise Http404


def _builder_sections(definition: Any) -> list[dict[str, Any]]:
    """The sections and questions of a draft as they are, numbered, even if they do not
    read yet."""
    sections, number = [], 0
    raw = definition.get("sections") if isinstance(definition, dict) else None
    for index, section in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(section, dict):
            continue
        questions = []
        for question in section.get("questions") or []:
            if isinstance(question, dict):
                number += 1
                questions.append({"number": number, **question})
        sections.append({"index": index, "title": section.get("title", ""), "questions": questions})
    return sections


def _draft_form(request: HttpRequest, version: FormVersion, form: Any, title: str) -> HttpResponse:
    return render(
        request,
        "surveys/questionnaire_form.html",
        {
            "form": form,
            "title": title,
            "questionnaire": version.questionnaire,
            "cancel": reverse("surveys:form_builder", args=[version.pk]),
        },
        status=400 if form.errors else 200,
    )


def section_edit(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    user, version = _draft(request, pk)
    sections = _builder_sections(version.definition)
    if index >= len(sections):
        raise Http404
    initial = {"edits": version.edits, "title": sections[index]["title"]}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        new = builder.section_edit(version.definition, index, form.cleaned_data["title"])
        try:
            _save(request, user, version, new, form.cleaned_data["edits"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("surveys:form_builder", pk=pk)
    return _draft_form(request, version, form, _("Section %(n)d") % {"n": index + 1})


def question_new(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    user, version = _draft(request, pk)
    if section >= len(_builder_sections(version.definition)):
        raise Http404
    choices = builder.show_if_choices(version.definition, None)
    form = QuestionForm(
        request.POST or None, initial={"edits": version.edits, "scale": 5}, choices=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = builder.question_add(version.definition, section, form.question())
            _save(request, user, version, new, form.cleaned_data["edits"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("surveys:form_builder", pk=pk)
    return _question_page(request, version, form, _("New question"))


def question_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user, version = _draft(request, pk)
    found = [q for s in _builder_sections(version.definition) for q in s["questions"]]
    old = next((q for q in found if q.get("code") == code), None)
    if old is None:
        raise Http404
    choices = builder.show_if_choices(version.definition, code)
    form = QuestionForm(
        request.POST or None, initial=QuestionForm.initial_of(old, version.edits), choices=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = builder.question_edit(version.definition, code, form.question(old))
            _save(request, user, version, new, form.cleaned_data["edits"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("surveys:form_builder", pk=pk)
    title = _("Question %(n)d") % {"n": old["number"]}
    return _question_page(request, version, form, title)


def _question_page(
    request: HttpRequest, version: FormVersion, form: QuestionForm, title: str
) -> HttpResponse:
    return render(
        request,
        "surveys/questionnaire_question.html",
        {"form": form, "title": title, "version": version, "questionnaire": version.questionnaire},
        status=400 if form.errors else 200,
    )


def json_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, version = _draft(request, pk)
    text = json.dumps(version.definition, ensure_ascii=False, indent=2)
    form = JsonForm(request.POST or None, initial={"edits": version.edits, "definition": text})
    if request.method == "POST" and form.is_valid():
        try:
            _save(
                request, user, version, form.cleaned_data["definition"], form.cleaned_data["edits"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("surveys:form_builder", pk=pk)
    return _draft_form(request, version, form, _("Edit as JSON"))
