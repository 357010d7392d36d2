"""Annual assessment (考核) and information reports (信息报送): models.

Re-exported by ``reports.models``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.activities.models.events import Event
from guanai.core.locking import Versioned
from guanai.core.photos import PhotoFields
from guanai.orgs.models import OrgUnit

__all__ = [
    "AssessmentItem",
    "AssessmentScore",
    "AssessmentSheet",
    "InfoKind",
    "InfoPhoto",
    "InfoReport",
    "InfoStatus",
    "ItemKind",
    "SheetStatus",
]


# --- Annual assessment (篇八 "每年年底进行统一考核") ------------------------------------------


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINALISED = "finalised", _("Finalised")


class ItemKind(models.TextChoices):
    AUTOMATIC = "automatic", _("From an indicator")
    # Scored from the recorded timeliness of the sub-unit's monthly reports (月报按时报送).
    TIMELINESS = "timeliness", _("From the monthly reports' timeliness")
    # Scored from the supervision records (整改按时完成): the share of the sub-unit's
    # rectifications due in the year that were accepted as rectified by their deadline.
    RECTIFICATION = "rectify", _("From the rectifications done on time")
    # Scored from the sub-unit's list of practical matters (实事完成): the share done.
    MATTERS = "matters", _("From the practical matters done")
    MANUAL = "manual", _("Scored by hand")


class AssessmentSheet(Versioned):
    """A parent unit's score sheet for one year: the items its sub-units are scored on."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    # The month whose facts the automatic items were scored on when the sheet was
    # finalised; the scores themselves are frozen in ``AssessmentScore`` then.
    facts_month = models.DateField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment sheet")
        verbose_name_plural = _("assessment sheets")
        ordering = ["-year", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year"], name="assessment_one_per_year")
        ]

    def __str__(self) -> str:
        return self.title


class AssessmentItem(models.Model):
    """One line of a score sheet, worth ``weight`` points."""

    sheet = models.ForeignKey(AssessmentSheet, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("item"), max_length=200)
    weight = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    # A rate KPI of ``kpis.KPIS`` for automatic items; empty for the others.
    kpi = models.CharField(_("indicator"), max_length=40, blank=True)
    criteria = models.CharField(_("how it is scored"), max_length=500, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="assessment_item_weight"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["manual", "timeliness", "rectify", "matters"], kpi="")
                | (Q(kind="automatic") & ~Q(kpi="")),
                name="assessment_item_kpi_if_automatic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class AssessmentScore(models.Model):
    """A sub-unit's score on one item.

    Manual items: entered by hand with the evidence, and who entered it when. Automatic,
    timeliness, rectification and practical-matters items get a row only when the sheet
    is finalised, freezing the score with the KPI value and target (or the counts it came
    from, in the evidence: reports on time, late and missing; rectifications on time of
    those due; matters done of those listed): a later refresh of the facts, a late report
    or a rectification accepted later changes nothing.
    """

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="scores")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    evidence = models.TextField(_("evidence"), blank=True)
    kpi_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    kpi_target = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "org_unit"], name="assessment_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0), name="assessment_score_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.org_unit_id}: {self.score}"


# --- Information reports and exemplary stories (信息报送, 先进典型, 篇六) -----------------------


class InfoKind(models.TextChoices):
    REPORT = "report", _("Information report")
    STORY = "story", _("Exemplary story")


class InfoStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")


class InfoReport(Versioned):
    """A short report or story a unit sends up; a unit above publishes or returns it."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InfoKind.choices)
    title = models.CharField(_("title"), max_length=200)
    event_date = models.DateField(_("date of the event"))
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=InfoStatus.choices, default=InfoStatus.SUBMITTED
    )
    # Timeliness counts the first submission (a return for correction does not make a
    # report late): timely when it came within three days of the event.
    first_submitted_at = models.DateTimeField()
    timely = models.BooleanField(default=False)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.CharField(_("comment"), max_length=500, blank=True)
    # The unit that published it: everyone in its subtree reads the item.
    published_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # The event it was written from in one step (``info.from_event``): one report per
    # event, and the event's page names it. No reverse accessor: activities reads nothing
    # of reports, and auditlog would follow one on every save of an event.
    source_event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("information report")
        verbose_name_plural = _("information reports")
        ordering = ["-first_submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source_event"], name="info_one_per_event"),
        ]
        indexes = [
            models.Index(fields=["first_submitted_at"], name="info_first_submitted"),
            models.Index(fields=["status", "published_at"], name="info_status_published"),
        ]

    def __str__(self) -> str:
        return self.title


class InfoPhoto(PhotoFields):
    """A photo of an information report (``core.photos``), served only through a view
    that checks who may read the report (never as public media)."""

    report = models.ForeignKey(InfoReport, on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoFields.Meta):
        pass
