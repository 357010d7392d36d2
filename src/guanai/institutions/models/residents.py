"""Residents and service users of an institution (服务对象).

A ``Resident`` is a registry person who applied to an institution: admitted, with the mode
of service (institutional residential, day care, home-based) from ``started_on`` until
``ended_on``; or refused, with the reason the eligibility check gave (总则 (二): working age
and an intellectual, mental or severe physical disability; for an elder or welfare home, a
five-guarantee or three-no person). A person has at most one open stay anywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.institutions.models.register import Institution
from guanai.registry.models import Person


class ResidenceMode(models.TextChoices):
    RESIDENTIAL = "residential", _("Institutional residential care")
    DAY_CARE = "day_care", _("Day care")
    HOME_BASED = "home_based", _("Home-based care")


class Decision(models.TextChoices):
    # "resident": 已准予托养 here, where a claim's "Admitted" reads 入院日期.
    ADMITTED = "admitted", pgettext_lazy("resident", "Admitted")
    REFUSED = "refused", pgettext_lazy("resident", "Refused")


class Resident(Versioned):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="residents",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="institution_stays",
    )
    mode = models.CharField(_("mode of service"), max_length=12, choices=ResidenceMode.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    applied_on = models.DateField(_("applied on"))
    # Refused: the eligibility check's reason, in the reader's words when it was decided.
    reason = models.TextField(_("reason"), blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["institution", "-applied_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=ResidenceMode.values), name="resident_mode_known"
            ),
            models.CheckConstraint(
                condition=Q(decision=Decision.ADMITTED, started_on__isnull=False)
                | Q(decision=Decision.REFUSED, started_on__isnull=True, ended_on__isnull=True),
                name="resident_decision_dates",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="resident_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(decision="admitted", ended_on__isnull=True),
                name="resident_one_open_stay",
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "decision", "ended_on"], name="resident_current")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.institution}"
