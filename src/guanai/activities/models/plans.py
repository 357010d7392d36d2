"""The plans models: a unit's activity plan for a school year (or term), month by month."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.activities.models.kinds import EventKind
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PlanTerm(models.TextChoices):
    WHOLE_YEAR = "", _("Whole school year")
    FIRST = "1", _("First term")
    SECOND = "2", _("Second term")


class ActivityPlan(Versioned):
    """A unit's activity plan for school year ``school_year`` (2026 is 2026–2027)."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="activity_plans", verbose_name=_("Unit")
    )
    school_year = models.PositiveSmallIntegerField(_("School year"))
    term = models.CharField(_("Term"), max_length=1, choices=PlanTerm.choices, blank=True)
    title = models.CharField(_("Title"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Owner"),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    template_code = models.CharField(_("Template"), max_length=40, blank=True)
    published_at = models.DateTimeField(_("Published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Activity plan")
        verbose_name_plural = _("Activity plans")
        ordering = ("-school_year", "org_unit__path", "term", "title")
        constraints = [
            models.UniqueConstraint(
                fields=("org_unit", "school_year", "term", "title"),
                name="activity_plan_unique_title",
            ),
            models.CheckConstraint(
                condition=models.Q(school_year__gte=2000, school_year__lte=2100),
                name="activity_plan_school_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(term__in=PlanTerm.values), name="activity_plan_term_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PlanStatus.values),
                name="activity_plan_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status=PlanStatus.DRAFT) | models.Q(published_at__isnull=False),
                name="activity_plan_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """One activity of a plan: in a month, on a day when it is known; its kind is the kind
    of the events made from it (``Event.plan_item``)."""

    plan = models.ForeignKey(
        ActivityPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("Plan")
    )
    # The first day of the item's month; ``on`` lies in it when the day is known.
    month = models.DateField(_("Month"))
    on = models.DateField(_("Date"), null=True, blank=True)
    title = models.CharField(_("Title"), max_length=100)
    description = models.TextField(_("Description"), blank=True)
    kind = models.CharField(
        _("Kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER
    )
    responsible = models.CharField(_("Responsible"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("Order"), default=0)

    class Meta:
        verbose_name = _("Plan item")
        verbose_name_plural = _("Plan items")
        ordering = ("month", models.F("on").asc(nulls_last=True), "order", "pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="plan_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="plan_item_month_first_day"
            ),
            models.CheckConstraint(
                condition=models.Q(on__isnull=True) | models.Q(on__gte=models.F("month")),
                name="plan_item_date_in_month",
            ),
        ]

    def __str__(self) -> str:
        return self.title


__all__ = ["ActivityPlan", "EventKind", "PlanItem", "PlanStatus", "PlanTerm"]
