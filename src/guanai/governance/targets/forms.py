"""The target pages' forms: the list's unit, a target with its milestones, a figure entered.
Each hands the service the data; the service checks the rules and its refusal is shown
beside the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from guanai.core.forms import ModelChoiceField, ServiceErrorsMixin
from guanai.core.text import quoted
from guanai.governance.extensions import target_sources
from guanai.governance.models import Direction, Target, TargetEntry, ValueKind
from guanai.governance.targets.services import TargetData
from guanai.orgs.models import OrgUnit

# One milestone a line: "2025 30", "2025: 30", "2025：30" or "2025=30".
MILESTONE_LINE = re.compile(r"^\s*(\d{4})\s*[:：=\s]\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*$")
MILESTONES_MAX_LENGTH = 400


class UnitForm(forms.Form):
    """The list's unit (GET)."""

    unit = ModelChoiceField(label=gettext_lazy("Unit"), queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


def source_choices() -> list[tuple[str, str]]:
    """Return the sources offered on the form: entered by hand, then each on-form source."""
    offered = [(code, str(s.label)) for code, s in target_sources().items() if s.on_form]
    return [("", _("Entered by hand, with evidence")), *sorted(offered, key=lambda c: c[0])]


def milestones_text(milestones: dict[int, Decimal]) -> str:
    return "\n".join(f"{year} {value.normalize():f}" for year, value in sorted(milestones.items()))


class TargetForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(label=gettext_lazy("Unit"), queryset=OrgUnit.objects.none())
    title = forms.CharField(
        label=pgettext_lazy("target", "Title"),
        max_length=Target._meta.get_field("title").max_length,
        help_text=gettext_lazy("For example 三年内五保集中供养率达到40%."),
    )
    source = forms.ChoiceField(label=pgettext_lazy("target", "Figures"), choices=[], required=False)
    value_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of figure"),
        choices=ValueKind.choices,
        help_text=gettext_lazy("For a figure entered by hand; a computed one is a percentage."),
    )
    direction = forms.ChoiceField(
        label=gettext_lazy("Reached when the figure is"),
        choices=Direction.choices,
        help_text=gettext_lazy("For a figure entered by hand (dangerous houses: at most 0)."),
    )
    base_year = forms.IntegerField(label=gettext_lazy("Base year"), min_value=0, max_value=9999)
    final_year = forms.IntegerField(label=gettext_lazy("Final year"), min_value=0, max_value=9999)
    baseline = forms.DecimalField(
        label=gettext_lazy("Figure when the target was set"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=gettext_lazy("Milestones follow a straight line from it to the goal."),
    )
    goal = forms.DecimalField(
        label=pgettext_lazy("target", "Goal in the final year"), max_digits=12, decimal_places=2
    )
    milestones = forms.CharField(
        label=gettext_lazy("Milestones"),
        required=False,
        max_length=MILESTONES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One line a year: the year and the figure, e.g. 2025 30. A year left out follows "
            "the straight line; the final year's milestone is the goal."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea)
    # The version the form was opened at (editing only; ``core.forms.posted_version``).
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the unit stays the target's
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
            del self.fields["version"]
        self.fields["source"].choices = source_choices()  # type: ignore[attr-defined]

    def clean_milestones(self) -> dict[int, Decimal]:
        found: dict[int, Decimal] = {}
        for line in (self.cleaned_data.get("milestones") or "").splitlines():
            if not line.strip():
                continue
            match = MILESTONE_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("Write each milestone as the year and the figure, e.g. 2025 30: “%(line)s”.")
                    % {"line": quoted(line.strip())}
                )
            year = int(match.group(1))
            if year in found:
                raise forms.ValidationError(
                    _("The year %(year)s has two milestones.") % {"year": year}
                )
            try:
                found[year] = Decimal(match.group(2))
            except InvalidOperation as exc:  # pragma: no cover - the pattern allows none
                raise forms.ValidationError(_("Enter a number.")) from exc
        return found

    def data_of(self) -> TargetData:
        data = self.cleaned_data
        return TargetData(
            title=data["title"],
            source=data.get("source") or "",
            value_kind=data["value_kind"],
            direction=data["direction"],
            base_year=data["base_year"],
            final_year=data["final_year"],
            baseline=data.get("baseline"),
            goal=data["goal"],
            milestones=data.get("milestones") or {},
            note=data.get("note") or "",
        )

    @staticmethod
    def initial_of(target: Target, milestones: dict[int, Decimal]) -> dict[str, Any]:
        return {
            "title": target.title,
            "source": target.source,
            "value_kind": target.value_kind,
            "direction": target.direction,
            "base_year": target.base_year,
            "final_year": target.final_year,
            "baseline": target.baseline,
            "goal": target.goal,
            "milestones": milestones_text(milestones),
            "note": target.note,
            "version": target.version,
        }


class EntryForm(ServiceErrorsMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=0, max_value=9999)
    value = forms.DecimalField(
        label=pgettext_lazy("target", "Figure"), max_digits=12, decimal_places=2, min_value=0
    )
    evidence = forms.CharField(
        label=pgettext_lazy("target", "Evidence"),
        max_length=TargetEntry._meta.get_field("evidence").max_length,
        help_text=gettext_lazy("Where the figure comes from: a report, a count, a visit."),
    )
