"""The practical-matters pages' forms: the list's chooser and filter, a matter, and one form
per step (progress, done, drop).

The forms only read what was typed; the services (``matters.services``) check the rules and
their refusal is shown beside the field it names (the names here are the services').
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.accounts.models import User
from guanai.core.forms import ModelChoiceField, ServiceErrorsMixin
from guanai.core.numbers import MAX_LENGTH
from guanai.core.photos import MAX_PHOTO_BYTES
from guanai.core.text import column_limit
from guanai.governance.matters.selectors import OVERDUE
from guanai.governance.matters.services import PHOTOS_PER_UPDATE
from guanai.governance.models import MatterStatus, MatterUpdate, PracticalMatter
from guanai.orgs.models import OrgUnit
from guanai.registry.forms import UnitChoiceField


def _day(label: Any, **extra: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **extra,
    )


def _text(model: Any, name: str, label: Any, *, rows: int = 0, **extra: Any) -> forms.CharField:
    """A text field as long as the column; never required here (the service says so)."""
    if rows:
        extra.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
    return forms.CharField(
        label=label, max_length=column_limit(model, name), required=False, **extra
    )


class OwnerChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.get_username())


class ListForm(forms.Form):
    """The list's unit, year and status (GET); a wrong value chooses nothing."""

    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=OrgUnit.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, choices=())
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            *MatterStatus.choices,
            (OVERDUE, pgettext_lazy("practical matter", "Overdue")),
        ],
    )

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year"].choices = [(y, y) for y in years]  # type: ignore[attr-defined]


class MatterForm(ServiceErrorsMixin, forms.Form):
    title = _text(
        PracticalMatter,
        "title",
        pgettext_lazy("practical matter", "Matter"),
        help_text=_("For example 为30名留守儿童开通亲情电话."),
    )
    detail = _text(PracticalMatter, "detail", _("Detail"), rows=3)
    lead_unit = UnitChoiceField(label=_("Responsible unit"), queryset=OrgUnit.objects.none())
    owner = OwnerChoiceField(label=_("Responsible person"), queryset=User.objects.none())
    deadline = _day(_("Deadline"), help_text=_("Within the year of the list."))
    target = forms.CharField(
        label=_("Target figure"),
        required=False,
        max_length=MAX_LENGTH,
        help_text=_("Where a number fits, e.g. 30; leave empty otherwise."),
    )
    target_unit = _text(
        PracticalMatter, "target_unit", _("Unit of count"), help_text=_("For example 名, 所, 户.")
    )

    def __init__(
        self,
        *args: Any,
        lead_units: QuerySet[OrgUnit],
        owners: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = lead_units  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        # The service refuses a missing unit or person in its own words.
        self.fields["lead_unit"].required = False
        self.fields["owner"].required = False


class ProgressForm(ServiceErrorsMixin, forms.Form):
    """An update; the photos come with it (``request.FILES``)."""

    on = _day(_("Date"), help_text=_("Today when left empty."))
    text = _text(MatterUpdate, "text", _("What was done"), rows=3)
    reached = forms.CharField(
        label=_("Figure reached so far"), required=False, max_length=MAX_LENGTH
    )
    link = _text(
        MatterUpdate,
        "link",
        _("Linked record"),
        help_text=_("The address of a page of Guanai that shows the work, e.g. an event."),
    )


# What the photo input says, as the form shows it.
PHOTO_HELP = _(
    "At most %(count)s photos, JPEG or PNG, %(size)s MB each. A photo or a linked record "
    "is the evidence a matter needs to be marked done."
)
PHOTO_LIMITS = {"count": PHOTOS_PER_UPDATE, "size": MAX_PHOTO_BYTES // (1024 * 1024)}


class DoneForm(ServiceErrorsMixin, forms.Form):
    done_on = _day(_("Done on"), help_text=_("Today when left empty."))


class DropForm(ServiceErrorsMixin, forms.Form):
    dropped_reason = _text(PracticalMatter, "dropped_reason", _("Why it is dropped"), rows=2)
