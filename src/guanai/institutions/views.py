"""Institution pages: the list for the user's scope, the overview of them all (the county
view, also as xlsx), one institution (profile, checklist with the unmet items first and
their photos, or an elder or welfare home's beds and residents; staff roster), the profile
form, a staff member with their certificates and trainings, and the evidence of a manual
item with its photos.

Each view reads through ``register``, ``roster`` and ``checklist`` (scoped: an institution
outside the user's subtrees is 404) and writes through their services; a refusal is shown
beside its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import PAGE_SIZE
from guanai.core.photos import photo_response
from guanai.institutions import checklist as checklists
from guanai.institutions import register, roster
from guanai.institutions.forms import (
    EvidenceForm,
    ProfileForm,
    QualificationForm,
    StaffForm,
    TrainingForm,
)
from guanai.institutions.models import Institution, Staff
from guanai.institutions.register.export import overview_export
from guanai.institutions.standard import unmet_first
from guanai.orgs.selectors import breadcrumb_of
from guanai.registry.details import DISABILITY_TYPES
from guanai.sheets.writing import XLSX


def reader(request: HttpRequest) -> User:
    user = request_user(request)
    try:
        register.require_reader(user)
    except PermissionRefused:
        raise PermissionDenied from None
    return user


def institution_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = register.institution_units_visible(user).order_by("path")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/institution_list.html",
        {"page": page, "rows": checklists.rows_of(list(page), timezone.localdate())},
    )


def institution_overview(request: HttpRequest) -> HttpResponse:
    """Every institution the user reads side by side, with the totals (the county view)."""
    user = reader(request)
    return render(
        request,
        "institutions/institution_overview.html",
        {
            "overview": register.overview(user, timezone.localdate()),
            "types": DISABILITY_TYPES,
        },
    )


def institution_overview_export(request: HttpRequest) -> HttpResponse:
    """The overview as an xlsx (audited)."""
    user = reader(request)
    export = overview_export(user=user, day=timezone.localdate(), request=request)
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    unit = register.access_institution_unit(user, pk)
    institution: Institution | None = getattr(unit, "institution", None)
    context: dict[str, object] = {
        "unit": unit,
        "breadcrumb": breadcrumb_of(unit, scoping.org_units_visible(user)),
        "institution": institution,
        "can_edit": register.can_edit(user, unit),
    }
    if institution is not None and not checklists.has_checklist(institution):
        # An elder or welfare home: its beds and residents instead of the checklist.
        context["home"] = register.overview_of([unit], timezone.localdate()).rows[0]
        context["staff"] = list(roster.roster_of(institution))
    elif institution is not None:
        found = checklists.checklist(institution, timezone.localdate())
        photos = checklists.photos_by_ref(institution)
        context.update(
            checklist=found,
            verdicts=[(v, photos.get(v.ref, [])) for v in unmet_first(found.verdicts)],
            staff=list(roster.roster_of(institution)),
        )
    return render(request, "institutions/institution_detail.html", context)


def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    unit = register.access_institution_unit(user, pk)
    if not register.can_edit(user, unit):
        raise PermissionDenied
    institution: Institution | None = getattr(unit, "institution", None)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_of(institution))
    if request.method == "POST" and form.is_valid():
        try:
            register.institution_profile_save(
                acting_user=user,
                unit=unit,
                data=form.to_data(),
                version=None if institution is None else posted_version(request),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The institution's profile is saved."))
            return redirect("institutions:detail", pk=unit.pk)
    return render(
        request,
        "institutions/profile_form.html",
        {"form": form, "unit": unit, "institution": institution},
    )


def _editable(request: HttpRequest, pk: int) -> tuple[User, Institution]:
    user = reader(request)
    institution = register.access_institution(user, pk)
    if not register.can_edit(user, institution.org_unit):
        raise PermissionDenied
    return user, institution


def staff_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, institution = _editable(request, pk)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            roster.staff_add(
                acting_user=user,
                institution=institution,
                data=form.to_data(),
                today=timezone.localdate(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The staff member is added."))
            return redirect("institutions:detail", pk=institution.pk)
    return render(
        request,
        "institutions/staff_form.html",
        {"form": form, "institution": institution, "staff": None},
    )


def _staff_editable(request: HttpRequest, pk: int) -> tuple[User, Staff]:
    user = reader(request)
    staff = roster.access_staff(user, pk)
    if not register.can_edit(user, staff.institution.org_unit):
        raise PermissionDenied
    return user, staff


def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, staff = _staff_editable(request, pk)
    form = StaffForm(request.POST or None, initial=StaffForm.initial_of(staff))
    if request.method == "POST" and form.is_valid():
        try:
            roster.staff_update(
                acting_user=user,
                staff=staff,
                data=form.to_data(),
                version=posted_version(request),
                today=timezone.localdate(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The staff member is saved."))
            return redirect("institutions:staff_detail", pk=staff.pk)
    return render(
        request,
        "institutions/staff_form.html",
        {"form": form, "institution": staff.institution, "staff": staff},
    )


def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _staff_page(request, user, roster.access_staff(user, pk))


@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, staff = _staff_editable(request, pk)
    form = TrainingForm(request.POST, prefix="training")
    if form.is_valid():
        try:
            roster.training_add(acting_user=user, staff=staff, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The training is recorded."))
            return redirect("institutions:staff_detail", pk=staff.pk)
    return _staff_page(request, user, staff, training_form=form)


@require_POST
def qualification_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, staff = _staff_editable(request, pk)
    form = QualificationForm(request.POST, prefix="certificate")
    if form.is_valid():
        try:
            roster.qualification_add(acting_user=user, staff=staff, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The certificate is recorded."))
            return redirect("institutions:staff_detail", pk=staff.pk)
    return _staff_page(request, user, staff, qualification_form=form)


def _staff_page(
    request: HttpRequest,
    user: User,
    staff: Staff,
    *,
    training_form: TrainingForm | None = None,
    qualification_form: QualificationForm | None = None,
) -> HttpResponse:
    """Show a staff member with their certificates and trainings, and the forms to add
    them (a refused form again, with its messages: answered 400)."""
    today = timezone.localdate()
    records = roster.with_records(roster.staff_visible(user).filter(pk=staff.pk)).get()
    refused = training_form is not None or qualification_form is not None
    return render(
        request,
        "institutions/staff_detail.html",
        {
            "staff": records,
            "institution": staff.institution,
            "can_edit": register.can_edit(user, staff.institution.org_unit),
            "training_form": training_form
            or TrainingForm(initial={"on": today}, prefix="training"),
            "qualification_form": qualification_form or QualificationForm(prefix="certificate"),
            "today": today,
        },
        status=400 if refused else 200,
    )


def evidence_edit(request: HttpRequest, pk: int, ref: str) -> HttpResponse:
    """The evidence of a manual item: status, note, the day checked, and scans or photos
    added with it (a refused photo refuses the whole save: nothing is kept)."""
    user, institution = _editable(request, pk)
    today = timezone.localdate()
    if not checklists.has_checklist(institution):
        raise Http404
    found = checklists.checklist(institution, today)
    verdict = next((v for v in found.verdicts if v.ref == ref), None)
    if verdict is None or ref not in found.manual_refs:
        raise Http404
    check = checklists.item_check_of(institution, ref)
    form = EvidenceForm(request.POST or None, initial=EvidenceForm.initial_of(check, today))
    if request.method == "POST" and form.is_valid():
        uploads = request.FILES.getlist("photos")
        try:
            with transaction.atomic():
                saved = checklists.item_check_set(
                    acting_user=user,
                    institution=institution,
                    ref=ref,
                    today=today,
                    version=None if check is None else posted_version(request),
                    **form.cleaned_data,
                )
                if uploads:
                    checklists.evidence_photos_add(acting_user=user, check=saved, photos=uploads)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The evidence of %(ref)s is saved.") % {"ref": ref})
            return redirect("institutions:detail", pk=institution.pk)
    return render(
        request,
        "institutions/evidence_form.html",
        {
            "form": form,
            "institution": institution,
            "verdict": verdict,
            "check": check,
            "photos": [] if check is None else list(checklists.evidence_photos(check)),
            "photos_max": checklists.MAX_PHOTOS,
        },
        status=400 if form.errors else 200,
    )


def evidence_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a scan or photo of evidence to a reader of its institution."""
    return photo_response(checklists.access_evidence_photo(reader(request), pk))


@require_POST
def evidence_photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    photo = checklists.access_evidence_photo(user, pk)
    try:
        checklists.evidence_photo_remove(acting_user=user, photo=photo)
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    messages.success(request, _("The photo is removed."))
    check = photo.item_check
    return redirect("institutions:evidence", pk=check.institution_id, ref=check.ref)
