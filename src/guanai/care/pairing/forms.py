"""Forms of the pairing pages: they parse input; the services in ``services`` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.care.models import HelperRole
from guanai.care.pairing import coverage, services
from guanai.core.forms import ModelChoiceField, ServiceErrorsMixin
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import PersonFilterForm, UnitChoiceField
from guanai.registry.models import Category

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HelperChoiceField(ModelChoiceField):
    """Staff by name and unit (``eligibility.helpers_offered``), never by user name."""

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
        max_length=services.BUDDY_NAME_LENGTH,
        required=False,
        help_text=gettext_lazy("Only for a study buddy without an account: a fellow pupil."),
    )
    started_on = forms.DateField(label=gettext_lazy("From"), widget=DATE_INPUT)
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=services.NOTE_LENGTH, required=False
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
        label=gettext_lazy("Note"), max_length=services.NOTE_LENGTH, required=False
    )

    def __init__(self, *args: Any, helpers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers  # type: ignore[attr-defined]


class PairingEndForm(ServiceErrorsMixin, forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Until"), widget=DATE_INPUT)
    # Not required here: the service says what is missing, in the clerk's words.
    end_reason = forms.CharField(
        label=gettext_lazy("Reason for ending"), max_length=services.REASON_LENGTH, required=False
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

    def to_filter(self) -> coverage.CoverageFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return coverage.CoverageFilter(unit=data.get("unit"), category=data.get("category") or "")


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
