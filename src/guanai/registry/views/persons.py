"""Roster pages: the list with filters, registering, editing, archiving and consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.masking import mask_id, mask_phone, show_id
from guanai.orgs.models import OrgKind
from guanai.registry import selectors, services
from guanai.registry.forms import (
    ArchiveForm,
    ConsentForm,
    PersonFilterForm,
    PersonForm,
)
from guanai.registry.models import Person
from guanai.registry.views.file import (
    age_of,
    file_url,
)

PAGE_SIZE = 50


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *scoping.PERSON_READERS)
    form = PersonFilterForm(request.GET or None, units=scoping.org_units_visible(user))
    page = Paginator(selectors.persons_search(user, form.to_filter()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "person": p,
            "age": age_of(p.birth_date),
            "id_masked": show_id(p.id_number, scoping.numbers_shown(user, p.org_unit)),
        }
        for p in page
    ]
    return render(
        request,
        "registry/person_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "can_register": scoping.roster_edit_units(user).exists(),
            # Helpers and volunteers read their paired persons but have no transfers page.
            "can_transfer": scoping.has_role(user, *scoping.ROSTER_ROLES),
        },
    )


def _form_data(form: PersonForm, stored: Person | None = None) -> services.PersonData:
    """Return the person's values: the form's, and the stored ones for what it lacks.

    The edit form leaves the ID and phone numbers blank (they are not shown in full
    without an audited reveal); blank there means "keep", as do fields the form does
    not carry (village, schooling since), so a save never erases them.
    """
    values = {f: getattr(stored, f) for f in services.PERSON_FIELDS} if stored else {}
    for name in services.PERSON_FIELDS:
        if name in form.cleaned_data:
            values[name] = form.cleaned_data[name]
    if stored is not None:
        for secret in ("id_number", "phone"):
            values[secret] = values[secret] or getattr(stored, secret)
    return services.PersonData(**values)


def _duplicate_error(form: PersonForm, exc: services.DuplicatePerson, user: Any) -> None:
    """Say the ID number is on file, naming the person only if the user may open the file."""
    if selectors.persons_visible(user).filter(pk=exc.existing.pk).exists():
        form.add_error(
            "id_number",
            _("This ID number is registered already (file of %(name)s).")
            % {"name": exc.existing.name},
        )
    else:
        form.add_error(
            "id_number", _("This ID number is registered already, in a file you may not open.")
        )


def _person_form(request: HttpRequest, **kwargs: Any) -> PersonForm:
    units = scoping.roster_edit_units(request.user)
    schools = units.filter(kind__in=[OrgKind.SCHOOL, OrgKind.KINDERGARTEN])
    return PersonForm(request.POST or None, units=units, schools=schools, **kwargs)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_EDITORS)
    form = _person_form(request)
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        try:
            person = services.person_register(
                acting_user=user,
                org_unit=form.cleaned_data["org_unit"],
                data=_form_data(form),
                categories=[(c, today) for c in form.cleaned_data["categories"]],
            )
        except services.DuplicatePerson as exc:
            if selectors.persons_visible(user).filter(pk=exc.existing.pk).exists():
                messages.info(request, _("Open the existing file instead of registering again."))
                return redirect("registry:person_detail", pk=exc.existing.pk)
            _duplicate_error(form, exc, user)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": person.name})
            return redirect("registry:person_detail", pk=person.pk)
    return render(
        request, "registry/person_form.html", {"form": form, "title": _("Register a person")}
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.access_person(user, pk)
    # Only editors of the person's unit open the form (a viewer reads the file instead).
    if not scoping.roster_edit_units(user).filter(pk=person.org_unit_id).exists():
        raise Http404
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS}
    initial.update({"org_unit": person.org_unit, "version": person.version})
    # Full numbers are never put in the form: blank keeps them, a new value replaces them.
    initial.update({"id_number": "", "phone": ""})
    form = _person_form(request, initial=initial)
    form.fields["categories"].disabled = True
    form.fields["org_unit"].disabled = True
    for secret, masked in (
        ("id_number", mask_id(person.id_number)),
        ("phone", mask_phone(person.phone)),
    ):
        if masked:
            form.fields[secret].help_text = _("Now %(masked)s. Leave blank to keep it.") % {
                "masked": masked
            }
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_update(
                acting_user=user,
                person=person,
                version=form.cleaned_data["version"] or 0,
                data=_form_data(form, stored=person),
            )
        except services.DuplicatePerson as exc:
            _duplicate_error(form, exc, user)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The file was saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "person": person, "title": _("Edit %(name)s") % {"name": person.name}},
    )


@login_required
@require_POST
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.access_person(user, pk)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why the file is archived."))
        return redirect("registry:person_detail", pk=pk)
    try:
        services.person_archive(
            acting_user=user,
            person=person,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The file was archived."))
    return redirect("registry:person_detail", pk=pk)


@login_required
@require_POST
def person_consent(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.access_person(user, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(acting_user=user, person=person, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The consent was recorded."))
    else:
        problems = "；".join(str(e) for errors in form.errors.values() for e in errors)
        message = _("The consent was not recorded: %(problems)s") % {"problems": problems}
        messages.error(request, message)
    return redirect(file_url(person, "family"))
