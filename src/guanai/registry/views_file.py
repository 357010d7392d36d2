"""The case file's tabs and the changes made from them: categories, contacts, guardianship.

Every change is a POST by a roster editor of the person's unit; a person outside the
user's scope is a 404 (``selectors.access_person``), and an archived file is read-only.
The change history tab reads django-auditlog's rows and is shown to leaders only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.masking import Shown, mask_id, mask_phone, show_id, show_phone
from guanai.registry import details as category_details
from guanai.registry import selectors, services
from guanai.registry.extensions import FilePanel, file_links, file_panels
from guanai.registry.forms import (
    CategoryChoiceForm,
    CategoryEndForm,
    CategoryForm,
    ContactForm,
    GuardianshipForm,
)
from guanai.registry.models import (
    Category,
    Contact,
    ContactKind,
    Person,
    PersonCategory,
)
from guanai.registry.purpose import PURPOSE_MAX, PurposeForm

TABS = ("basic", "categories", "family", "history")


def file_url(person: Person, tab: str = "basic") -> str:
    url = reverse("registry:person_detail", args=[person.pk])
    return url if tab == "basic" else f"{url}?{urlencode({'tab': tab})}"


def _back(person: Person, tab: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(file_url(person, tab))


def panels_for(user: User, person: Person) -> list[FilePanel]:
    """Return the tabs other apps offer on this file that the user gets (``extensions``)."""
    return [panel for panel in file_panels() if panel.shows(user, person)]


def links_for(user: User, person: Person) -> list[tuple[str, str, str]]:
    """Return (code, label, url) of the other apps' pages the file links to for the user."""
    return [
        (link.code, str(link.label), link.url(person))
        for link in file_links()
        if link.shows(user, person)
    ]


def tab_links(
    person: Person, *, history: bool, panels: Sequence[FilePanel] = ()
) -> list[tuple[str, str, str]]:
    """Return (code, label, url) of the file's tabs; the history only for leaders.

    The registered panels (the care tab) come after the registry's own tabs.
    """
    labels = {
        "basic": _("Basic information"),
        "categories": _("Categories"),
        "family": _("Family"),
        "history": _("History"),
    }
    own = [
        (code, str(labels[code]), file_url(person, code))
        for code in TABS
        if code != "history" or history
    ]
    return own + [(p.code, str(p.label), file_url(person, p.code)) for p in panels]


# --- What each tab shows ---------------------------------------------------------------


@dataclass
class CategoryRow:
    entry: PersonCategory
    details: list[tuple[str, str]]
    is_open: bool


def categories_tab(person: Person) -> dict[str, Any]:
    entries = list(person.categories.all())
    rows = [
        CategoryRow(
            entry=e,
            details=category_details.describe(e.category, e.details),
            is_open=e.ended_on is None,
        )
        for e in reversed(entries)
    ]
    open_codes = {e.category for e in entries if e.ended_on is None}
    return {
        "category_rows": rows,
        "category_choice_form": CategoryChoiceForm(exclude=open_codes),
        "can_add_category": len(open_codes) < len(Category.values),
        "left_behind_open": Category.LEFT_BEHIND in open_codes,
    }


@dataclass
class ContactRow:
    contact: Contact
    phone: str
    id_number: str


def family_tab(person: Person, *, shown: Shown) -> dict[str, Any]:
    """Return the family tab: contacts by kind, their numbers as ``shown`` (``scoping``)."""
    contacts = list(person.contacts.all())
    groups = []
    for kind, label in ContactKind.choices:
        rows = [
            ContactRow(
                contact=c,
                phone=show_phone(c.phone, shown),
                id_number=show_id(c.id_number, shown),
            )
            for c in contacts
            if c.kind == kind
        ]
        groups.append((kind, label, rows))
    left_behind = next(
        (
            e
            for e in person.categories.all()
            if e.category == Category.LEFT_BEHIND and e.ended_on is None
        ),
        None,
    )
    guardianship = None
    if left_behind is not None:
        result = left_behind.details.get("guardianship")
        guardianship = {
            "result": category_details.field_of(Category.LEFT_BEHIND, "guardianship").label_of(
                result
            )
            if result
            else "",
            "code": result or "",
            "on": left_behind.details.get("guardianship_assessed_on", ""),
        }
    return {
        "contact_groups": groups,
        "has_contacts": bool(contacts),
        "contacts_have_numbers": any(c.phone or c.id_number for c in contacts),
        "guardianship": guardianship,
    }


# --- Asking the purpose of a reveal, print or export -----------------------------------


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


# --- The change history, for leaders -------------------------------------------------

# --- Changes made from the tabs -------------------------------------------------------


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
        return _back(person, tab)
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
            return _back(person, "categories")
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
            return _back(person, "categories")
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
                    "date": form.cleaned_data["ended_on"].isoformat(),
                },
            )
            return _back(person, "categories")
    return _form_page(
        request,
        person,
        form,
        title=_("End the category %(category)s") % {"category": entry.get_category_display()},
        tab="categories",
        submit=_("End the category"),
        lead=_("Since %(date)s. Ending it keeps it in the file's history.")
        % {"date": entry.started_on.isoformat()},
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
        return _back(person, "family")
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
            return _back(person, "family")
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
            return _back(person, "family")
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
            return _back(person, "family")
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
    return _back(person, "family")
