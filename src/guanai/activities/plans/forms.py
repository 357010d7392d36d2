"""Forms of the plan pages: they parse input only; the services decide (lengths included,
so that the page and a later API refuse over-long text with the same message)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from guanai.activities.models.kinds import EventKind
from guanai.activities.models.plans import ActivityPlan, PlanItem, PlanTerm
from guanai.activities.plans.services import ItemData
from guanai.activities.plans.templates_data import (
    SCHOOL_YEAR_MONTHS,
    TEMPLATES,
    school_month_year,
)
from guanai.core.forms import BLANK, STALE, ModelChoiceField, ServiceErrorsMixin
from guanai.orgs.models import OrgUnit


class UnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PlanNewForm(ServiceErrorsMixin, forms.Form):
    unit = UnitChoiceField(label=gettext_lazy("Unit"), queryset=OrgUnit.objects.none())
    # The template's name is the plan's own title (Chinese data, as in templates_data).
    template = forms.ChoiceField(
        label=gettext_lazy("Template"),
        choices=BLANK + [(t.code, f"{t.name}（{t.source}）") for t in TEMPLATES.values()],
    )
    school_year = forms.IntegerField(
        label=gettext_lazy("School year"),
        help_text=gettext_lazy("The year it starts in: 2026 for 2026–2027."),
    )
    term = forms.ChoiceField(label=gettext_lazy("Term"), choices=PlanTerm.choices, required=False)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PlanTitleForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), strip=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def month_choices(plan: ActivityPlan) -> list[tuple[str, str]]:
    """Return the twelve months of the plan's school year, September first."""
    months = [date(school_month_year(plan.school_year, m), m, 1) for m in SCHOOL_YEAR_MONTHS]
    return [(m.isoformat(), date_format(m, "YEAR_MONTH_FORMAT")) for m in months]


class ItemForm(ServiceErrorsMixin, forms.Form):
    month = forms.ChoiceField(label=gettext_lazy("Month"))
    on = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        help_text=gettext_lazy("Leave empty while the day is not fixed; the month is kept."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    title = forms.CharField(label=gettext_lazy("Activity"), strip=True)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EventKind.choices)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    responsible = forms.CharField(label=gettext_lazy("Responsible"), required=False, strip=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, plan: ActivityPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(plan)  # type: ignore[attr-defined]

    def to_data(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            month=date.fromisoformat(data["month"]),
            on=data["on"],
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            responsible=data["responsible"],
        )

    def opened_version(self) -> int:
        version = self.cleaned_data.get("version")
        return STALE if version is None else int(version)


def item_initial(item: PlanItem, version: int) -> dict[str, Any]:
    return {
        "month": item.month.isoformat(),
        "on": item.on,
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "responsible": item.responsible,
        "version": version,
    }
