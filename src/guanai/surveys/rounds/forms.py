"""The rounds pages' forms: a new round, the case list's filters, an assignment, a person
not reached, a person found. Each hands its service the data; the service checks the rules
and its refusal is shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.accounts.models import User
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Gender
from guanai.surveys.models import CaseStatus, FormVersion, Round
from guanai.surveys.rounds.selectors import usable_forms


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class FormChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.questionnaire.title} · v{obj.number}"


class RoundForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    title = forms.CharField(
        label=pgettext_lazy("survey", "Title"),
        max_length=Round._meta.get_field("title").max_length,
        help_text=_("For example 2027年春季摸底排查."),
    )
    form = FormChoiceField(label=_("Questionnaire"), queryset=FormVersion.objects.none())
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        ).order_by("path")
        self.fields["form"].queryset = usable_forms(units)  # type: ignore[attr-defined]


class CaseFilterForm(forms.Form):
    """The case list's filters (GET): each empty value filters nothing."""

    unit = ModelChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All units")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *CaseStatus.choices], required=False
    )
    assignee = ModelChoiceField(
        label=_("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )
    unassigned = forms.ChoiceField(
        label=_("Assignment"),
        choices=[("", _("All")), ("yes", _("Not assigned yet"))],
        required=False,
    )
    found = forms.ChoiceField(
        label=_("On file"),
        choices=[("", _("All")), ("no", _("On file")), ("yes", _("Found, not on file before"))],
        required=False,
    )

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], users: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = users  # type: ignore[attr-defined]


class AssignForm(ServiceErrorsMixin, forms.Form):
    case_ids = forms.TypedMultipleChoiceField(
        label=_("Persons"),
        coerce=int,
        choices=[],
        required=False,
    )
    # Every case the filter matches, on every page: a clerk gives a whole school at once.
    all_matching = forms.BooleanField(required=False)
    assignee = ModelChoiceField(label=_("Helper"), queryset=User.objects.none(), required=False)
    unassign = forms.BooleanField(required=False)

    def __init__(
        self, *args: Any, case_ids: list[int], users: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_ids"].choices = [(pk, pk) for pk in case_ids]  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = users  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("case_ids") and not data.get("all_matching"):
            self.add_error("case_ids", _("Tick at least one person."))
        if not data.get("unassign") and data.get("assignee") is None:
            self.add_error("assignee", _("Choose the helper."))
        return data


class UnreachableForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why could the person not be reached?"),
        max_length=200,
        help_text=_("For example 外出务工联系不上, 已搬离, 已去世."),
    )


class FoundForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(label=_("Unit where the person lives"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Full name"), max_length=50)
    category = forms.ChoiceField(label=_("Category"), choices=[])
    gender = forms.ChoiceField(label=_("Gender"), choices=BLANK + Gender.choices, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    where = forms.CharField(label=_("Village or school"), max_length=100, required=False)

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], categories: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        labels = dict(Category.choices)
        self.fields["category"].choices = BLANK + [  # type: ignore[attr-defined]
            (c, labels[c]) for c in categories if c in labels
        ]
