"""Care-log pages: editing a record, a person's care page with the risk level, and the
frequency rules of a unit. The work list and quick entry are in ``work_views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, User
from guanai.accounts.requests import request_user
from guanai.care import permissions, risk, worklist
from guanai.care import rules as care_rules
from guanai.care.log import selectors, services
from guanai.care.log.forms import AREA_LABELS, CareRecordForm, RiskForm, RuleForm, RulesUnitForm
from guanai.care.log.work_views import next_url
from guanai.care.models import AREAS, CareKind, FrequencyRule
from guanai.core.errors import DomainError
from guanai.core.photos import photo_response
from guanai.orgs.models import OrgUnit
from guanai.registry.selectors import access_person

RECORDS_PER_PAGE = 10
QUICK_KINDS = (CareKind.TALK, CareKind.HOME_VISIT, CareKind.FAMILY_CALL)


@login_required
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    record = selectors.access_record(user, pk)
    if not selectors.can_edit_record(user, record):
        raise Http404
    met = [m.person for m in record.visible_met]  # type: ignore[attr-defined]
    form = CareRecordForm(
        request.POST or None,
        initial=CareRecordForm.initial_of(record),
        persons=selectors.persons_met(record),
    )
    # The persons met stay as they were; only what was found changes.
    form.fields["persons"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            services.care_record_update(
                acting_user=user,
                record=record,
                version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The care record was saved."))
            return redirect(next_url(request, reverse("care:person_care", args=[met[0].pk])))
    return render(
        request,
        "care/log/record_form.html",
        {
            "form": form,
            "record": record,
            "met": met,
            "title": _("Edit the care record"),
            "today": timezone.localdate(),
            "next": next_url(request, ""),
        },
    )


@login_required
def record_photo(request: HttpRequest, record_pk: int, pk: int) -> FileResponse:
    """Serve a photo of a care record to whoever may read the record (404 otherwise)."""
    return photo_response(selectors.access_record_photo(request_user(request), record_pk, pk))


@login_required
def person_care(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access_person(user, pk)
    records = Paginator(
        selectors.person_care_read(user, person, request=request), RECORDS_PER_PAGE
    ).get_page(request.GET.get("page"))
    history = list(risk.risk_history(person))
    trend = selectors.ratings_trend(person)
    return render(
        request,
        "care/log/person_care.html",
        {
            "person": person,
            "work": worklist.person_work(person),
            "records": records,
            "trend": trend,
            "trend_rows": [(AREA_LABELS[a], [getattr(r, a) for r in trend]) for a in AREAS],
            "current_risk": next((a for a in history if a.current), None),
            "risk_history": [(a, risk.assessment_state(a)) for a in history],
            "can_care": permissions.can_care_for(user, person),
            "can_decide": risk.can_decide(user, person),
            "risk_form": RiskForm(),
            "quick_kinds": [(k.value, k.label) for k in QUICK_KINDS],
        },
    )


@login_required
def risk_propose(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access_person(user, pk)
    if not permissions.can_care_for(user, person):
        raise Http404
    form = RiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            risk.risk_propose(
                acting_user=user,
                person=person,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The risk level was proposed; a leader will confirm it."))
            return redirect("care:person_care", pk=person.pk)
    return render(
        request,
        "care/log/risk_form.html",
        {
            "form": form,
            "person": person,
            "title": _("Risk level of %(name)s") % {"name": person.name},
        },
    )


@login_required
@require_POST
def risk_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("confirm", "reject"):
        raise Http404
    user = request_user(request)
    assessment = risk.access_assessment(user, pk)
    try:
        risk.risk_decide(acting_user=user, assessment=assessment, confirm=decision == "confirm")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The risk level was confirmed.")
            if decision == "confirm"
            else _("The risk level was not confirmed."),
        )
    return redirect("care:person_care", pk=assessment.person_id)


# --- Frequency rules --------------------------------------------------------------------


def _kind_labels(rule: FrequencyRule) -> str:
    return "、".join(str(CareKind(k).label) for k in rule.kind_list if k in CareKind.values)


def _rule_units(user: User) -> Any:
    return scoping.org_units_with_data(user).order_by("path")


def _led_unit(user: User, pk: str | int | None) -> OrgUnit:
    """Return a unit the user leads (or one below it), else raise Http404."""
    if pk is None or not str(pk).isdigit() or len(str(pk)) > 11:
        raise Http404
    return selectors.access_led_unit(user, int(pk))


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *DATA_ROLES)
    units = _rule_units(user)
    form = RulesUnitForm(request.GET or None, units=units)
    unit = form.cleaned_data["unit"] if form.is_bound and form.is_valid() else None
    if unit is None:
        mine = scoping.units_for(user, DATA_ROLES)
        unit = mine[0] if mine else None
        form = RulesUnitForm(initial={"unit": unit}, units=units)
    held = care_rules.rules_in_force(unit, keep_off=True) if unit is not None else []
    return render(
        request,
        "care/log/rules.html",
        {
            "form": form,
            "unit": unit,
            "rows": [(h, _kind_labels(h.rule)) for h in held],
            "can_edit": unit is not None and permissions.is_leader_of(user, unit),
        },
    )


def _rule_page(request: HttpRequest, form: RuleForm, unit: OrgUnit, title: str) -> HttpResponse:
    return render(request, "care/log/rule_form.html", {"form": form, "unit": unit, "title": title})


@login_required
def rule_new(request: HttpRequest) -> HttpResponse:
    """Set a rule in a unit; ``?from=<rule>`` starts from a rule above, to override it."""
    user = request_user(request)
    unit = _led_unit(user, request.GET.get("unit"))
    initial: dict[str, Any] = {"active": True, "times": 1}
    start = request.GET.get("from", "")
    if start.isdigit() and len(start) < 12:
        above = selectors.rule_above(unit, int(start))
        if above is not None:
            values = care_rules.rule_data_of(above)
            initial = {**values.__dict__, "kinds": values.kinds}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            care_rules.rule_create(acting_user=user, unit=unit, data=form.to_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The rule was saved."))
            return redirect(f"{reverse('care:rules')}?unit={unit.pk}")
    return _rule_page(request, form, unit, _("New care rule for %(unit)s") % {"unit": unit.name})


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    rule = selectors.access_rule_led(user, pk)
    initial = {**care_rules.rule_data_of(rule).__dict__, "version": rule.version}
    form = RuleForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            care_rules.rule_update(
                acting_user=user,
                rule=rule,
                version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The rule was saved."))
            return redirect(f"{reverse('care:rules')}?unit={rule.org_unit_id}")
    return _rule_page(
        request, form, rule.org_unit, _("Edit the care rule “%(name)s”") % {"name": rule.name}
    )
