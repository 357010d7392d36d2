"""The institutions pages' forms: the profile, a staff member, a training, a certificate,
the evidence of a manual checklist item. Each hands a service its data; the service
checks the rules and its refusal is shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.institutions.models import (
    Facility,
    Institution,
    InstitutionCategory,
    InstitutionType,
    ItemCheck,
    ItemStatus,
    Operator,
    Premises,
    Staff,
    StaffRole,
    TrainingKind,
)
from guanai.institutions.register import ProfileData
from guanai.institutions.roster import StaffData

DATE = {"type": "date"}


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )


class ProfileForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("institution", "Category"),
        choices=InstitutionCategory.choices,
        initial=InstitutionCategory.CARE,
        required=False,
        help_text=_(
            "An elder or welfare home (five-guarantee and three-no persons in centralised "
            "support) has no service-standard checklist."
        ),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=BLANK + InstitutionType.choices,
        required=False,
        help_text=_("Required for a care institution; an elder or welfare home is residential."),
    )
    operator = forms.ChoiceField(label=_("Operator"), choices=BLANK + Operator.choices)
    premises = forms.ChoiceField(label=_("Premises"), choices=BLANK + Premises.choices)
    lease_years = forms.IntegerField(
        label=_("Lease in years"),
        required=False,
        min_value=0,
        max_value=10_000,
        help_text=_("For leased premises: the years the lease agreement runs."),
    )
    capacity = forms.IntegerField(label=_("Beds or places"), min_value=0, max_value=10_000_000)
    facilities = forms.MultipleChoiceField(
        label=_("Facilities"),
        choices=Facility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    barrier_free = forms.BooleanField(label=_("Barrier-free facilities"), required=False)
    fire_certificate = forms.BooleanField(label=_("Fire-safety certificate"), required=False)
    medical_department = forms.BooleanField(label=_("Medical department"), required=False)
    sunshine_home = forms.BooleanField(
        label=_("Funded by the Sunshine Home programme"), required=False
    )
    registration = forms.CharField(
        label=_("Registration documents"),
        required=False,
        max_length=10_000,
        help_text=_("Which registration and approvals it holds, e.g. 民办非企业单位登记证书."),
    )
    funding_source = forms.CharField(label=_("Funding source"), required=False, max_length=10_000)

    @staticmethod
    def initial_of(institution: Institution | None) -> dict[str, Any]:
        if institution is None:
            return {"capacity": 0, "category": InstitutionCategory.CARE}
        return {name: getattr(institution, name) for name in ProfileData.__dataclass_fields__}

    def to_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            category=data["category"] or InstitutionCategory.CARE,
            type=data["type"],
            operator=data["operator"],
            premises=data["premises"],
            lease_years=data["lease_years"],
            registration=data["registration"],
            funding_source=data["funding_source"],
            sunshine_home=data["sunshine_home"],
            capacity=data["capacity"],
            facilities=data["facilities"],
            barrier_free=data["barrier_free"],
            fire_certificate=data["fire_certificate"],
            medical_department=data["medical_department"],
        )


class StaffForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=1000)
    role = forms.ChoiceField(label=_("Role"), choices=BLANK + StaffRole.choices)
    full_time = forms.BooleanField(label=_("Full time"), required=False, initial=True)
    birth_date = _date(_("Birth date"))
    relevant_study = forms.CharField(
        label=_("Relevant study"),
        required=False,
        max_length=1000,
        help_text=_("Social work, welfare or rehabilitation study, e.g. 社会工作专业本科."),
    )
    is_active = forms.BooleanField(label=_("On the staff"), required=False, initial=True)

    @staticmethod
    def initial_of(staff: Staff) -> dict[str, Any]:
        return {name: getattr(staff, name) for name in StaffData.__dataclass_fields__}

    def to_data(self) -> StaffData:
        data = self.cleaned_data
        return StaffData(
            name=data["name"],
            role=data["role"],
            birth_date=data["birth_date"],
            full_time=data["full_time"],
            relevant_study=data["relevant_study"],
            is_active=data["is_active"],
        )


class TrainingForm(ServiceErrorsMixin, forms.Form):
    on = _date(_("Date"))
    title = forms.CharField(label=_("Title"), max_length=1000)
    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + TrainingKind.choices)


class QualificationForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Certificate"), max_length=1000)
    number = forms.CharField(label=_("Certificate number"), required=False, max_length=1000)
    issued_on = _date(_("Issued on"), required=False)
    expires_on = _date(_("Valid until"), required=False)


class EvidenceForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=BLANK + ItemStatus.choices)
    note = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was seen or read, e.g. 营业执照、服务指南张贴在大厅."),
    )
    checked_on = _date(_("Checked on"))

    @staticmethod
    def initial_of(check: ItemCheck | None, today: Any) -> dict[str, Any]:
        if check is None:
            return {"checked_on": today}
        return {"status": check.status, "note": check.note, "checked_on": check.checked_on}
