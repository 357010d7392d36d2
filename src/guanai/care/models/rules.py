"""Frequency rules: how often a kind of care is due for whom."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.care.models.pairing import HelperRole
from guanai.care.models.records import RiskLevel
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category


class Period(models.TextChoices):
    WEEK = "week", _("every week")
    MONTH = "month", _("every month")
    YEAR = "year", _("every year")
    DAYS = "days", _("every so many days")


class RuleTarget(models.TextChoices):
    PERSON = "person", _("each person")
    HELPER = "helper", _("each helper")


class FrequencyRule(Versioned):
    """How often care must happen, set per org unit for its subtree (editable).

    A *person* rule: each matching person (by category and risk level, blank = any)
    needs ``times`` records of the given kinds (blank = any kind) per period. A *helper*
    rule: each helper in ``helper_role`` writes ``times`` … ``times_max`` such records per
    period (篇一: each class teacher talks with 3–5 pupils a week). A unit's rule replaces
    an ancestor's rule with the same ``code``.
    """

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    target = models.CharField(
        _("applies to"), max_length=6, choices=RuleTarget.choices, default=RuleTarget.PERSON
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    risk_level = models.CharField(
        _("risk level"), max_length=6, choices=RiskLevel.choices, blank=True
    )
    helper_role = models.CharField(
        _("helper role"), max_length=20, choices=HelperRole.choices, blank=True
    )
    # Care kinds that count, comma-separated codes; blank: any kind.
    kinds = models.CharField(_("kinds of care"), max_length=200, blank=True)
    period = models.CharField(_("period"), max_length=6, choices=Period.choices)
    days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    times = models.PositiveSmallIntegerField(_("at least"), default=1)
    times_max = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("frequency rule")
        verbose_name_plural = _("frequency rules")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "code"], name="rule_code_per_unit"),
            models.CheckConstraint(
                condition=~Q(period="days") | Q(days__gte=1), name="rule_days_given"
            ),
            models.CheckConstraint(condition=Q(times__gte=1), name="rule_times_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_list(self) -> list[str]:
        return [k for k in self.kinds.split(",") if k]
