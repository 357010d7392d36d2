"""Forms of the early-warning pages: the list's filters, acknowledging one or many, giving
one as a task and closing one with an outcome."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.care.models import RiskLevel, WarningKind, WarningOutcome, WarningStatus
from guanai.care.warnings import selectors, services
from guanai.core.forms import ServiceErrorsMixin
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import UnitChoiceField

NOTE_REQUIRED = gettext_lazy("Write a note: what has been done or will be done about it.")


class WarningFilterForm(forms.Form):
    """The list's filters, kept in the URL; an unknown value is refused, not ignored."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *WarningKind.choices],
        error_messages={"invalid_choice": gettext_lazy("Unknown kind of warning: %(value)s.")},
    )
    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=gettext_lazy("All units"),
        error_messages={"invalid_choice": gettext_lazy("This unit is not one of yours.")},
    )
    risk = forms.ChoiceField(
        label=gettext_lazy("Risk level"),
        required=False,
        choices=[("", gettext_lazy("Any risk level")), *RiskLevel.choices],
        error_messages={"invalid_choice": gettext_lazy("Unknown risk level: %(value)s.")},
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # The status is chosen with the tabs above the filters, not a field among them.
        cleaned = super().clean() or {}
        status = self.data.get("status") or WarningStatus.OPEN
        if status not in WarningStatus.values:
            raise forms.ValidationError(
                gettext_lazy("Unknown status: %(value)s."), params={"value": status}
            )
        cleaned["status"] = status
        return cleaned

    def to_filter(self) -> selectors.WarningFilter:
        """Return the warnings the form asks for (call only once it is valid)."""
        data = self.cleaned_data
        return selectors.WarningFilter(
            kind=data.get("kind") or "",
            unit=data.get("unit"),
            status=data["status"],
            risk=data.get("risk") or "",
        )


class AcknowledgeForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=services.NOTE_LENGTH,
        widget=forms.Textarea,
        help_text=gettext_lazy("What has been done, or will be done, about it."),
    )


class BulkAcknowledgeForm(ServiceErrorsMixin, forms.Form):
    """One note for the warnings ticked on the list (``w``, each with its version ``v<pk>``),
    or for all the warnings matching the list's filter."""

    note = forms.CharField(
        label=gettext_lazy("Note for all the chosen warnings"),
        max_length=services.NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": NOTE_REQUIRED},
    )
    all_matching = forms.BooleanField(required=False)

    def chosen(self) -> dict[int, int | None] | None:
        """Return the ticked warnings with the versions seen (None if a key is no number)."""
        data: QueryDict = self.data  # type: ignore[assignment]
        versions: dict[int, int | None] = {}
        for text in data.getlist("w"):
            if not (text.isascii() and text.isdigit()):
                return None
            seen = data.get(f"v{text}", "")
            versions[int(text)] = int(seen) if seen.isascii() and seen.isdigit() else None
        return versions


class AssignForm(ServiceErrorsMixin, forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Give it to"),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Choose a person"),
        error_messages={
            "invalid_choice": gettext_lazy("Choose someone who may act for this person."),
            "required": gettext_lazy("Choose someone who may act for this person."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Task note"),
        required=False,
        max_length=services.TASK_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("What to do, optional."),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, assignees: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = assignees  # type: ignore[attr-defined]
        field.label_from_instance = _assignee_label  # type: ignore[attr-defined]


def _assignee_label(user: User) -> str:
    name = user.get_full_name() or user.get_username()
    if getattr(user, "paired", False):
        return str(gettext_lazy("%(name)s (paired helper)") % {"name": name})
    return name


class CloseForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("What came of it"),
        choices=WarningOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what came of it.")},
    )
    outcome_note = forms.CharField(
        label=gettext_lazy("In a sentence"),
        required=False,
        max_length=services.OUTCOME_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when the outcome is “Other”."),
    )
