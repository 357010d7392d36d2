"""The leading group's forms. Each hands its service the data; the service checks the rules
and its refusal is shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.accounts.models import User
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.governance.groups.services import DutiesData, GroupData, MemberData
from guanai.governance.models import GroupMember, LeadingGroup, Post
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


def day_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def version_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


def _limit(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


class GroupForm(ServiceErrorsMixin, forms.Form):
    unit = ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    name = forms.CharField(
        label=pgettext_lazy("leading group", "Name"),
        max_length=_limit(LeadingGroup, "name"),
        help_text=_("For example 爱心帮扶工作领导小组."),
    )
    office = forms.CharField(
        label=pgettext_lazy("leading group", "Office"),
        required=False,
        max_length=_limit(LeadingGroup, "office"),
        help_text=_("Where the office sits and what it does, e.g. 办公室设在乡民政办."),
    )
    remit = forms.CharField(
        label=_("Remit"),
        required=False,
        max_length=_limit(LeadingGroup, "remit"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    established_on = day_field(_("Set up on"))
    version = version_field()

    def __init__(self, *args: Any, units: QuerySet[OrgUnit] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the unit stays the group's
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
            del self.fields["version"]

    def data_of(self) -> GroupData:
        data = self.cleaned_data
        return GroupData(
            name=data["name"],
            office=data.get("office") or "",
            remit=data.get("remit") or "",
            established_on=data["established_on"],
        )

    @staticmethod
    def initial_of(group: LeadingGroup) -> dict[str, Any]:
        return {
            "name": group.name,
            "office": group.office,
            "remit": group.remit,
            "established_on": group.established_on,
            "version": group.version,
        }


class DissolveForm(ServiceErrorsMixin, forms.Form):
    dissolved_on = day_field(_("Dissolved on"))
    version = version_field()


class MemberAddForm(ServiceErrorsMixin, forms.Form):
    post = forms.ChoiceField(
        label=pgettext_lazy("group member", "Post"), choices=BLANK + Post.choices
    )
    user = ModelChoiceField(
        label=_("Account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "A user of Guanai; their name is copied. Leave empty for a person without an account."
        ),
    )
    name = forms.CharField(
        label=pgettext_lazy("group member", "Name"),
        required=False,
        max_length=_limit(GroupMember, "name"),
        help_text=_("Only for a member without an account."),
    )
    title = forms.CharField(
        label=_("Position held"),
        required=False,
        max_length=_limit(GroupMember, "title"),
        help_text=_("For example 乡党委书记 or 学校校长."),
    )
    duties = forms.CharField(
        label=_("Duties"),
        required=False,
        max_length=_limit(GroupMember, "duties"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    start_on = day_field(_("From"))

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]

    def data_of(self) -> MemberData:
        data = self.cleaned_data
        return MemberData(
            post=data["post"],
            user=data.get("user"),
            name=data.get("name") or "",
            title=data.get("title") or "",
            duties=data.get("duties") or "",
            start_on=data["start_on"],
        )


class DutiesForm(ServiceErrorsMixin, forms.Form):
    title = MemberAddForm.base_fields["title"]
    duties = MemberAddForm.base_fields["duties"]
    units = forms.ModelMultipleChoiceField(
        label=_("Units responsible for"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    persons = forms.ModelMultipleChoiceField(
        label=_("Persons responsible for"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Only the persons you can read are listed; others already set are kept."),
    )
    version = version_field()

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        persons: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["persons"].queryset = persons  # type: ignore[attr-defined]

    def data_of(self) -> DutiesData:
        data = self.cleaned_data
        return DutiesData(
            title=data.get("title") or "",
            duties=data.get("duties") or "",
            units=list(data.get("units") or []),
            persons=list(data.get("persons") or []),
        )


class MemberEndForm(ServiceErrorsMixin, forms.Form):
    end_on = day_field(_("Last day"))
    version = version_field()


class MemberPostForm(ServiceErrorsMixin, forms.Form):
    post = forms.ChoiceField(label=_("New post"), choices=BLANK + Post.choices)
    start_on = day_field(_("From"))
    version = version_field()
