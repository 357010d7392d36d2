"""Forms of the early-warning pages: the list's filters and the acknowledgement's note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from guanai.care.models import WarningKind
from guanai.care.warnings import selectors, services
from guanai.core.forms import ServiceErrorsMixin
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import UnitChoiceField


class WarningFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *WarningKind.choices],
    )
    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=gettext_lazy("All units"),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_filter(self, status: str) -> selectors.WarningFilter:
        """Return the warnings the form asks for (all kinds and units if it is invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.WarningFilter(
            kind=data.get("kind") or "", unit=data.get("unit"), status=status
        )


class AcknowledgeForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=services.NOTE_LENGTH,
        widget=forms.Textarea,
        help_text=gettext_lazy("What has been done, or will be done, about it."),
    )
