"""The assessment pages' forms: a year's survey and note, and a county's score sheet. Each
hands a service its data; the service checks the rules and its refusal is shown beside the
field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import ServiceErrorsMixin
from guanai.institutions.assessment.services import AssessmentData, SheetData
from guanai.institutions.models import Assessment
from guanai.institutions.models.assessment import DEFAULT_SHEET
from guanai.orgs.models import OrgUnit

DATE = {"type": "date"}
# Wide bounds: the services refuse what is out of range with their own message.
BIG = 10_000_000


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class AssessmentForm(ServiceErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=-BIG, max_value=BIG)
    respondents = forms.IntegerField(
        label=_("Survey respondents"),
        min_value=-BIG,
        max_value=BIG,
        help_text=_("Residents or family members who answered the satisfaction survey."),
    )
    satisfied = forms.IntegerField(label=_("Satisfied respondents"), min_value=-BIG, max_value=BIG)
    note = forms.CharField(
        label=_("Assessor's note"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    assessed_on = _date(_("Assessed on"))

    def __init__(self, *args: Any, fixed_year: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_year:
            self.fields["year"].disabled = True

    @staticmethod
    def initial_of(assessment: Assessment | None, today: date) -> dict[str, Any]:
        if assessment is None:
            return {"year": today.year, "assessed_on": today}
        return {
            "year": assessment.year,
            "respondents": assessment.respondents,
            "satisfied": assessment.satisfied,
            "note": assessment.note,
            "assessed_on": assessment.assessed_on,
        }

    def to_data(self) -> AssessmentData:
        c = self.cleaned_data
        return AssessmentData(
            year=c["year"],
            respondents=c["respondents"],
            satisfied=c["satisfied"],
            note=c["note"],
            assessed_on=c["assessed_on"],
        )


def _points(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=-BIG, max_value=BIG)


class ScoreSheetForm(ServiceErrorsMixin, forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=100_000)
    valid_from = _date(_("Valid from"))
    checklist_weight = _points(_("Checklist compliance (points)"))
    delivery_weight = _points(_("Service delivery (points)"))
    satisfaction_weight = _points(_("Satisfaction (points)"))
    target_minutes = forms.IntegerField(
        label=_("Minutes of service per resident per month for full marks"),
        min_value=-BIG,
        max_value=BIG,
    )
    excellent = _points(_("Excellent from"))
    good = _points(_("Good from"))
    passing = _points(_("Pass from"))

    def __init__(self, *args: Any, units: Sequence[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        self.units = {u.pk: u for u in units}

    @staticmethod
    def initial_for(today: date) -> dict[str, Any]:
        return {"valid_from": date(today.year, 1, 1), **DEFAULT_SHEET}

    def chosen_unit(self) -> OrgUnit:
        return self.units[self.cleaned_data["unit"]]

    def to_data(self) -> SheetData:
        return SheetData(**{k: v for k, v in self.cleaned_data.items() if k != "unit"})
