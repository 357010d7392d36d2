"""The case file: its tabs (basic, categories, family, history and the other apps' panels),
opening it and revealing its full numbers (both audited in ``registry.file_reads``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.masking import Shown, show_id, show_phone
from guanai.registry import details as category_details
from guanai.registry import file_reads, history, selectors, services
from guanai.registry.extensions import FilePanel, file_links, file_panels
from guanai.registry.forms import (
    ArchiveForm,
    CategoryChoiceForm,
    ConsentForm,
    TransferForm,
)
from guanai.registry.models import Category, Contact, ContactKind, Person, PersonCategory
from guanai.registry.purpose import PURPOSE_MAX, PurposeForm
from guanai.registry.views.purpose import purpose_page

TABS = ("basic", "categories", "family", "history")


def file_url(person: Person, tab: str = "basic") -> str:
    url = reverse("registry:person_detail", args=[person.pk])
    return url if tab == "basic" else f"{url}?{urlencode({'tab': tab})}"


def back_to_file(person: Person, tab: str) -> HttpResponseRedirect:
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


def age_of(born: date | None) -> int | None:
    if born is None:
        return None
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _file_context(
    request: HttpRequest, person: Person, *, reveal: bool, tab: str = "basic"
) -> dict[str, Any]:
    """Return what the file page shows: the header, the tab links, and the one open tab.

    The tabs are links (``?tab=family``) rendered on the server, so that they work
    without scripts; only the open tab's data is read. The history is for leaders.
    """
    user = request_user(request)
    sees_history = scoping.can_see_history(user, person.org_unit)
    shown = scoping.numbers_shown(user, person.org_unit, reveal=reveal)
    panels = panels_for(user, person)
    panel = next((p for p in panels if p.code == tab), None)
    if panel is None and (tab not in TABS or (tab == "history" and not sees_history)):
        tab = "basic"
    context: dict[str, Any] = {
        "person": person,
        "tab": tab,
        "tabs": tab_links(person, history=sees_history, panels=panels),
        "file_links": links_for(user, person),
        "age": age_of(person.birth_date),
        "revealed": shown is Shown.FULL,
        "can_reveal": scoping.can_reveal_numbers(user, person.org_unit),
        "can_edit": scoping.roster_edit_units(user).filter(pk=person.org_unit_id).exists(),
        "consent_missing": services.consent_missing(person),
        "purpose_max": PURPOSE_MAX,
    }
    if panel is not None:
        context.update(panel.context(user, person))
        context["panel_template"] = panel.template
    elif tab == "basic":
        context.update(
            {
                "id_shown": show_id(person.id_number, shown),
                "phone_shown": show_phone(person.phone, shown),
                # The school's office number, a tap-to-call link: not a person's number,
                # so not masked (the contact cards print it), but kept from the roles that
                # see no digits at all.
                "school_phone": (
                    person.school.phone if person.school and shown is not Shown.NOTHING else ""
                ),
                "archive_form": ArchiveForm(),
                "transfer_form": TransferForm(),
                "pending_transfer": person.transfers.filter(status="pending").first(),
            }
        )
    elif tab == "categories":
        context.update(categories_tab(person))
    elif tab == "family":
        context.update(family_tab(person, shown=shown))
        context.update({"consents": person.consents.all(), "consent_form": ConsentForm()})
    else:
        context.update(history.history_tab(person))
    return context


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Opening a case file is a read of sensitive personal data (PIPL): it is audited, and
    # so is reading its change history (``file_reads``).
    tab = request.GET.get("tab", "basic")
    person = file_reads.person_file_open(user=request.user, pk=pk, request=request, tab=tab)
    context = _file_context(request, person, reveal=False, tab=tab)
    return render(request, "registry/person_detail.html", context)


@login_required
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a file's full numbers after a POST that states why; a GET asks the purpose."""
    person = selectors.access_person(request.user, pk)
    if not scoping.can_reveal_numbers(request.user, person.org_unit):
        messages.error(request, _("Your role may not see full ID and phone numbers."))
        return redirect("registry:person_detail", pk=pk)
    # The family tab reveals the contacts' numbers, the basic tab the person's.
    data = request.POST if request.method == "POST" else request.GET
    tab = "family" if data.get("tab") == "family" else "basic"
    form = PurposeForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return purpose_page(
            request,
            form,
            title=_("Show the full numbers of %(name)s") % {"name": person.name},
            submit=_("Show full numbers (recorded in the audit log)"),
            cancel=file_url(person, tab),
            hidden=[("tab", tab)],
        )
    file_reads.person_numbers_reveal(
        user=request.user,
        person=person,
        purpose=form.cleaned_data["purpose"],
        request=request,
        tab=tab,
    )
    return render(
        request, "registry/person_detail.html", _file_context(request, person, reveal=True, tab=tab)
    )
