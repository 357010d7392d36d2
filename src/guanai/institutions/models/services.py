"""Services delivered to residents (托养服务内容), by the seven types of the standard.

A ``ServiceLog`` is one session: a day, a type, minutes and the staff member who gave it.
Supported employment (支持性就业, 术语 (八)) is followed beyond the sessions: a ``Placement``
is a resident's job with an ordinary employer, coached by an employment-service instructor,
followed up (``FollowUp``) every ``follow_up_days`` until the job is stable (``stable_on``)
or ends.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from guanai.core.locking import Versioned
from guanai.institutions.models.residents import Resident
from guanai.institutions.models.roster import Staff

# The longest session a log takes: a whole day of care.
MAX_MINUTES = 24 * 60


class ServiceType(models.TextChoices):
    """The seven services of 术语 (三)–(九), in the plan's order."""

    DAILY_CARE = "daily_care", _("Daily care and nursing")
    SELF_CARE = "self_care", _("Self-care training")
    SOCIAL_ADAPTATION = "social_adaptation", _("Social adaptation training")
    VOCATIONAL = "vocational", _("Vocational rehabilitation and labour skills")
    SHELTERED_EMPLOYMENT = "sheltered_employment", _("Sheltered employment")
    SUPPORTED_EMPLOYMENT = "supported_employment", _("Supported employment")
    MOTOR_TRAINING = "motor_training", _("Motor-function training")


class ServiceLog(models.Model):
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="services"
    )
    on = models.DateField(_("date"))
    type = models.CharField(_("service"), max_length=24, choices=ServiceType.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service log")
        verbose_name_plural = _("service logs")
        ordering = ["resident", "-on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=ServiceType.values), name="service_log_type_known"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES),
                name="service_log_minutes_in_range",
            ),
        ]
        indexes = [models.Index(fields=["resident", "on"], name="service_log_resident_on")]

    def __str__(self) -> str:
        return f"{self.resident} · {self.on} · {self.get_type_display()}"


class Placement(Versioned):
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="placements"
    )
    employer = models.CharField(_("employer"), max_length=100)
    job = models.CharField(_("job"), max_length=100)
    started_on = models.DateField(_("started on"))
    coach = models.ForeignKey(
        Staff,
        verbose_name=_("employment coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    follow_up_days = models.PositiveSmallIntegerField(_("follow up every (days)"), default=30)
    # The job is stable: the coach steps back and the follow-ups end.
    stable_on = models.DateField(_("stable since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supported-employment placement")
        verbose_name_plural = _("supported-employment placements")
        ordering = ["resident", "-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_days__gte=1, follow_up_days__lte=366),
                name="placement_follow_up_days_in_range",
            ),
            models.CheckConstraint(
                condition=Q(stable_on__isnull=True) | Q(stable_on__gte=F("started_on")),
                name="placement_stable_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.job}"


class FollowUp(models.Model):
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    on = models.DateField(_("date"))
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("what was found"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["placement", "-on", "pk"]

    def __str__(self) -> str:
        return f"{self.placement} · {self.on}"
