"""The catalogue's form: a service's name, kind and basis, and who qualifies as form fields.

The rules are ticked and typed rather than written as JSON: each field is one key of
``inkind.rules`` (categories, disability types and grades, support modes, "also one of",
not in centralised support, ages, house conditions). ``rules()`` gathers what was filled in
and the service checks it (``rules_clean``), so a rule the page lets through and the API
refuses cannot exist; its refusal is shown beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.inkind.catalogue.services import ServiceData
from guanai.inkind.models import Service, ServiceKind
from guanai.registry import details
from guanai.registry.models import Category, HouseCondition

# The keys of ``inkind.rules`` that hold lists of codes, and those that hold a number.
LISTS = ("categories", "types", "grades", "support", "also", "house")
AGES = ("age_min", "age_max")
SERVICE_FIELDS = ("name", "kind", "basis", "is_project", "needs_serial", "active")


def _ticks(label: Any, choices: Any, *, number: bool = False, help_text: Any = "") -> Any:
    common: dict[str, Any] = {
        "label": label,
        "choices": choices,
        "required": False,
        "widget": forms.CheckboxSelectMultiple,
        "help_text": help_text,
    }
    if number:
        return forms.TypedMultipleChoiceField(coerce=int, **common)
    return forms.MultipleChoiceField(**common)


def _age(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, help_text=_("Whole years; inclusive."))


class ServiceForm(ServiceErrorsMixin, forms.Form):
    """A new service (with its code) or an existing one (its code shown, never changed)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "Lowercase letters, digits and underscores, e.g. walking_frame; it never changes."
        ),
    )
    name = forms.CharField(
        label=pgettext_lazy("service", "Name"),
        max_length=Service._meta.get_field("name").max_length,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[*BLANK, *ServiceKind.choices])
    basis = forms.CharField(
        label=_("Policy basis"),
        required=False,
        widget=forms.Textarea,
        help_text=_("The words of the plan the service comes from."),
    )
    is_project = forms.BooleanField(
        label=_("Delivered as a project (survey, plan, funding, works, acceptance)"),
        required=False,
    )
    needs_serial = forms.BooleanField(
        label=_("A serial number is written on delivery"), required=False
    )
    active = forms.BooleanField(label=_("In use (new requests may be made)"), required=False)
    categories = _ticks(
        _("For persons in one of these categories"),
        Category.choices,
        help_text=_("At least one."),
    )
    types = _ticks(
        _("Disability types (disabled persons only)"), details.DISABILITY_TYPES, number=True
    )
    grades = _ticks(
        _("Disability grades (disabled persons only)"), details.DISABILITY_GRADES, number=True
    )
    support = _ticks(_("Support modes (extremely poor persons and orphans only)"), details.SUPPORT)
    also = _ticks(_("And also in one of these categories"), Category.choices)
    not_centralised = forms.BooleanField(
        label=_("Not in centralised support (not living in a welfare home)"), required=False
    )
    age_min = _age(_("Lowest age"))
    age_max = _age(_("Highest age"))
    house = _ticks(_("House condition"), HouseCondition.choices)

    # The version the form was opened at (optimistic locking), for a service changed.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, service: Service | None = None, **kwargs: Any) -> None:
        if service is not None:
            kwargs.setdefault("initial", initial_of(service))
        super().__init__(*args, **kwargs)
        if service is None:
            del self.fields["version"]
        else:
            del self.fields["code"]

    def rules(self) -> dict[str, Any]:
        """Return the rules filled in, as ``inkind.rules`` reads them (unchecked)."""
        data = self.cleaned_data
        found: dict[str, Any] = {key: list(data[key]) for key in LISTS if data.get(key)}
        found.update({key: data[key] for key in AGES if data.get(key) is not None})
        if data.get("not_centralised"):
            found["not_centralised"] = True
        return found

    def service_data(self) -> ServiceData:
        data = self.cleaned_data
        return ServiceData(**{name: data[name] for name in SERVICE_FIELDS}, rules=self.rules())


def initial_of(service: Service) -> dict[str, Any]:
    """Return the form's values for ``service``: its fields, and each key of its rules."""
    initial: dict[str, Any] = {name: getattr(service, name) for name in SERVICE_FIELDS}
    initial["version"] = service.version
    for key in (*LISTS, *AGES, "not_centralised"):
        if key in service.rules:
            initial[key] = service.rules[key]
    return initial
