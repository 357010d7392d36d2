"""Pairing pages: a person's helpers, pairing one or a group, proposals, coverage.

Forms parse input and the services in ``care.pairing`` decide. Pages that change pairings
are for the roster keepers of the person's unit; to anyone else who may read the person
they are a 404, as the registry's edit forms are.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.forms import ServiceErrorsMixin
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.care import pairing, pairing_coverage
from guanai.care.models import HelperRole, Pairing
from guanai.care.permissions import can_edit_roster_of, care_persons
from guanai.core.errors import DomainError
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import breadcrumb_of
from guanai.registry.forms import PersonFilterForm, UnitChoiceField
from guanai.registry.models import Category, Person
from guanai.registry.selectors import persons_search

PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HelperChoiceField(forms.ModelChoiceField):
    """Staff by name and unit (``pairing.helpers_offered``), never by user name."""

    def label_from_instance(self, obj: Any) -> str:
        unit = getattr(obj, "unit_name", "")
        return f"{obj.get_full_name()} · {unit}" if unit else str(obj.get_full_name())


class PairingForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Helper's role"), choices=HelperRole.choices)
    helper = HelperChoiceField(
        label=gettext_lazy("Helper"),
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "The staff of the person's unit and school, of the units above them, and of the "
            "units whose roster you keep."
        ),
    )
    buddy_name = forms.CharField(
        label=gettext_lazy("Study buddy's name"),
        max_length=pairing.BUDDY_NAME_LENGTH,
        required=False,
        help_text=gettext_lazy("Only for a study buddy without an account: a fellow pupil."),
    )
    started_on = forms.DateField(label=gettext_lazy("From"), widget=DATE_INPUT)
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=pairing.NOTE_LENGTH, required=False
    )

    def __init__(self, *args: Any, helpers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers  # type: ignore[attr-defined]


class BulkPairingForm(ServiceErrorsMixin, forms.Form):
    helper = HelperChoiceField(label=gettext_lazy("Helper"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=gettext_lazy("Helper's role"),
        choices=[(v, label) for v, label in HelperRole.choices if v != HelperRole.STUDY_BUDDY],
    )
    started_on = forms.DateField(label=gettext_lazy("From"), widget=DATE_INPUT)
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=pairing.NOTE_LENGTH, required=False
    )

    def __init__(self, *args: Any, helpers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers  # type: ignore[attr-defined]


class PairingEndForm(ServiceErrorsMixin, forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Until"), widget=DATE_INPUT)
    # Not required here: the service says what is missing, in the clerk's words.
    end_reason = forms.CharField(
        label=gettext_lazy("Reason for ending"), max_length=pairing.REASON_LENGTH, required=False
    )


class BulkFilterForm(PersonFilterForm):
    """The roster list's filters, for the active persons only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["status"]


class CoverageFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=gettext_lazy("All units"),
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("All categories")), *Category.choices],
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_filter(self) -> pairing_coverage.CoverageFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return pairing_coverage.CoverageFilter(
            unit=data.get("unit"), category=data.get("category") or ""
        )


