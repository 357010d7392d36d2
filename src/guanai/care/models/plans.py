"""Assistance plans, their reviews, term evaluations and progress entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.registry.models import Person


class PlanDomain(models.TextChoices):
    STUDY = "study", _("Study")
    LIFE = "life", _("Daily life")
    PSYCHOLOGY = "psychology", _("Psychology")
    HEALTH = "health", _("Health")
    ACTIVITIES = "activities", _("Activities")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("plan status", "Active")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


class AssistancePlan(Versioned):
    """An assistance plan (帮扶计划): goals and measures over a span, approved by a leader."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plans")
    domain = models.CharField(_("domain"), max_length=12, choices=PlanDomain.choices)
    goals = models.TextField(_("goals"))
    measures = models.TextField(_("measures"))
    phase_targets = models.TextField(_("phase targets"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible helper"),
        on_delete=models.PROTECT,
        related_name="plans_responsible",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.CharField(_("closing note"), max_length=300, blank=True)
    # When the plan was completed or closed.
    closed_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assistance plan")
        verbose_name_plural = _("assistance plans")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="plan_dates_in_order"
            )
        ]
        indexes = [models.Index(fields=["status", "ends_on"], name="plan_status_end")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_domain_display()}"


class PlanProgress(models.TextChoices):
    AHEAD = "ahead", _("Ahead of plan")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    ACHIEVED = "achieved", _("Goal reached")


class PlanReview(models.Model):
    plan = models.ForeignKey(AssistancePlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("date"))
    progress = models.CharField(_("progress"), max_length=10, choices=PlanProgress.choices)
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["plan", "reviewed_on"], name="review_plan_date")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.reviewed_on:%Y-%m-%d}"


class Grade(models.TextChoices):
    """The four marks of a term evaluation (优、良、中、差)."""

    EXCELLENT = "excellent", pgettext_lazy("grade", "Excellent")
    GOOD = "good", pgettext_lazy("grade", "Good")
    FAIR = "fair", pgettext_lazy("grade", "Fair")
    POOR = "poor", pgettext_lazy("grade", "Needs help")


class TermEvaluation(Versioned):
    """The class teacher's evaluation of a pupil at the end of a term (学期评议)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="term_evaluations")
    # "2026-2027-1": the school year and the term (1 autumn, 2 spring).
    term = models.CharField(_("term"), max_length=11)
    conduct = models.CharField(_("conduct"), max_length=10, choices=Grade.choices)
    study = models.CharField(_("study"), max_length=10, choices=Grade.choices)
    life_skills = models.CharField(_("life skills"), max_length=10, choices=Grade.choices)
    mental_state = models.CharField(_("mental state"), max_length=10, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("term evaluation")
        verbose_name_plural = _("term evaluations")
        ordering = ["-term", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "term"], name="evaluation_once_a_term")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.term}"


class ProgressKind(models.TextChoices):
    MARK = "mark", _("Mark")
    AWARD = "award", _("Award")
    OTHER = "other", _("Other progress")


class ProgressEntry(models.Model):
    """A mark, an award or another step forward, for the progress archive (进步档案)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="progress_entries")
    kind = models.CharField(_("kind"), max_length=6, choices=ProgressKind.choices)
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    detail = models.TextField(_("detail"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"
