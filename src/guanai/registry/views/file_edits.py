"""Changes made from the case file's tabs: categories, guardianship and contacts.

Every change is a POST by a roster editor of the person's unit; a person outside the
user's scope is a 404 (``selectors.access_person``), and an archived file is read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.masking import mask_id, mask_phone
from guanai.registry import selectors, services
from guanai.registry.forms import (
    CategoryChoiceForm,
    CategoryEndForm,
    CategoryForm,
    ContactForm,
    GuardianshipForm,
)
from guanai.registry.models import Category, ContactKind, Person, PersonCategory
from guanai.registry.views.file import (
    back_to_file,
    file_url,
)


def _editable_person(request: HttpRequest, pk: int) -> tuple[User, Person]:
    """Return the acting user and the person, if the user keeps this person's roster.

    Outside the user's scope, or for a reader who may not edit (a viewer), it is a 404 —
    as for the edit form of the file.
    """
    user = request_user(request)
    person = selectors.access_person(user, pk)
    if not scoping.roster_edit_units(user).filter(pk=person.org_unit_id).exists():
        raise Http404
    return user, person


def _archived(request: HttpRequest, person: Person, tab: str) -> HttpResponse | None:
    if person.is_archived:
        messages.error(request, _("This file is archived and can no longer be changed."))
        return back_to_file(person, tab)
    return None


def _form_page(
    request: HttpRequest, person: Person, form: Any, *, title: str, tab: str, **extra: Any
) -> HttpResponse:
    context = {"form": form, "person": person, "title": title, "cancel": file_url(person, tab)}
    context.update(extra)
    return render(request, "registry/file/form_page.html", context)


@login_required
def category_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a category: first choose it, then fill in its own details."""
    user, person = _editable_person(request, pk)
    if (closed := _archived(request, person, "categories")) is not None:
        return closed
    open_codes = set(
        person.categories.filter(ended_on__isnull=True).values_list("category", flat=True)
    )
    chooser = CategoryChoiceForm(request.GET or None, exclude=open_codes)
    if not chooser.is_valid():
        return render(
            request,
            "registry/file/category_choose.html",
            {"form": chooser, "person": person, "cancel": file_url(person, "categories")},
        )
    code = chooser.cleaned_data["category"]
    form = CategoryForm(request.POST or None, category=code, start=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_start(
                acting_user=user,
                person=person,
                category=code,
                on=form.cleaned_data["started_on"],
                details=form.details(),
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("%(name)s is now recorded as: %(category)s.")
                % {"name": person.name, "category": Category(code).label},
            )
            return back_to_file(person, "categories")
    return _form_page(
        request,
        person,
        form,
        title=_("Add the category %(category)s") % {"category": Category(code).label},
        tab="categories",
        submit=_("Add the category"),
    )


def _entry(person: Person, entry_pk: int, **filters: Any) -> PersonCategory:
    return get_object_or_404(person.categories.filter(**filters), pk=entry_pk)


@login_required
def category_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user, person = _editable_person(request, pk)
    entry = _entry(person, entry_pk)
    if (closed := _archived(request, person, "categories")) is not None:
        return closed
    initial = {**entry.details, "note": entry.note}
    form = CategoryForm(request.POST or None, category=entry.category, start=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update_details(
                acting_user=user,
                entry=entry,
                details=form.details(),
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The details were saved."))
            return back_to_file(person, "categories")
    return _form_page(
        request,
        person,
        form,
        title=_("Details: %(category)s") % {"category": entry.get_category_display()},
        tab="categories",
    )


@login_required
def category_end(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """End a category on a date (a parent came home); the span stays in the history."""
    user, person = _editable_person(request, pk)
    entry = _entry(person, entry_pk, ended_on__isnull=True)
    if (closed := _archived(request, person, "categories")) is not None:
        return closed
    form = CategoryEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_end(acting_user=user, entry=entry, on=form.cleaned_data["ended_on"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The category %(category)s ended on %(date)s.")
                % {
                    "category": entry.get_category_display(),
                    "date": date_format(form.cleaned_data["ended_on"]),
                },
            )
            return back_to_file(person, "categories")
    return _form_page(
        request,
        person,
        form,
        title=_("End the category %(category)s") % {"category": entry.get_category_display()},
        tab="categories",
        submit=_("End the category"),
        lead=_("Since %(date)s. Ending it keeps it in the file's history.")
        % {"date": date_format(entry.started_on)},
    )


@login_required
def guardianship_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """Assess the guardianship of a left-behind child: good, fair or poor."""
    user, person = _editable_person(request, pk)
    if (closed := _archived(request, person, "family")) is not None:
        return closed
    entry = person.categories.filter(category=Category.LEFT_BEHIND, ended_on__isnull=True).first()
    if entry is None:
        messages.error(
            request,
            _("Guardianship is assessed for left-behind children; this person is not one now."),
        )
        return back_to_file(person, "family")
    initial = {"guardianship": entry.details.get("guardianship", "")}
    form = GuardianshipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.guardianship_assess(
                acting_user=user,
                person=person,
                result=form.cleaned_data["guardianship"],
                on=form.cleaned_data["guardianship_assessed_on"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The guardianship assessment was saved."))
            return back_to_file(person, "family")
    return _form_page(
        request,
        person,
        form,
        title=_("Assess the guardianship of %(name)s") % {"name": person.name},
        tab="family",
        lead=_(
            "Good: the guardian looks after the child's daily life, safety and schooling. "
            "Fair: some of it is lacking. Poor: the child is not looked after."
        ),
    )


def _contact_values(form: ContactForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        name: data[name]
        for name in (
            "kind",
            "name",
            "relation",
            "phone",
            "id_number",
            "is_guardian",
            "works_away_at",
            "address",
        )
    }


@login_required
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _editable_person(request, pk)
    if (closed := _archived(request, person, "family")) is not None:
        return closed
    kind = request.GET.get("kind", "")
    initial = {"kind": kind if kind in ContactKind.values else ContactKind.GUARDIAN}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_add(acting_user=user, person=person, **_contact_values(form))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(contact)s was added.") % {"contact": contact})
            return back_to_file(person, "family")
    return _form_page(
        request,
        person,
        form,
        title=_("Add a contact for %(name)s") % {"name": person.name},
        tab="family",
    )


@login_required
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    user, person = _editable_person(request, pk)
    contact = get_object_or_404(person.contacts.all(), pk=contact_pk)
    if (closed := _archived(request, person, "family")) is not None:
        return closed
    initial = {
        name: getattr(contact, name)
        for name in ("kind", "name", "relation", "is_guardian", "works_away_at", "address")
    }
    form = ContactForm(request.POST or None, initial=initial)
    # Full numbers are never put in the form: blank keeps them, a new value replaces them.
    for secret, masked in (
        ("phone", mask_phone(contact.phone)),
        ("id_number", mask_id(contact.id_number)),
    ):
        if masked:
            form.fields[secret].help_text = _("Now %(masked)s. Leave blank to keep it.") % {
                "masked": masked
            }
    if request.method == "POST" and form.is_valid():
        values = _contact_values(form)
        values["phone"] = values["phone"] or None
        values["id_number"] = values["id_number"] or None
        try:
            services.contact_update(acting_user=user, contact=contact, **values)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The contact was saved."))
            return back_to_file(person, "family")
    return _form_page(
        request,
        person,
        form,
        title=_("Edit the contact %(contact)s") % {"contact": contact},
        tab="family",
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    user, person = _editable_person(request, pk)
    contact = get_object_or_404(person.contacts.all(), pk=contact_pk)
    shown = str(contact)
    try:
        services.contact_remove(acting_user=user, contact=contact)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(contact)s was removed.") % {"contact": shown})
    return back_to_file(person, "family")
