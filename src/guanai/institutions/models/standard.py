"""The service standard as a versioned checklist, and an institution's manual checks.

A ``Standard`` is one version of a checklist: the national one (plan 五, 残疾人托养服务规范)
is seeded by a data migration; a county or province may add a stricter local one later
(``org_unit`` set, ``base`` naming the standard it tightens), since the plan says local
standards with higher requirements prevail (五 总则 (六)). Each ``StandardItem`` carries the
standard's own numbering (``ref``: 机构-1 … 机构-10, 管理-1 … 管理-5, 专业-1 … 专业-5), its
text, and the automatic rule that decides it (``rule``, a name in ``institutions.standard``;
empty for an item checked by hand) with the rule's parameters (``params``: a local standard
may ask a lease of 8 years instead of 5). ``ItemCheck`` is the evidence of a manual item
for one institution: a status, a note, the day it was checked and who checked it, with
the scans and photos that show it (``EvidencePhoto``, stored by ``core.photos``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.core.photos import PhotoFields
from guanai.orgs.models import OrgUnit


class ItemStatus(models.TextChoices):
    # "checklist": 达标 here, where a need's "Met" reads 已满足.
    MET = "met", pgettext_lazy("checklist", "Met")
    NOT_MET = "not_met", pgettext_lazy("checklist", "Not met")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("checklist", "Not applicable")


class Standard(models.Model):
    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    # Empty for the national standard; a county or province for a local, stricter one.
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who the standard serves (总则 (二)): {"min_age": 16, "max_age": 59}, the working age;
    # empty: the engine's defaults (``institutions.eligibility``).
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True)
    base = models.ForeignKey(
        "self",
        verbose_name=_("tightens"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="standard_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class StandardItem(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="items")
    ref = models.CharField(_("item"), max_length=20)
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("requirement"))
    # The name of the rule in ``institutions.standard.RULES``; empty: checked by hand.
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "ref"], name="standard_item_ref_once"),
        ]

    def __str__(self) -> str:
        return self.ref


class ItemCheck(Versioned):
    """A manual item's evidence for one institution."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="checks"
    )
    # The numbering is kept rather than the item: a new version of the standard keeps the
    # checks of the items it carries over under the same ``ref``.
    ref = models.CharField(_("item"), max_length=20)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices)
    note = models.TextField(_("evidence"), blank=True)
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist evidence")
        verbose_name_plural = _("checklist evidence")
        ordering = ["institution", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "ref"], name="item_check_once"),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="item_check_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.ref}"


class EvidencePhoto(PhotoFields):
    """A scan or photo of a manual item's evidence (a licence, a notice on the wall)."""

    item_check = models.ForeignKey(
        ItemCheck,
        verbose_name=_("checklist evidence"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(PhotoFields.Meta):
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        indexes = [models.Index(fields=["item_check", "id"], name="evidence_photo_check")]
