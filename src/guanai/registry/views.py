"""Roster pages: the list with filters, the case file, registering and editing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.masking import Shown, mask_id, mask_phone, show_id, show_phone
from guanai.orgs.models import OrgKind
from guanai.registry import contact_cards as contact_cards_module
from guanai.registry import file_reads, history, selectors, services, views_file
from guanai.registry.forms import (
    ArchiveForm,
    ConsentForm,
    PersonFilterForm,
    PersonForm,
    TransferForm,
)
from guanai.registry.models import Person
from guanai.registry.purpose import PURPOSE_MAX, PurposeForm

PAGE_SIZE = 50
CARDS_PER_PAGE = 8


def _age(born: date | None) -> int | None:
    if born is None:
        return None
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


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
            "age": _age(p.birth_date),
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
    panels = views_file.panels_for(user, person)
    panel = next((p for p in panels if p.code == tab), None)
    if panel is None and (tab not in views_file.TABS or (tab == "history" and not sees_history)):
        tab = "basic"
    context: dict[str, Any] = {
        "person": person,
        "tab": tab,
        "tabs": views_file.tab_links(person, history=sees_history, panels=panels),
        "file_links": views_file.links_for(user, person),
        "age": _age(person.birth_date),
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
                "archive_form": ArchiveForm(),
                "transfer_form": TransferForm(),
                "pending_transfer": person.transfers.filter(status="pending").first(),
            }
        )
    elif tab == "categories":
        context.update(views_file.categories_tab(person))
    elif tab == "family":
        context.update(views_file.family_tab(person, shown=shown))
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
        return views_file.purpose_page(
            request,
            form,
            title=_("Show the full numbers of %(name)s") % {"name": person.name},
            submit=_("Show full numbers (recorded in the audit log)"),
            cancel=views_file.file_url(person, tab),
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
    return redirect(views_file.file_url(person, "family"))


def _card_ids(values: list[str]) -> list[int]:
    return list(dict.fromkeys(int(i) for i in values if i.isdigit() and len(i) < 19))


@login_required
def contact_cards(request: HttpRequest) -> HttpResponse:
    """Print contact cards (联系卡, 篇九) for the ticked children: 8 to an A4 page.

    The cards carry phone numbers — that is what they are for — so printing them is an
    export of personal data: the roster's tick boxes lead here (GET) to state the purpose,
    and only the POST that carries it prints the cards and writes them to the audit log.
    """
    user = request_user(request)
    posted = request.method == "POST"
    ids = _card_ids((request.POST if posted else request.GET).getlist("ids"))
    persons = contact_cards_module.persons_for_cards(user, ids)
    if not persons:
        messages.error(request, _("Tick the children whose contact cards you want to print."))
        return redirect("registry:person_list")
    form = PurposeForm(request.POST if posted else None)
    if not form.is_valid():
        names = "、".join(person.name for person in persons[:5])
        count = len(persons)
        lead = (
            _("%(count)d cards: %(names)s and others.")
            if count > 5
            else ngettext("%(count)d card: %(names)s.", "%(count)d cards: %(names)s.", count)
        ) % {"count": count, "names": names}
        return views_file.purpose_page(
            request,
            form,
            title=_("Print contact cards"),
            submit=_("Print the cards (recorded in the audit log)"),
            cancel=reverse("registry:person_list"),
            hidden=[("ids", person.pk) for person in persons],
            lead=lead,
        )
    cards = contact_cards_module.contact_cards_print(
        acting_user=user, persons=persons, purpose=form.cleaned_data["purpose"], request=request
    )
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    return render(request, "registry/contact_cards.html", {"pages": pages})


@login_required
@require_POST
def person_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.access_person(user, pk)
    form = TransferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the receiving unit and the reason."))
        return redirect("registry:person_detail", pk=pk)
    try:
        target = services.transfer_target(form.cleaned_data["to_unit"])
        services.transfer_request(
            acting_user=user,
            person=person,
            to_unit=target,
            reason=form.cleaned_data["reason"],
            handover_note=form.cleaned_data["handover_note"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The file was sent to %(unit)s, which must accept it.") % {"unit": target.name},
        )
    return redirect("registry:person_detail", pk=pk)


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_ROLES)
    return render(
        request,
        "registry/transfers.html",
        {
            "incoming": selectors.transfers_incoming(user),
            # The trace grows for ever: paged, newest first, never cut.
            "outgoing": Paginator(selectors.transfers_outgoing(user), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


@login_required
@require_POST
def transfer_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "decline", "cancel"):
        raise Http404
    user = request_user(request)
    transfer = get_object_or_404(
        selectors.transfers_incoming(user)
        if decision != "cancel"
        else selectors.transfers_outgoing(user),
        pk=pk,
    )
    note = request.POST.get("note", "")
    try:
        if decision == "accept":
            person = services.transfer_accept(acting_user=user, transfer=transfer, note=note)
            messages.success(request, _("%(name)s joined your roster.") % {"name": person.name})
            return redirect("registry:person_detail", pk=person.pk)
        if decision == "decline":
            services.transfer_decline(acting_user=user, transfer=transfer, note=note)
            messages.success(request, _("The transfer was declined."))
        else:
            services.transfer_cancel(acting_user=user, transfer=transfer)
            messages.success(request, _("The transfer was withdrawn."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("registry:transfer_list")
