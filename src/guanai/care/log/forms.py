"""Forms of the care-log pages: a care record, a risk level, a frequency rule.

They parse input; the services in ``log.services``, ``risk`` and ``rules`` decide.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from guanai.accounts.forms import OrgUnitChoiceField
from guanai.care.log.services import RecordData
from guanai.care.models import (
    AREAS,
    RATING_MAX,
    RATING_MIN,
    CareKind,
    CareRecord,
    HelperRole,
    Parent,
    Period,
    RiskAssessment,
    RiskLevel,
    RuleTarget,
)
from guanai.care.rules import MAX_DAYS, MAX_TIMES, RuleData
from guanai.care.work_filters import SEARCH_MAX, SchoolClass, WorkFilter
from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.core.text import column_limit
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person

AREA_LABELS = {
    "study": _("Study"),
    "life": _("Daily life"),
    "mood": _("Mood"),
    "friends": _("Friends"),
    "health": _("Health"),
}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CareRecordForm(ServiceErrorsMixin, forms.Form):
    """A talk, visit or call: what a phone must fill is the kind, the date and a summary."""

    persons = PersonsField(
        label=_("Persons met"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person met.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CareKind.choices, widget=forms.RadioSelect)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    summary = forms.CharField(
        label=_("What was said or done"),
        widget=forms.Textarea,
        error_messages={"required": _("Write a few words about what was said or done.")},
    )
    needs = forms.CharField(label=_("Needs found"), widget=forms.Textarea, required=False)
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DATE_WIDGET, required=False)
    parent = forms.ChoiceField(
        label=_("Parent called"),
        choices=[("", _("Not a call")), *Parent.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = persons  # type: ignore[attr-defined]
        for area in AREAS:
            self.fields[area] = forms.TypedChoiceField(
                label=AREA_LABELS[area],
                choices=[("", "—")] + [(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def clean_persons(self) -> Any:
        # The checkboxes send each person once; a request naming one twice is refused, as
        # the service refuses it, not silently merged.
        sent = self.data.getlist("persons") if hasattr(self.data, "getlist") else []
        if len(sent) != len(set(sent)):
            raise forms.ValidationError(_("A person is chosen twice; choose each person met once."))
        return self.cleaned_data["persons"]

    def call_fields_ignored(self) -> bool:
        """Whether a parent or minutes came with a kind other than a family call.

        The service clears them (they describe a call); the page says so rather than
        dropping them unseen.
        """
        data = self.cleaned_data
        sent = bool(data.get("parent")) or data.get("minutes") is not None
        return sent and data.get("kind") != CareKind.FAMILY_CALL

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[area] for area in AREAS]

    def to_data(self) -> RecordData:
        data = self.cleaned_data
        return RecordData(
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            ratings={area: data.get(area) for area in AREAS},
            needs=data.get("needs") or "",
            follow_up_on=data.get("follow_up_on"),
            parent=data.get("parent") or "",
            minutes=data.get("minutes"),
        )

    @staticmethod
    def initial_of(record: CareRecord) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(record, name)
            for name in ("kind", "occurred_on", "summary", "needs", "follow_up_on", "parent")
        }
        initial.update({area: getattr(record, area) for area in AREAS})
        initial.update({"minutes": record.minutes, "version": record.version})
        return initial


class RiskForm(ServiceErrorsMixin, forms.Form):
    level = forms.ChoiceField(label=_("Risk level"), choices=[*BLANK, *RiskLevel.choices])
    reason = forms.CharField(
        label=_("Reason"),
        max_length=column_limit(RiskAssessment, "reason"),
        widget=forms.Textarea,
        help_text=_("What you saw or heard that makes this level fit."),
    )


class RuleForm(ServiceErrorsMixin, forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A rule with the code of a rule above replaces it for this unit."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    target = forms.ChoiceField(label=_("Applies to"), choices=RuleTarget.choices)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any category")), *Category.choices], required=False
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"),
        choices=[("", _("Any risk level")), *RiskLevel.choices],
        required=False,
    )
    helper_role = forms.ChoiceField(
        label=_("Helper role"),
        choices=[("", _("Any helper")), *HelperRole.choices],
        required=False,
        help_text=_("Only for rules that apply to each helper."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of care that count"),
        choices=CareKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: any kind counts."),
    )
    period = forms.ChoiceField(label=_("How often"), choices=Period.choices)
    days = forms.IntegerField(
        label=_("Days"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("Only for “every so many days”."),
    )
    times = forms.IntegerField(label=_("At least"), min_value=1, max_value=MAX_TIMES, initial=1)
    times_max = forms.IntegerField(
        label=_("At most"),
        required=False,
        min_value=1,
        max_value=MAX_TIMES,
        help_text=_("Only for rules that apply to each helper."),
    )
    source = forms.CharField(
        label=_("Source"), max_length=100, required=False, help_text=_("The plan it comes from.")
    )
    active = forms.BooleanField(
        label=_("In force (untick to switch the rule off in this unit)"),
        required=False,
        initial=True,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_data(self) -> RuleData:
        data = self.cleaned_data
        return RuleData(
            code=data["code"],
            name=data["name"],
            target=data["target"],
            category=data.get("category") or "",
            risk_level=data.get("risk_level") or "",
            helper_role=data.get("helper_role") or "",
            kinds=list(data.get("kinds") or []),
            period=data["period"],
            days=data.get("days"),
            times=data["times"],
            times_max=data.get("times_max"),
            source=data.get("source") or "",
            active=bool(data.get("active")),
        )


class RulesUnitForm(forms.Form):
    unit = OrgUnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


STATUS_CHOICES = [("overdue", _("Overdue")), ("due", _("Due")), ("done", _("Done"))]
# The work list's filters, in the order of the form and of the URL.
FILTER_NAMES = ("kind", "status", "class", "q", "all")


class WorkFilterForm(forms.Form):
    """The work list's filters, read from the URL; an unknown value is refused."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Every kind")), *CareKind.choices],
        error_messages={
            "invalid_choice": _("There is no kind of care “%(value)s”; choose one from the list.")
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *STATUS_CHOICES],
        error_messages={
            "invalid_choice": _("There is no status “%(value)s”; choose one from the list.")
        },
    )
    q = forms.CharField(
        label=_("Name, pinyin or initials"),
        required=False,
        max_length=SEARCH_MAX,
    )
    all = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("1", "")],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no list “%(value)s”.")},
    )

    def __init__(self, *args: Any, classes: list[SchoolClass], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.classes = {c.key: c for c in classes}
        self.fields["class"] = forms.ChoiceField(
            label=_("Class"),
            required=False,
            choices=[("", _("Every class")), *((c.key, c.label) for c in classes)],
            error_messages={
                "invalid_choice": _(
                    "No one on your work list is in the class “%(value)s”; choose one "
                    "from the list."
                )
            },
        )
        self.order_fields(FILTER_NAMES)

    def to_filter(self) -> WorkFilter:
        data = self.cleaned_data
        return WorkFilter(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            school_class=self.classes.get(data.get("class") or ""),
            q=data.get("q") or "",
        )

    def query(self) -> str:
        """Return the filters as a query string (the valid, non-blank ones, in form order)."""
        data = getattr(self, "cleaned_data", {})
        return urlencode([(name, data[name]) for name in FILTER_NAMES if data.get(name)])
