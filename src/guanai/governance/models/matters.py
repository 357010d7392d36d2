"""Practical matters (实事): a unit's yearly list of concrete commitments and their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.core.photos import PhotoFields
from guanai.orgs.models import OrgUnit


class MatterStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("practical matter", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("practical matter", "In progress")
    DONE = "done", pgettext_lazy("practical matter", "Done")
    # Given up with a reason (the money did not come): counted as not done.
    DROPPED = "dropped", pgettext_lazy("practical matter", "Dropped")


class PracticalMatter(Versioned):
    """One commitment, e.g. 为 30 名留守儿童配备亲情电话, with an owner and a deadline."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(pgettext_lazy("practical matter", "title"), max_length=200)
    detail = models.TextField(_("detail"), max_length=2000, blank=True)
    # The unit carrying it out (责任单位): the unit itself or one below it.
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    # A figure where one fits (30 名, 2 所) with its unit of count; the updates report the
    # figure reached.
    target = models.DecimalField(
        _("target figure"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("unit of count"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MatterStatus.choices, default=MatterStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    dropped_reason = models.CharField(_("reason dropped"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("practical matter")
        verbose_name_plural = _("practical matters")
        ordering = ["-year", "org_unit__path", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="governance_matter_done_on",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="governance_matter_dropped_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MatterUpdate(models.Model):
    """A progress update with its evidence: a text, the figure reached, a record, photos."""

    matter = models.ForeignKey(PracticalMatter, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=1000)
    reached = models.DecimalField(
        _("figure reached"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # A record of Guanai that shows the work (an event, a roll, a report): its path here.
    link = models.CharField(_("linked record"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.matter} · {self.on}"


class MatterPhoto(PhotoFields):
    update = models.ForeignKey(MatterUpdate, on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoFields.Meta):
        pass
