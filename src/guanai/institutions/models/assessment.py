"""The yearly quality assessment of a care institution (服务质量考核及评价).

A ``ScoreSheet`` is how the county federation scores: the weights of the three parts
(checklist compliance, service delivery per resident, resident or family satisfaction),
summing to 100, the minutes of service per resident per month that earn the full delivery
part, and the grade thresholds. The national default (``org_unit`` empty) is seeded by a
data migration; a county may add its own, newer one, which then applies to its
institutions. Sheets are not edited: a change is a new sheet (the next ``version``), so an
assessment keeps the sheet it was scored on.

The default, 40 / 30 / 30 with 1200 minutes (20 hours) a month: plan 五 makes the service
standard the core of what an institution must be, so the checklist weighs most; plan 六 asks
that the services of the seven types actually reach the residents and that the residents and
their families are satisfied, which share the rest equally. Twenty hours a month is about an
hour of care, training or rehabilitation on each working day: reachable by a day-care
centre, easily passed by a residential one, and a fair bar for home-based care.

An ``Assessment`` is one institution's score for one year: the survey (respondents and
satisfied), the assessor's note and day, and the scores as they were when saved (the
inputs gathered from the data, each part's points, the total and the grade), with the sheet
used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.institutions.models.register import Institution
from guanai.orgs.models import OrgUnit

DEFAULT_SHEET = {
    "checklist_weight": 40,
    "delivery_weight": 30,
    "satisfaction_weight": 30,
    "target_minutes": 1200,
    "excellent": 90,
    "good": 80,
    "passing": 60,
}


class ScoreSheet(models.Model):
    title = models.CharField(_("title"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    # Empty: the national default; else the county's own.
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checklist_weight = models.PositiveSmallIntegerField(_("checklist compliance weight"))
    delivery_weight = models.PositiveSmallIntegerField(_("service delivery weight"))
    satisfaction_weight = models.PositiveSmallIntegerField(_("satisfaction weight"))
    target_minutes = models.PositiveIntegerField(
        _("minutes of service per resident per month for full marks")
    )
    excellent = models.PositiveSmallIntegerField(_("excellent from"))
    good = models.PositiveSmallIntegerField(_("good from"))
    passing = models.PositiveSmallIntegerField(_("pass from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["org_unit", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    checklist_weight__lte=100,
                    delivery_weight__lte=100,
                    satisfaction_weight__lte=100,
                )
                & Q(
                    checklist_weight=100 - F("delivery_weight") - F("satisfaction_weight"),
                ),
                name="score_sheet_weights_sum_100",
            ),
            models.CheckConstraint(
                condition=Q(target_minutes__gte=1), name="score_sheet_target_positive"
            ),
            models.CheckConstraint(
                condition=Q(passing__gt=0, good__gt=F("passing"), excellent__gt=F("good"))
                & Q(excellent__lte=100),
                name="score_sheet_thresholds_in_order",
            ),
            models.UniqueConstraint(
                fields=["org_unit", "version"], name="score_sheet_unit_version_unique"
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(org_unit__isnull=True),
                name="score_sheet_national_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Assessment(Versioned):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.PROTECT, related_name="+"
    )
    respondents = models.PositiveIntegerField(_("survey respondents"))
    satisfied = models.PositiveIntegerField(_("satisfied respondents"))
    note = models.TextField(_("assessor's note"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The snapshot, as the engine scored it when saved.
    checklist_met = models.PositiveIntegerField(_("checklist items met"))
    checklist_applicable = models.PositiveIntegerField(_("checklist items applicable"))
    # [{"ref": "机构-2", "text": "..."}] of the items not met.
    unmet_items = models.JSONField(_("items not met"), default=list, blank=True)
    # One figure per resident: minutes in the year / months of stay, as decimal strings.
    minutes_per_resident = models.JSONField(
        _("minutes per resident per month"), default=list, blank=True
    )
    residents = models.PositiveIntegerField(_("service users"))
    checklist_points = models.DecimalField(
        _("checklist compliance"), max_digits=4, decimal_places=1
    )
    delivery_points = models.DecimalField(_("service delivery"), max_digits=4, decimal_places=1)
    satisfaction_points = models.DecimalField(_("satisfaction"), max_digits=4, decimal_places=1)
    total = models.DecimalField(
        pgettext_lazy("assessment", "total"), max_digits=4, decimal_places=1
    )
    grade = models.CharField(pgettext_lazy("assessment", "grade"), max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quality assessment")
        verbose_name_plural = _("quality assessments")
        ordering = ["institution", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"], name="institution_assessment_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(satisfied__lte=F("respondents")),
                name="institution_assessment_satisfied_within_respondents",
            ),
            models.CheckConstraint(
                condition=Q(grade__in=["excellent", "good", "pass", "fail"]),
                name="institution_assessment_grade_known",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0, total__lte=100),
                name="institution_assessment_total_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.year}"
