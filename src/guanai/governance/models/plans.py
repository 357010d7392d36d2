"""Annual work plans (年度工作计划) with their timetable by month."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.governance.models.groups import GroupMember, LeadingGroup
from guanai.orgs.models import OrgUnit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("work plan", "Draft")
    # Published: read by the units below, no longer edited (a new version is a new year's
    # plan or, within the year, the plan withdrawn to draft by its leader).
    PUBLISHED = "published", pgettext_lazy("work plan", "Published")


class WorkPlan(Versioned):
    """A unit's plan for one year, in the four parts the seeds' plans share."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(pgettext_lazy("work plan", "title"), max_length=200)
    group = models.ForeignKey(
        LeadingGroup,
        verbose_name=_("leading group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    guiding = models.TextField(_("guiding thought"), max_length=5000, blank=True)
    goals = models.TextField(_("work goals"), max_length=5000, blank=True)
    measures = models.TextField(_("main measures"), max_length=10000, blank=True)
    requirements = models.TextField(_("work requirements"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year"], name="governance_plan_per_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="governance_plan_published_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """One line of the timetable: what is done in a month and who is responsible."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    month = models.PositiveSmallIntegerField(_("month"))
    title = models.CharField(_("task"), max_length=200)
    detail = models.TextField(_("detail"), max_length=1000, blank=True)
    owners = models.ManyToManyField(
        GroupMember, blank=True, related_name="tasks", verbose_name=_("responsible")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["month", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="governance_task_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} · {self.title}"
