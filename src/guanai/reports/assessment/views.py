"""Annual assessment pages: the sheets, one sheet (items, scores, ranking, print), the
manual scores of one item, and the xlsx export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import PAGE_SIZE, CountedPaginator
from guanai.reports import assessment, exports
from guanai.reports.assessment.forms import ItemForm, SheetForm
from guanai.reports.models import AssessmentItem, AssessmentSheet, ItemKind, SheetStatus
from guanai.reports.views_common import reader, unit_of


@login_required
def sheet_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    found = assessment.sheet_list(user)
    page = CountedPaginator(found, PAGE_SIZE, found.count()).get_page(request.GET.get("page"))
    units = assessment.sheet_units_for(user)
    form = (
        SheetForm(
            units=units,
            sources=assessment.copy_sources(user),
            initial={"year": timezone.localdate().year},
        )
        if units
        else None
    )
    return render(request, "reports/assessment/sheets.html", {"page": page, "form": form})


@login_required
@require_POST
def sheet_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = assessment.sheet_units_for(user)
    form = SheetForm(request.POST, units=units, sources=assessment.copy_sources(user))
    if form.is_valid():
        unit = unit_of(user, form.cleaned_data["unit"])
        source = form.cleaned_data["copy_from"]
        try:
            if source:
                sheet = assessment.sheet_copy(
                    acting_user=user,
                    source=assessment.access_sheet(user, source),
                    unit=unit,
                    year=form.cleaned_data["year"],
                )
            else:
                sheet = assessment.sheet_create(
                    acting_user=user, unit=unit, year=form.cleaned_data["year"]
                )
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect("reports:assessment", pk=sheet.pk)
    found = assessment.sheet_list(user)
    page = CountedPaginator(found, PAGE_SIZE, found.count()).get_page(None)
    return render(
        request, "reports/assessment/sheets.html", {"page": page, "form": form}, status=400
    )


def _sheet_page(
    request: HttpRequest,
    sheet: AssessmentSheet,
    *,
    item_form: ItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = reader(request)
    draft = sheet.status == SheetStatus.DRAFT
    can_edit = draft and assessment.can_edit(user, sheet.org_unit)
    results = assessment.results_of(sheet)
    labels = {k.code: k.label for k in assessment.rate_kpis()}
    return render(
        request,
        "reports/assessment/sheet.html",
        {
            "sheet": sheet,
            "results": results,
            "item_rows": [(item, labels.get(item.kpi, "")) for item in results.items],
            "can_edit": can_edit,
            "can_finalise": draft and assessment.can_finalise(user, sheet.org_unit),
            "item_form": item_form or (ItemForm() if can_edit else None),
            "kinds": ItemKind.choices,
            "kpis": assessment.rate_kpis(),
            "weights_ok": results.weights == assessment.FULL_POINTS,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _sheet_page(request, assessment.access_sheet(user, pk))


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    sheet = assessment.access_sheet(user, pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            assessment.item_add(
                acting_user=user, sheet=sheet, version=posted_version(request), **form.cleaned_data
            )
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The item is added."))
            return redirect("reports:assessment", pk=sheet.pk)
    return _sheet_page(request, sheet, item_form=form, status=400)


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, item: int, action: str) -> HttpResponse:
    user = reader(request)
    sheet = assessment.access_sheet(user, pk)
    line = assessment.access_item(sheet, item)
    try:
        if action == "save":
            form = ItemForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Please correct the errors below."))
                return redirect("reports:assessment", pk=sheet.pk)
            assessment.item_update(
                acting_user=user, item=line, version=posted_version(request), **form.cleaned_data
            )
            messages.success(request, _("Saved."))
        elif action == "remove":
            assessment.item_remove(acting_user=user, item=line, version=posted_version(request))
            messages.success(request, _("The item is removed."))
        else:
            raise Http404
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("reports:assessment", pk=sheet.pk)


@login_required
@require_POST
def sheet_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    sheet = assessment.access_sheet(user, pk)
    try:
        assessment.sheet_finalise(acting_user=user, sheet=sheet, version=posted_version(request))
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The score sheet is finalised; the units below can read it."))
    return redirect("reports:assessment", pk=sheet.pk)


def _scores_page(
    request: HttpRequest,
    sheet: AssessmentSheet,
    item: AssessmentItem,
    *,
    errors: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = reader(request)
    results = assessment.results_of(sheet)
    column = [i.pk for i in results.items].index(item.pk)
    errors = errors or {}
    rows = [
        (row.unit, row.cells[column], errors if errors.get("unit") == row.unit.pk else None)
        for row in sorted(results.rows, key=lambda r: r.unit.path)
    ]
    return render(
        request,
        "reports/assessment/scores.html",
        {
            "sheet": sheet,
            "item": item,
            "rows": rows,
            "can_edit": sheet.status == SheetStatus.DRAFT
            and item.kind == ItemKind.MANUAL
            and assessment.can_edit(user, sheet.org_unit),
            "errors": errors,
        },
        status=status,
    )


@login_required
def item_scores(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """The scores of one item for every sub-unit; manual scores are entered here."""
    user = reader(request)
    sheet = assessment.access_sheet(user, pk)
    line = assessment.access_item(sheet, item)
    if request.method != "POST":
        return _scores_page(request, sheet, line)
    try:
        unit_pk = int(request.POST.get("unit", ""))
    except ValueError:
        raise Http404 from None
    unit = unit_of(user, unit_pk)
    try:
        assessment.score_enter(
            acting_user=user,
            item=line,
            unit=unit,
            score=request.POST.get("score", ""),
            evidence=request.POST.get("evidence", ""),
        )
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        errors = {
            "unit": unit.pk,
            "field": exc.field,
            "message": str(exc.message),
            "score": request.POST.get("score", ""),
            "evidence": request.POST.get("evidence", ""),
        }
        return _scores_page(request, sheet, line, errors=errors, status=400)
    messages.success(request, _("The score of %(unit)s is saved.") % {"unit": unit.name})
    return redirect("reports:assessment_scores", pk=sheet.pk, item=line.pk)


@login_required
def sheet_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking with every item's score, as xlsx (audited)."""
    user = reader(request)
    sheet = assessment.access_sheet(user, pk)
    export = exports.assessment_export(user=user, sheet=sheet, request=request)
    response = HttpResponse(export.content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
