"""Reads of questionnaires: the list with each one's newest published version and draft,
the versions of one, the chosen version read by the engine."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from guanai.accounts.scoping import AnyUser
from guanai.core.errors import ValidationFailed
from guanai.registry.models import Category
from guanai.surveys import engine
from guanai.surveys.models import FormStatus, FormVersion, Questionnaire
from guanai.surveys.questionnaires.access import questionnaires_visible


@dataclass(frozen=True)
class QuestionnaireRow:
    """A questionnaire with its newest published version and its draft, if any."""

    questionnaire: Questionnaire
    published: FormVersion | None
    draft: FormVersion | None

    @property
    def category_labels(self) -> list[str]:
        return category_labels(self.questionnaire.categories)


def category_labels(codes: list[str]) -> list[str]:
    labels = dict(Category.choices)
    return [str(labels.get(code, code)) for code in codes]


def questionnaires_listed(user: AnyUser) -> QuerySet[Questionnaire]:
    """Return the questionnaires the user sees, built-in first, then by unit, with their
    versions (newest first) in one more query."""
    versions = FormVersion.objects.order_by("-number").only(
        "pk", "questionnaire_id", "number", "status", "published_at", "edits"
    )
    return (
        questionnaires_visible(user)
        .filter(archived_at__isnull=True)
        .select_related("org_unit")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by(F("org_unit__path").asc(nulls_first=True), "title", "pk")
    )


def row_of(questionnaire: Questionnaire) -> QuestionnaireRow:
    """Return the row of a questionnaire whose versions are prefetched (newest first)."""
    versions = list(questionnaire.versions.all())
    published = next((v for v in versions if v.status == FormStatus.PUBLISHED), None)
    draft = next((v for v in versions if v.status == FormStatus.DRAFT), None)
    return QuestionnaireRow(questionnaire, published, draft)


def rows_of(questionnaires: QuerySet[Questionnaire]) -> list[QuestionnaireRow]:
    return [row_of(q) for q in questionnaires]


def versions_of(questionnaire: Questionnaire) -> list[FormVersion]:
    """Return the questionnaire's versions, newest first."""
    versions = FormVersion.objects.filter(questionnaire=questionnaire)
    return list(versions.select_related("published_by").order_by("-number"))


def form_or_fault(version: FormVersion) -> tuple[engine.Form | None, str]:
    """Return the version read by the engine, or no form and the fault (a draft being
    written may not read yet)."""
    try:
        return engine.form_read(version.definition), ""
    except ValidationFailed as exc:
        return None, str(exc.message)


@dataclass(frozen=True)
class PreviewQuestion:
    question: engine.Question
    type_label: str
    shown_when: str
    domain_label: str = ""


@dataclass(frozen=True)
class PreviewSection:
    number: int
    title: str
    questions: list[PreviewQuestion]


def preview_of(
    form: engine.Form, type_labels: dict[str, str], domain_labels: dict[str, str] | None = None
) -> list[PreviewSection]:
    """Return the sections of a form as its preview shows them: numbered questions, their
    type, and when a skipped question appears ("仅当第2题选…时出现")."""
    sections = []
    for n, section in enumerate(form.sections, 1):
        rows = []
        for question in section.questions:
            shown_when = ""
            if question.show_if is not None:
                source = form.by_code[question.show_if[0]]
                answers = "、".join(source.value_label(v) for v in question.show_if[1])
                shown_when = _("Shown only when question %(n)d is answered %(answers)s") % {
                    "n": source.number,
                    "answers": answers,
                }
            rows.append(
                PreviewQuestion(
                    question,
                    type_labels.get(question.type, ""),
                    shown_when,
                    (domain_labels or {}).get(question.domain, question.domain),
                )
            )
        sections.append(PreviewSection(n, section.title, rows))
    return sections
