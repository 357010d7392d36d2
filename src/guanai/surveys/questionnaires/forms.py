"""The questionnaire pages' forms: a new questionnaire, a copy, a section, a question, the
definition as JSON. Each carries the draft's ``edits`` where it changes a draft; the
service checks the rules and its refusal is shown beside the form."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.errors import ValidationFailed
from guanai.core.forms import BLANK, ServiceErrorsMixin
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from guanai.surveys import engine
from guanai.surveys.questionnaires import builder
from guanai.surveys.questionnaires.services import PURPOSE_MAX

TYPE_LABELS = [
    ("single", _("Single choice")),
    ("multiple", _("Multiple choice")),
    ("number", _("Number")),
    ("date", _("Date")),
    ("text", pgettext_lazy("question type", "Text")),
    ("yes_no", _("Yes / no")),
    ("rating", _("Rating")),
]
DOMAIN_LABELS = [
    ("study", _("Study")),
    ("life", _("Daily life")),
    ("psychology", _("Psychology")),
    ("health", _("Health")),
    ("activities", _("Activities")),
]
PROBLEM_IF = [("", _("None")), ("yes", _("Yes")), ("no", _("No"))]


def _units(units: list[OrgUnit]) -> list[tuple[str, str]]:
    return [(str(u.pk), u.name) for u in units]


class QuestionnaireForm(ServiceErrorsMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    title = forms.CharField(label=_("Title"), max_length=100)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, max_length=PURPOSE_MAX, widget=forms.Textarea
    )
    categories = forms.MultipleChoiceField(
        label=_("Target categories"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = BLANK + _units(units)  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["unit"].initial = str(units[0].pk)

    def unit_chosen(self) -> OrgUnit:
        return self.units[self.cleaned_data["unit"]]


class CopyForm(ServiceErrorsMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Copy into"))

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = BLANK + _units(units)  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["unit"].initial = str(units[0].pk)

    def unit_chosen(self) -> OrgUnit:
        return self.units[self.cleaned_data["unit"]]


class DraftForm(ServiceErrorsMixin, forms.Form):
    """A form that changes a draft: it carries the ``edits`` it was opened at."""

    edits = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SectionForm(DraftForm):
    title = forms.CharField(label=_("Section title"), max_length=engine.LABEL_MAX)


class JsonForm(DraftForm):
    definition = forms.CharField(
        label=_("The form as JSON"),
        max_length=400_000,
        widget=forms.Textarea(attrs={"rows": 20, "class": "font-monospace", "spellcheck": "false"}),
    )

    def clean_definition(self) -> Any:
        try:
            return json.loads(self.cleaned_data["definition"])
        except ValueError as exc:
            raise forms.ValidationError(
                _("This is not JSON (line %(line)d): %(error)s")
                % {"line": getattr(exc, "lineno", 0), "error": getattr(exc, "msg", str(exc))}
            ) from None


def _whole(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=-engine.NUMBER_LIMIT,
        max_value=engine.NUMBER_LIMIT,
        help_text=help_text,
    )


class QuestionForm(DraftForm):
    type = forms.ChoiceField(label=_("Type"), choices=TYPE_LABELS)
    label = forms.CharField(label=_("Question"), max_length=engine.LABEL_MAX)
    help = forms.CharField(label=_("Help for the person asking"), required=False, max_length=300)
    required = forms.BooleanField(label=_("Must be answered"), required=False)
    options = forms.CharField(
        label=_("Options (one per line)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For a single or multiple choice. To mark the problem an option points to, write "
            "it after a bar: 无人监护 | 问题：无人监护"
        ),
    )
    min = _whole(_("Least number"))
    max = _whole(_("Most number"))
    scale = forms.IntegerField(
        label=_("Rating steps"), required=False, min_value=2, max_value=10, initial=5
    )
    max_length = forms.IntegerField(
        label=_("Longest text"), required=False, min_value=1, max_value=engine.TEXT_LIMIT
    )
    show_if = forms.MultipleChoiceField(
        label=_("Show only when an earlier question is answered"),
        required=False,
        help_text=_("Choose answers of one earlier question; leave empty to always show it."),
    )
    problem = forms.CharField(
        label=_("Problem (for a yes/no or a threshold)"), required=False, max_length=60
    )
    problem_if = forms.ChoiceField(
        label=_("A problem when answered"), choices=PROBLEM_IF, required=False
    )
    problem_at_most = _whole(_("A problem at or below"))
    problem_at_least = _whole(_("A problem at or above"))
    domain = forms.ChoiceField(
        label=_("Plan domain"), choices=[("", _("None")), *DOMAIN_LABELS], required=False
    )

    def __init__(self, *args: Any, choices: list[builder.Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show_if"].choices = [(c.key, c.label) for c in choices]  # type: ignore[attr-defined]

    @classmethod
    def initial_of(cls, question: dict[str, Any], edits: int) -> dict[str, Any]:
        """Return the form's initial data for a question of the definition."""
        initial = {k: question.get(k) for k in cls.base_fields if k in question}
        initial["edits"] = edits
        initial["options"] = builder.options_text(question.get("options") or [])
        rule = question.get("show_if")
        if isinstance(rule, dict):
            initial["show_if"] = [f"{rule.get('question')}={v}" for v in rule.get("in") or []]
        return initial

    def question(self, old: dict[str, Any] | None = None) -> dict[str, Any]:
        """Return the question as the definition stores it (no code), only the keys its
        type uses; refuse what the engine would not read with the field named."""
        data = self.cleaned_data
        kind = data["type"]
        question: dict[str, Any] = {"type": kind, "label": data["label"]}
        if data["help"]:
            question["help"] = data["help"]
        if data["required"]:
            question["required"] = True
        if kind in engine.CHOICE_TYPES:
            question["options"] = builder.options_parse(data["options"], (old or {}).get("options"))
            if not question["options"]:
                raise ValidationFailed(_("Write the options, one per line."), field="options")
        if kind == "number":
            for key in ("min", "max"):
                if data[key] is not None:
                    question[key] = data[key]
        if kind == "rating" and data["scale"]:
            question["scale"] = data["scale"]
        if kind == "text" and data["max_length"]:
            question["max_length"] = data["max_length"]
        rule = builder.show_if_of(data["show_if"])
        if rule:
            question["show_if"] = rule
        if kind == "yes_no" and data["problem_if"]:
            question["problem_if"] = data["problem_if"]
        if kind in ("number", "rating"):
            for key in ("problem_at_most", "problem_at_least"):
                if data[key] is not None:
                    question[key] = data[key]
        if data["problem"] and kind not in engine.CHOICE_TYPES:
            question["problem"] = data["problem"]
        if data["domain"]:
            question["domain"] = data["domain"]
        return question
