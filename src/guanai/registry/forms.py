"""Forms of the roster pages. They parse input; the services decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.core.idnumber import check_consistency, parse_id
from guanai.core.names import check_name_characters
from guanai.core.phone import parse_phone
from guanai.orgs.models import OrgUnit
from guanai.registry import details as category_details
from guanai.registry.details import DetailField, Kind
from guanai.registry.models import (
    ETHNICITIES,
    ArchiveReason,
    Category,
    ContactKind,
    Gender,
    Health,
    HouseCondition,
    SchoolingStatus,
)
from guanai.registry.selectors import PersonFilter
from guanai.registry.services import PERSON_NOTE_MAX


class UnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, pinyin, initials or ID number"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("All units")
    )
    school_class = forms.CharField(label=_("Grade or class"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))],
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_filter(self) -> PersonFilter:
        """Return the search the form asks for (the whole active roster if it is invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        return PersonFilter(
            q=data.get("q") or "",
            category=data.get("category") or "",
            unit=data.get("unit"),
            school_class=data.get("school_class") or "",
            status=data.get("status") or "active",
        )


class PersonForm(ServiceErrorsMixin, forms.Form):
    org_unit = UnitChoiceField(label=_("Managing unit"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Full name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        help_text=_("Birth date and gender are taken from it."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=BLANK + Gender.choices, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), choices=BLANK + [(e, e) for e in ETHNICITIES], required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    hukou_place = forms.CharField(label=_("Household registration"), max_length=200, required=False)
    address = forms.CharField(label=_("Current address"), max_length=200, required=False)
    school = UnitChoiceField(label=_("School"), queryset=OrgUnit.objects.none(), required=False)
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    class_name = forms.CharField(label=_("Class"), max_length=20, required=False)
    boarding = forms.BooleanField(label=_("Boarding"), required=False)
    schooling_status = forms.ChoiceField(
        label=_("Schooling"), choices=BLANK + SchoolingStatus.choices, required=False
    )
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices)
    house_condition = forms.ChoiceField(
        label=_("House condition"), choices=BLANK + HouseCondition.choices, required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=PERSON_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], schools: QuerySet[OrgUnit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]

    # The service checks all of this again; checking it here too puts every mistake of a
    # form next to its field in one round, not the service's first one after the form's.
    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        _raise_for_field(check_name_characters, name)
        return name

    def clean_id_number(self) -> str:
        number: str = self.cleaned_data["id_number"]
        if number:
            _raise_for_field(parse_id, number)
        return number

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        if phone:
            _raise_for_field(parse_phone, phone)
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("birth_date")
        if born is not None and born > timezone.localdate():
            self.add_error("birth_date", _("The birth date is in the future."))
        elif born is not None:
            try:
                check_plausible_day(born, field="birth_date")
            except ValidationFailed as exc:
                self.add_error("birth_date", str(exc.message))
        if data.get("id_number") and "birth_date" not in self.errors:
            try:
                check_consistency(
                    parse_id(data["id_number"]),
                    birth_date=data.get("birth_date"),
                    gender=data.get("gender") or None,
                )
            except ValidationFailed as exc:
                self.add_error(exc.field if exc.field in self.fields else None, str(exc.message))
        return data


def _raise_for_field(parse: Callable[[str], object], text: str) -> None:
    """Run a core parser on ``text``; its refusal becomes the field's error."""
    try:
        parse(text)
    except ValidationFailed as exc:
        raise forms.ValidationError(str(exc.message)) from exc


class ArchiveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=BLANK + ArchiveReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ConsentForm(ServiceErrorsMixin, forms.Form):
    given_by = forms.CharField(label=_("Consented by"), max_length=50)
    relation = forms.CharField(label=_("Relation"), max_length=20)
    given_on = forms.DateField(
        label=_("Date of consent"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.CharField(
        label=_("Scope"),
        max_length=200,
        initial=_("Registration, care records and reports to the authorities"),
    )
    purpose = forms.CharField(
        label=_("Purpose of processing"),
        max_length=200,
        initial=_("Care and assistance for the child"),
    )


class TransferForm(forms.Form):
    to_unit = forms.CharField(
        label=_("Receiving unit"),
        max_length=100,
        help_text=_("Its full name or division code, e.g. 兴隆镇中心小学."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    handover_note = forms.CharField(
        label=_("Handover note for the receiving unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _detail_field(spec: DetailField) -> forms.Field:
    """Return the form field of a category detail; the service checks the value."""
    if spec.kind is Kind.CHOICE:
        choices = [(str(code), label) for code, label in spec.choices]
        return forms.ChoiceField(label=str(spec.label), choices=BLANK + choices, required=False)
    if spec.kind is Kind.PAST_DATE:
        return _date_field(str(spec.label), required=False)
    return forms.CharField(
        label=str(spec.label),
        max_length=spec.max_length,
        required=False,
        help_text=str(spec.help_text),
    )


class CategoryChoiceForm(forms.Form):
    """Choose the category to add; the next page asks for its own details."""

    category = forms.ChoiceField(label=_("Category"), choices=BLANK + Category.choices)

    def __init__(self, *args: Any, exclude: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code, label) for code, label in Category.choices if code not in exclude]
        self.fields["category"].choices = BLANK + choices  # type: ignore[attr-defined]


class CategoryForm(ServiceErrorsMixin, forms.Form):
    """A category's start date (when it is added), its own details and a note.

    The detail fields depend on the category (``registry.details``): one form per category,
    built here, so that the page needs no script to show the right ones.
    """

    def __init__(self, *args: Any, category: str, start: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category = category
        if start:
            self.fields["started_on"] = _date_field(_("From"), initial=timezone.localdate)
        for spec in category_details.fields_for(category):
            self.fields[spec.key] = _detail_field(spec)
        self.fields["note"] = forms.CharField(label=_("Note"), max_length=200, required=False)

    def details(self) -> dict[str, Any]:
        """Return the details as entered, for the service to check."""
        return {
            spec.key: self.cleaned_data.get(spec.key)
            for spec in category_details.fields_for(self.category)
        }


class CategoryEndForm(ServiceErrorsMixin, forms.Form):
    ended_on = _date_field(_("Until"), initial=timezone.localdate)


class GuardianshipForm(ServiceErrorsMixin, forms.Form):
    guardianship = forms.ChoiceField(
        label=_("Guardianship"), choices=BLANK + list(category_details.GUARDIANSHIP)
    )
    guardianship_assessed_on = _date_field(_("Assessed on"), initial=timezone.localdate)


class ContactForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    name = forms.CharField(label=_("Full name"), max_length=50)
    relation = forms.CharField(
        label=_("Relation"),
        max_length=20,
        required=False,
        help_text=_("To the person, e.g. 祖母, 父亲, 邻居."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    works_away_at = forms.CharField(
        label=_("Works away at"),
        max_length=100,
        required=False,
        help_text=_("For a parent working away: the city or the employer."),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("ID number"), max_length=30, required=False, help_text=_("Optional.")
    )
    is_guardian = forms.BooleanField(label=_("Is a guardian"), required=False)
