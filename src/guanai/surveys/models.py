"""Questionnaires and their versions, survey rounds, the persons in scope and their answers.

A questionnaire (问卷) belongs to the unit that wrote it (a county or a school). Its questions
live in versions: a draft is edited, publishing freezes it, and changing a published form
makes a new draft numbered one higher. The definition is JSON read by the pure
``surveys.engine`` (sections, questions of seven types, required, skip logic, the problems an
answer points to). A round (调查轮次, e.g. "2027年春季摸底排查") asks one published version of
the persons of a unit's subtree: each person in scope is a case (调查对象), registered or
found by the survey and not yet on file, assigned to a helper, done, pending or not reached.
An answer set (Response) keeps the version it was given on and the key the phone made, so a
set sent twice is stored once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Gender, Person


class Questionnaire(Versioned):
    """A questionnaire of a unit, whose questions are in its versions.

    One with no unit ships with Guanai (the two seeded forms): every unit may use it, or
    copy it to adapt.
    """

    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    title = models.CharField(pgettext_lazy("survey", "title"), max_length=100)
    purpose = models.TextField(_("purpose"), blank=True)
    # Category codes (registry.Category) of the persons the questionnaire is written for.
    categories = models.JSONField(_("target categories"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["org_unit__path", "title"]

    def __str__(self) -> str:
        return self.title


class FormStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("form", "Published")


class FormVersion(models.Model):
    """One version of a questionnaire's questions; frozen once published."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("form", "version"))
    definition = models.JSONField(_("questions"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by each save of a draft, so that two people editing it do not undo each other.
    edits = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="form_version_once"),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(status="draft"),
                name="form_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} v{self.number}"


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("round", "Open")
    CLOSED = "closed", pgettext_lazy("round", "Closed")


class Round(Versioned):
    """A survey of the persons of a unit's subtree with one version of a questionnaire."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    title = models.CharField(pgettext_lazy("survey", "title"), max_length=100)
    form = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("form")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="round_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CaseStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", pgettext_lazy("survey", "Done")
    UNREACHABLE = "unreachable", _("Could not be reached")


class Case(Versioned):
    """A person in a round's scope: on file (``person``) or found by the survey (``found``)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="survey_cases"
    )
    # The unit the person belongs to (the person's own, or where a found person lives).
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    where = models.CharField(_("village or school"), max_length=100, blank=True)
    found = models.BooleanField(_("found by the survey"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_cases",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.PENDING
    )
    unreachable_reason = models.CharField(_("reason"), max_length=200, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org_unit__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="case_person_once",
            ),
            models.CheckConstraint(
                condition=Q(found=True) | Q(person__isnull=False), name="case_known_or_found"
            ),
        ]
        indexes = [models.Index(fields=["round", "org_unit", "status"])]

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """The answers of one case: partial until ``complete``; one per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="response")
    # The version the person was asked with, which may be older than the round's form.
    form = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="responses")
    # Made by the phone for this answer set: a set sent again is recognised and stored once.
    key = models.UUIDField(unique=True, default=uuid.uuid4)
    answers = models.JSONField(default=dict)
    complete = models.BooleanField(default=False)
    # The problem codes the answers point to ("question:value"), kept for the analysis.
    problems = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_saved_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sends = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.case_id} {self.key}"
