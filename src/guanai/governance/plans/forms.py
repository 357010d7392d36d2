"""The work plan's forms. Each hands its service the data; the service checks the rules and
its refusal is shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.governance.models import GroupMember, LeadingGroup, PlanTask, WorkPlan
from guanai.governance.plans.services import PlanData, TaskData
from guanai.orgs.models import OrgUnit

PARTS = ("guiding", "goals", "measures", "requirements")


def _limit(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


def _text(model: Any, name: str, label: Any, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=_limit(model, name),
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PlanNewForm(forms.Form):
    unit = ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=0, max_value=9999)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PlanForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("work plan", "Title"), max_length=_limit(WorkPlan, "title")
    )
    group = ModelChoiceField(
        label=_("Leading group"), queryset=LeadingGroup.objects.none(), required=False
    )
    guiding = _text(WorkPlan, "guiding", _("Guiding thought"))
    goals = _text(WorkPlan, "goals", _("Work goals"))
    measures = _text(WorkPlan, "measures", _("Main measures"), rows=10)
    requirements = _text(WorkPlan, "requirements", _("Work requirements"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, groups: QuerySet[LeadingGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

    def data_of(self) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            title=data["title"],
            group=data.get("group"),
            **{name: data.get(name) or "" for name in PARTS},
        )

    @staticmethod
    def initial_of(plan: WorkPlan) -> dict[str, Any]:
        initial = {name: getattr(plan, name) for name in ("title", *PARTS, "version")}
        initial["group"] = plan.group_id
        return initial


def _month_label(month: int) -> str:
    return gettext("Month %(month)s") % {"month": month}


MONTHS: list[tuple[Any, Any]] = [(m, lazy(_month_label, str)(m)) for m in range(1, 13)]


class TaskForm(ServiceErrorsMixin, forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), choices=BLANK + MONTHS, coerce=int)
    title = forms.CharField(label=_("Task"), max_length=_limit(PlanTask, "title"))
    detail = _text(PlanTask, "detail", _("Detail"), rows=3)
    owners = forms.ModelMultipleChoiceField(
        label=_("Responsible"),
        queryset=GroupMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members serving in the plan's leading group."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, owners: QuerySet[GroupMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owners"].label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"{m.name}（{m.get_post_display()}）"
        )

    def data_of(self) -> TaskData:
        data = self.cleaned_data
        return TaskData(
            month=data["month"],
            title=data["title"],
            detail=data.get("detail") or "",
            owners=list(data.get("owners") or []),
        )
