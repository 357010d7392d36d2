"""Forms of the plan, review, evaluation and progress pages: they parse input only;
the services (``services``, ``evaluations``, ``progress``) decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.care.models import (
    Grade,
    PlanDomain,
    PlanProgress,
    PlanStatus,
    ProgressKind,
    TermEvaluation,
)
from guanai.care.plans import evaluations, progress
from guanai.care.plans import services as plans
from guanai.care.plans.selectors import PlanFilter
from guanai.core.forms import BLANK, ModelChoiceField, ServiceErrorsMixin
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _text_field(label: Any, *, required: bool = True, rows: int = 3, **kwargs: Any) -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=True,
        **kwargs,
    )


class UnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonNameChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class PlanFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=gettext_lazy("All units"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *PlanStatus.choices],
    )
    domain = forms.ChoiceField(
        label=gettext_lazy("Domain"),
        required=False,
        choices=[("", gettext_lazy("Any domain")), *PlanDomain.choices],
    )
    overdue = forms.ChoiceField(
        label=gettext_lazy("Past the end"),
        required=False,
        choices=[
            ("", gettext_lazy("All plans")),
            ("1", gettext_lazy("Past the end, not reviewed")),
        ],
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_filter(self, *, waiting: bool) -> PlanFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return PlanFilter(
            unit=data.get("unit"),
            status=data.get("status") or "",
            domain=data.get("domain") or "",
            overdue=data.get("overdue") == "1",
            waiting=waiting,
        )


class PlanForm(ServiceErrorsMixin, forms.Form):
    domain = forms.ChoiceField(label=gettext_lazy("Domain"), choices=BLANK + PlanDomain.choices)
    goals = _text_field(
        gettext_lazy("Goals"), help_text=gettext_lazy("What should be better when the plan ends.")
    )
    measures = _text_field(
        gettext_lazy("Measures"),
        help_text=gettext_lazy("What will be done, by whom, how often (辅导、谈心、家访 …)."),
    )
    phase_targets = _text_field(
        gettext_lazy("Phase targets"),
        required=False,
        help_text=gettext_lazy("What should be reached by when, e.g. by mid-term (阶段性效果)."),
    )
    starts_on = _date_field(gettext_lazy("From"))
    ends_on = _date_field(gettext_lazy("Until"))
    responsible = PersonNameChoiceField(
        label=gettext_lazy("Responsible helper"), queryset=User.objects.none()
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = candidates  # type: ignore[attr-defined]

    def to_data(self) -> plans.PlanData:
        values = {f: self.cleaned_data[f] for f in plans.PLAN_FIELDS}
        return plans.PlanData(**values)


class CloseForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("How the plan ends"),
        choices=[
            (PlanStatus.COMPLETED.value, gettext_lazy("Completed: the plan ran its course")),
            (PlanStatus.CLOSED.value, gettext_lazy("Closed early, or withdrawn")),
        ],
    )
    closing_note = forms.CharField(
        label=gettext_lazy("Closing note"),
        required=False,
        max_length=plans.CLOSING_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when the plan is closed: say why."),
    )


class ReviewForm(ServiceErrorsMixin, forms.Form):
    reviewed_on = _date_field(gettext_lazy("Date"))
    progress = forms.ChoiceField(
        label=gettext_lazy("Progress"), choices=BLANK + PlanProgress.choices
    )
    notes = _text_field(gettext_lazy("What you found"))
    next_step = _text_field(gettext_lazy("Next step"), required=False, rows=2)


class ProgressForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ProgressKind.choices)
    on = _date_field(gettext_lazy("Date"))
    title = forms.CharField(
        label=gettext_lazy("What"),
        max_length=progress.TITLE_LIMIT,
        help_text=gettext_lazy("E.g. 期中数学 92 分, 校级三好学生, 能独立完成作业."),
    )
    detail = _text_field(gettext_lazy("Details"), required=False, rows=2)


GRADE_CHOICES = BLANK + Grade.choices


class EvaluationForm(ServiceErrorsMixin, forms.Form):
    conduct = forms.ChoiceField(label=gettext_lazy("Conduct"), choices=GRADE_CHOICES)
    study = forms.ChoiceField(label=gettext_lazy("Study"), choices=GRADE_CHOICES)
    life_skills = forms.ChoiceField(label=gettext_lazy("Life skills"), choices=GRADE_CHOICES)
    mental_state = forms.ChoiceField(label=gettext_lazy("Mental state"), choices=GRADE_CHOICES)
    comment = _text_field(gettext_lazy("Comment"), required=False, rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_data(self) -> evaluations.EvaluationData:
        return evaluations.EvaluationData(
            **{f: self.cleaned_data[f] for f in evaluations.EVALUATED}
        )


class EvaluationRowForm(EvaluationForm):
    """One pupil's row of the class page: a row left empty is not saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def to_row(self, person: Person, stored: TermEvaluation | None) -> evaluations.ClassRow:
        """Return the row for ``evaluations_class_save``; unreadable input gives no data."""
        if not self.is_valid():
            return evaluations.ClassRow(person=person, stored=stored, data=None)
        return evaluations.ClassRow(
            person=person,
            stored=stored,
            data=self.to_data(),
            version=self.cleaned_data["version"] or 0,
        )
