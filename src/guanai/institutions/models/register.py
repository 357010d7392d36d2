"""A care institution (托养机构, plan 五): the profile of an org unit of kind institution.

Elder homes (敬老院) and welfare homes (福利院) of plan 八 are kept in the same register
(``category``); the service standard's checklist is for care institutions only.

The unit carries the name, the place in the tree and the code (its unified social credit
code, ``core.uscc``); ``Institution`` adds what the service standard asks about: the type
of service, the operator, the premises and lease, registration and funding, the Sunshine
Home programme (阳光家园计划), capacity, the facilities present, barrier-free access, the
fire-safety certificate and whether it has a medical department.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.core.locking import Versioned
from guanai.institutions.models.standard import Standard
from guanai.orgs.models import OrgUnit


class InstitutionCategory(models.TextChoices):
    """What the institution is: a care institution for disabled persons under the service
    standard (plan 五), or a township elder home or welfare home of plan 八, where
    five-guarantee and three-no persons live in centralised support."""

    CARE = "care", _("Care institution for disabled persons")
    ELDER_HOME = "elder_home", _("Elder home")
    WELFARE_HOME = "welfare_home", _("Welfare home")


# The homes of plan 八: residential, without the service standard's checklist.
HOMES = frozenset({InstitutionCategory.ELDER_HOME, InstitutionCategory.WELFARE_HOME})


class InstitutionType(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    DAY_CARE = "day_care", _("Day care")
    HOME_CARE = "home_care", _("Home-based care provider")


class Operator(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PRIVATE = "private", _("Private")
    SOCIAL = "social", _("Social organisation")


class Premises(models.TextChoices):
    OWN = "own", _("Own premises")
    LEASED = "leased", _("Leased")


class Facility(models.TextChoices):
    """The rooms of 五 (一) 6, in the plan's order."""

    LIVING_ROOMS = "living_rooms", _("Living rooms")
    CANTEEN = "canteen", _("Canteen")
    HEALTH_ROOM = "health_room", _("Nursing and health room")
    RECREATION_ROOM = "recreation_room", _("Recreation room")
    REHABILITATION_ROOM = "rehabilitation_room", _("Rehabilitation room")
    COUNSELLING_ROOM = "counselling_room", _("Counselling room")
    WORK_ROOM = "work_room", _("Work room")


class Institution(Versioned):
    org_unit = models.OneToOneField(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="institution",
    )
    category = models.CharField(
        _("category"),
        max_length=12,
        choices=InstitutionCategory.choices,
        default=InstitutionCategory.CARE,
    )
    type = models.CharField(_("type"), max_length=12, choices=InstitutionType.choices)
    operator = models.CharField(_("operator"), max_length=12, choices=Operator.choices)
    premises = models.CharField(_("premises"), max_length=8, choices=Premises.choices)
    lease_years = models.PositiveSmallIntegerField(_("lease in years"), null=True, blank=True)
    registration = models.CharField(_("registration documents"), max_length=500, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    sunshine_home = models.BooleanField(_("funded by the Sunshine Home programme"), default=False)
    capacity = models.PositiveIntegerField(_("beds or places"), default=0)
    facilities = models.JSONField(_("facilities"), default=list, blank=True)
    barrier_free = models.BooleanField(_("barrier-free facilities"), default=False)
    fire_certificate = models.BooleanField(_("fire-safety certificate"), default=False)
    medical_department = models.BooleanField(_("medical department"), default=False)
    # The checklist that applies; empty: the newest national standard.
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("service standard"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("care institution")
        verbose_name_plural = _("care institutions")
        ordering = ["org_unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=InstitutionCategory.values),
                name="institution_category_known",
            ),
            models.CheckConstraint(
                condition=Q(type__in=InstitutionType.values), name="institution_type_known"
            ),
            models.CheckConstraint(
                condition=Q(operator__in=Operator.values), name="institution_operator_known"
            ),
            models.CheckConstraint(
                condition=Q(premises__in=Premises.values), name="institution_premises_known"
            ),
        ]

    def __str__(self) -> str:
        return self.org_unit.name
