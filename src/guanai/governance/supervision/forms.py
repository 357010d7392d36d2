"""The supervision pages' forms: the list's filters, the visit with its checklist and its
findings (two repeated formsets, ``checks-N-…`` and ``findings-N-…``), the report and the
office's decision.

The forms only read what was typed; the services check the rules and name the field of a
refusal (``findings-1-deadline``), shown beside it by ``place_error``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.errors import DomainError
from guanai.core.forms import CHOOSE, ServiceErrorsMixin
from guanai.governance.models import CheckVerdict
from guanai.governance.supervision.services import CheckData, FindingData
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import UnitChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All units")
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], years: Iterable[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]  # type: ignore[attr-defined]


def unit_choices(units: list[OrgUnit], empty: Any) -> list[tuple[Any, Any]]:
    return [("", empty), *((unit.pk, unit.name) for unit in units)]


class VisitForm(ServiceErrorsMixin, forms.Form):
    # Choices from lists read once (two model choice fields would read a unit each).
    org_unit = forms.TypedChoiceField(label=_("Supervising unit"), coerce=int)
    inspected = forms.TypedChoiceField(label=_("Unit visited"), coerce=int)
    visited_on = forms.DateField(label=_("Date of visit"), widget=DATE)
    team = forms.CharField(
        label=_("Who went"), required=False, help_text=_("Names and posts, e.g. 高德华（局长）")
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)

    def __init__(
        self, *args: Any, offices: list[OrgUnit], below: list[OrgUnit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in [*offices, *below]}
        self.fields["org_unit"].choices = unit_choices(offices, CHOOSE)  # type: ignore[attr-defined]
        self.fields["inspected"].choices = unit_choices(below, CHOOSE)  # type: ignore[attr-defined]

    def unit(self, name: str) -> OrgUnit:
        return self.units[self.cleaned_data[name]]


class CheckForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(label=_("What was checked"), required=False)
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    figure = forms.CharField(label=pgettext_lazy("supervision", "Figure"), required=False)
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=CheckVerdict.choices, initial=CheckVerdict.OK
    )
    note = forms.CharField(label=_("Note"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(str(data.get(k) or "").strip() for k in ("label", "figure", "note"))

    def data_of(self) -> CheckData:
        data = self.cleaned_data
        return CheckData(
            label=data.get("label") or "",
            source=data.get("source") or "",
            figure=data.get("figure") or "",
            verdict=data.get("verdict") or CheckVerdict.OK,
            note=data.get("note") or "",
        )


class FindingForm(ServiceErrorsMixin, forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    finding = forms.CharField(
        label=pgettext_lazy("supervision", "Finding"), required=False, widget=forms.Textarea
    )
    required = forms.CharField(
        label=_("Rectification required"), required=False, widget=forms.Textarea
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    # Choices from a list read once for every row (a model choice field would read the
    # chosen unit again on each row).
    org_unit = forms.TypedChoiceField(
        label=_("Unit to rectify"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["org_unit"].choices = unit_choices(units, _("The unit visited"))  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        typed = any(str(data.get(k) or "").strip() for k in ("finding", "required"))
        return not typed and data.get("deadline") is None and data.get("pk") is None

    def data_of(self) -> FindingData:
        data = self.cleaned_data
        return FindingData(
            finding=data.get("finding") or "",
            required=data.get("required") or "",
            deadline=data.get("deadline"),
            org_unit=self.units.get(data["org_unit"]) if data.get("org_unit") else None,
            pk=data.get("pk"),
        )


CheckFormSet = formset_factory(CheckForm, extra=2)
FindingFormSet = formset_factory(FindingForm, extra=3)


def place_error(exc: DomainError, form: VisitForm, rows: dict[str, tuple[Any, list[int]]]) -> None:
    """Show a service's refusal beside the field it names (``findings-1-deadline``).

    ``rows`` gives, for each formset's prefix, the formset and the index of the form each
    line sent to the service came from (blank rows are not sent)."""
    name = exc.field or ""
    for prefix, (formset, sent) in rows.items():
        if name.startswith(prefix + "-"):
            index, _sep, field = name[len(prefix) + 1 :].partition("-")
            if index.isdigit() and int(index) < len(sent):
                row = formset.forms[sent[int(index)]]
                row.add_error(field if field in row.fields else None, str(exc.message))
                return
    form.add_domain_error(exc)


class ReportForm(ServiceErrorsMixin, forms.Form):
    """What the unit did; the photos come with it (``request.FILES``)."""

    text = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea)
    link = forms.CharField(
        label=_("Linked record (optional)"),
        required=False,
        help_text=_("The address of a page of Guanai, e.g. /registry/persons/12/"),
    )


class DecisionForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (required to send back)"), required=False, widget=forms.Textarea
    )