class SuggestForm(forms.Form):
    unit = UnitChoiceField(label=gettext_lazy("Unit"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(
        label=gettext_lazy("Role of the other helpers"),
        choices=[
            (v, label)
            for v, label in HelperRole.choices
            if v not in (HelperRole.STUDY_BUDDY, HelperRole.CLASS_TEACHER)
        ],
        required=False,
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


def _editable_person(user: User, pk: int) -> Person:
    person = care_persons(user).filter(pk=pk).first()
    if person is None or not can_edit_roster_of(user, person.org_unit):
        raise Http404
    return person


@login_required
def person_pairings(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a person's helpers now and the pairings that ended."""
    user = request_user(request)
    person = care_persons(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    current, ended = pairing.person_pairings(person)
    return render(
        request,
        "care/pairing/person_pairings.html",
        {
            "person": person,
            "current": current,
            "ended": ended,
            "can_pair": can_edit_roster_of(user, person.org_unit) and not person.is_archived,
            "units": breadcrumb_of(person.org_unit, scoping.org_units_visible(user)),
        },
    )


@login_required
def pairing_new(request: HttpRequest) -> HttpResponse:
    """Pair a helper, or a study buddy by name, with one person (``?person=<pk>``)."""
    user = request_user(request)
    person_pk = request.GET.get("person", "")
    if not person_pk.isdigit():
        raise Http404
    person = _editable_person(user, int(person_pk))
    form = PairingForm(
        request.POST or None,
        helpers=pairing.helpers_offered(user, [person.org_unit, person.school]),
        initial={"started_on": timezone.localdate(), "role": HelperRole.SUBJECT_TEACHER},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = pairing.pairing_start(
                acting_user=user,
                person=person,
                helper=data["helper"],
                buddy_name=data["buddy_name"],
                role=data["role"],
                started_on=data["started_on"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            who = made.helper.get_full_name() if made.helper else made.buddy_name
            messages.success(
                request,
                _("%(helper)s was paired with %(name)s.") % {"helper": who, "name": person.name},
            )
            return redirect("care:person_pairings", pk=person.pk)
    return render(
        request,
        "care/pairing/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Pair a helper with %(name)s") % {"name": person.name},
            "submit": _("Pair"),
        },
    )


@login_required
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a pairing with a date and a reason; it stays in the history."""
    user = request_user(request)
    current = pairing.access_pairing(user, pk)
    person = current.person
    if not can_edit_roster_of(user, person.org_unit):
        raise Http404
    if current.ended_on is not None:
        messages.info(request, _("This pairing has ended already."))
        return redirect("care:person_pairings", pk=person.pk)
    form = PairingEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            pairing.pairing_end(
                acting_user=user,
                pairing=current,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The pairing ended; it stays in the history."))
            return redirect("care:person_pairings", pk=person.pk)
    who = current.helper.get_full_name() if current.helper else current.buddy_name
    return render(
        request,
        "care/pairing/form.html",
        {
            "form": form,
            "person": person,
            "title": _("End the pairing of %(helper)s with %(name)s")
            % {"helper": who, "name": person.name},
            "lead": _("%(role)s since %(date)s.")
            % {"role": current.get_role_display(), "date": current.started_on.isoformat()},
            "submit": _("End the pairing"),
        },
    )


def _open_pairings() -> Prefetch:
    return Prefetch(
        "pairings",
        queryset=Pairing.objects.filter(ended_on__isnull=True).select_related("helper"),
        to_attr="open_pairings",
    )


@login_required
def pairing_bulk(request: HttpRequest) -> HttpResponse:
    """Pair one helper in one role with the persons ticked in a filtered list."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_EDITORS)
    editable = scoping.roster_edit_units(user)
    filters = BulkFilterForm(request.GET or None, units=editable)
    persons = (
        persons_search(user, filters.to_filter())
        .filter(org_unit__in=editable)
        .prefetch_related(_open_pairings())
    )
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    form = BulkPairingForm(
        request.POST or None,
        helpers=pairing.helpers_offered(user, []),
        initial={"started_on": timezone.localdate(), "role": HelperRole.SUBJECT_TEACHER},
    )
    ticked = [int(v) for v in request.POST.getlist("persons") if v.isdigit()]
    # A ticked person outside the user's scope is not found, whatever else the form says.
    chosen = list(care_persons(user).filter(pk__in=ticked).select_related("org_unit"))
    if len(chosen) != len(set(ticked)):
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = pairing.pairings_start_bulk(
                acting_user=user,
                persons=chosen,
                helper=data["helper"],
                role=data["role"],
                started_on=data["started_on"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("%(helper)s was paired with %(count)s persons.")
                % {"helper": data["helper"].get_full_name(), "count": len(made)},
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "care/pairing/bulk.html",
        {"filters": filters, "form": form, "page": page, "ticked": set(ticked)},
    )


def _proposals_posted(user: User, values: list[str]) -> list[tuple[Person, User, str]]:
    """Parse the ticked proposals ("person-helper-role"); an unknown person is a 404."""
    parsed = []
    for value in values:
        parts = value.split("-", 2)
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
            raise Http404
        parsed.append((int(parts[0]), int(parts[1]), parts[2]))
    persons = care_persons(user).filter(pk__in=[p for p, _h, _r in parsed])
    persons_by_pk = {p.pk: p for p in persons.select_related("org_unit")}
    helpers = {h.pk: h for h in User.objects.filter(pk__in=[h for _p, h, _r in parsed])}
    if any(p not in persons_by_pk or h not in helpers for p, h, _r in parsed):
        raise Http404
    return [(persons_by_pk[p], helpers[h], r) for p, h, r in parsed]


@login_required
def pairing_suggest(request: HttpRequest) -> HttpResponse:
    """Propose helpers for a unit's unpaired pupils; the worker accepts all or some."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_EDITORS)
    units = scoping.roster_edit_units(user).order_by("path")
    form = SuggestForm(request.GET or None, units=units)
    started_on = timezone.localdate()
    if request.method == "POST":
        proposals = _proposals_posted(user, request.POST.getlist("accept"))
        try:
            made = pairing.pairings_accept(
                acting_user=user, proposals=proposals, started_on=started_on
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("%(count)s pairings were started.") % {"count": len(made)})
            return redirect(request.get_full_path())
    proposals_shown: list[pairing_coverage.Proposal] = []
    unit = None
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        proposals_shown = pairing_coverage.pairing_suggestions(
            user, unit, role=form.cleaned_data["role"] or HelperRole.SUBJECT_TEACHER
        )
    return render(
        request,
        "care/pairing/suggest.html",
        {
            "form": form,
            "unit": unit,
            "proposals": proposals_shown,
            "limit": pairing_coverage.SUGGEST_LIMIT,
        },
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Show who has no helper and how loaded the helpers are, for a unit of the rosters."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_ROLES)
    units = OrgUnit.objects.filter(scoping.roster_subtree_q(user, field="path"))
    form = CoverageFilterForm(request.GET or None, units=units)
    f = form.to_filter()
    show = "helpers" if request.GET.get("show") == "helpers" else "persons"
    rows: QuerySet[Any]
    if show == "helpers":
        rows = pairing_coverage.helper_loads(user, f).prefetch_related(
            Prefetch(
                "memberships",
                queryset=scoping.memberships_in_force()
                .select_related("org_unit")
                .order_by("org_unit__path"),
            )
        )
    else:
        rows = pairing_coverage.persons_unpaired(user, f)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/pairing/coverage.html",
        {
            "form": form,
            "filter": f,
            "totals": pairing_coverage.coverage_totals(user, f),
            "show": show,
            "page": page,
            "units": breadcrumb_of(f.unit, scoping.org_units_visible(user)) if f.unit else [],
            "can_pair": bool(scoping.units_for(user, scoping.ROSTER_EDITORS)),
        },
    )
