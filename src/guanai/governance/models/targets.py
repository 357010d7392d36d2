"""Multi-year targets (篇八: 三年内集中供养率达 40 %) with yearly milestones and progress.

A target's figure for a year is computed from the data where the data decides it — its
``source`` names a source registered by the app that can compute it (``reports`` registers
the rate indicators, ``inkind`` its services' delivery) — or entered by hand (``source``
empty), each entry kept with who entered it and the evidence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit


class ValueKind(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Count")


class Direction(models.TextChoices):
    # Reached when the figure is at least the goal (a rate to raise).
    UP = "up", _("At least the goal")
    # Reached when the figure is at most the goal (dangerous houses down to 0).
    DOWN = "down", _("At most the goal")


class Target(Versioned):
    """What a unit promises over some years, with a goal for the final year."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(pgettext_lazy("target", "title"), max_length=100)
    # A registered source (``governance.targets.sources``) or "" for a figure entered by hand.
    source = models.CharField(_("computed from"), max_length=40, blank=True)
    value_kind = models.CharField(
        _("kind of figure"), max_length=8, choices=ValueKind.choices, default=ValueKind.PERCENT
    )
    direction = models.CharField(
        _("reached when"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    base_year = models.PositiveSmallIntegerField(_("base year"))
    final_year = models.PositiveSmallIntegerField(_("final year"))
    baseline = models.DecimalField(
        _("figure in the base year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["org_unit__path", "base_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(final_year__gte=F("base_year")), name="governance_target_years"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """The figure a target should reach by the end of one year of its span."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("milestone"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="governance_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.year}"


class TargetEntry(models.Model):
    """A figure entered by hand for a year; the latest entry of a year counts, the earlier
    ones stay as its history."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="entries")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("figure"), max_digits=12, decimal_places=2)
    evidence = models.CharField(_("evidence"), max_length=500)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.target} · {self.year}: {self.value}"
