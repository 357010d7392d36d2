"""Reports: the fact table, monthly reports with their changes, report deadlines and the
holiday adjustments that move them.

The fact table holds every monthly figure of every org unit's subtree, pre-aggregated:
dashboards and reports read these rows instead of scanning persons and care records at
request time (issue 6). ``facts.facts_refresh`` rewrites a month's rows from the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.core.locking import Versioned
from guanai.core.months import month_label
from guanai.orgs.models import OrgUnit


class Fact(models.Model):
    """One figure (``indicator``) of one unit's whole subtree in one month."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField()  # the first day of the month
    # A figure of ``figures.py`` ("talks"), or "persons.<category code>".
    indicator = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "month", "indicator"], name="fact_unit_month_indicator"
            )
        ]
        indexes = [models.Index(fields=["month", "indicator"], name="fact_month_indicator")]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {month_label(self.month)} {self.indicator}={self.value}"


class DirtyFact(models.Model):
    """A unit whose facts of a month are out of date since a write (``reports.dirty``);
    no unit: the whole month (the org tree changed). Cleared by the refresh that reads
    the data after ``marked_at``."""

    org_unit = models.ForeignKey(
        OrgUnit, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField()  # the first day of the month
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month"], name="dirty_fact_unit_month"),
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(org_unit__isnull=True),
                name="dirty_fact_whole_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id or '*'} {month_label(self.month)}"


class ReportDeadline(models.Model):
    """When a unit's sub-units report: the day of the following month (default 15th), and
    whether a deadline on a rest day moves to the next working day (default yes).

    Plan 八: "每月15日前…报送至县". A unit may set either part for the units below it; a
    part left empty is the nearest ancestor's (``monthly.deadlines``).
    """

    org_unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="report_deadline"
    )
    day = models.PositiveSmallIntegerField(_("deadline day"), null=True, blank=True)
    next_working_day = models.BooleanField(
        _("moved to the next working day"), null=True, blank=True
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(day__gte=1) & Q(day__lte=28), name="report_deadline_day_in_month"
            ),
            # A row that sets neither part is removed, not kept empty.
            models.CheckConstraint(
                condition=Q(day__isnull=False) | Q(next_working_day__isnull=False),
                name="report_deadline_sets_a_part",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.day}"


class HolidayKind(models.TextChoices):
    REST = "rest", _("Rest day")
    WORK = "work", _("Make-up working day")


class HolidayOverride(models.Model):
    """A day of the State Council's holiday arrangement as the system administrator
    entered it (节假日调整): a rest day with the holiday's name, or a make-up working day.

    ``chinese_calendar`` knows only the years it was released with; a later year's
    arrangement, published each November, is entered here, and a day entered here wins
    over the library (``monthly.workdays``).
    """

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=HolidayKind.choices)
    # As a clerk writes it (春节, 国庆节): shown in "因春节顺延".
    name = models.CharField(_("holiday"), max_length=20, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("holiday adjustment")
        verbose_name_plural = _("holiday adjustments")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["rest", "work"]), name="holiday_override_kind"
            ),
            # A rest day says which holiday it is: a moved deadline names it.
            models.CheckConstraint(
                condition=Q(kind="work") | ~Q(name=""), name="holiday_override_rest_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class MonthlyReport(Versioned):
    """A unit's monthly report (月报): figures pre-filled from the data, a narrative, and
    its way up: draft → submitted → returned with a comment, or accepted."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))  # the first day of the month
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The figures as computed from the data (refreshed while the report is a draft) …
    computed = models.JSONField(default=dict)
    # … and the figures as reported: computed, except where changed with a reason.
    figures = models.JSONField(default=dict)
    narrative = models.TextField(_("work done and highlights"), blank=True)
    # The deadline when the report was first submitted, and that first submission:
    # timeliness counts the first submission, not a resubmission after a return.
    deadline = models.DateField(_("deadline"))
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month"], name="report_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "status"], name="report_month_status")]

    def __str__(self) -> str:
        return f"{self.org_unit} {month_label(self.month)}"


class FigureChange(models.Model):
    """A figure of a report changed by hand, with the reason that stays visible."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="changes")
    figure = models.CharField(_("figure"), max_length=40)
    computed = models.DecimalField(_("from the data"), max_digits=16, decimal_places=2)
    value = models.DecimalField(_("reported"), max_digits=16, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.figure}: {self.computed} → {self.value}"


class KpiTarget(models.Model):
    """A unit's target for one KPI, for its subtree (the nearest ancestor's applies)."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    kpi = models.CharField(_("indicator"), max_length=40)
    target = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=1)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "kpi"], name="kpi_target_once"),
            models.CheckConstraint(
                condition=Q(target__gte=0) & Q(target__lte=100), name="kpi_target_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.kpi} {self.target}%"


class SurveyCount(models.Model):
    """How many special-group persons a unit's own survey found in a year (摸底排查).

    The registration rate (建档率) divides the persons on file by it. Units that survey
    (townships, usually) enter their count; a parent's count is the sum of its units'.
    """

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("persons found by the survey"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year"], name="survey_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.year}: {self.count}"


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Bulletin(Versioned):
    """A parent unit's monthly bulletin (月通报, 篇八 "实行月通报制"): its KPIs, the ranking
    of its sub-units, late and missing reports, and highlights in words."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    highlights = models.TextField(_("highlights"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monthly bulletin")
        verbose_name_plural = _("monthly bulletins")
        ordering = ["-month", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month"], name="bulletin_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="bulletin_month_first_day"),
        ]

    def __str__(self) -> str:
        return self.title


from guanai.reports.models_assessment import *  # noqa: E402, F403  (re-exported models)
