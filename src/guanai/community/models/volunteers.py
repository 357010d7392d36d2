"""The volunteers models: a group's volunteers, a volunteer visit with its roles, the shifts.

A volunteer belongs to a volunteer group (an ``OrgUnit`` of kind ``volunteer_group``) and
may have an account (role ``volunteer``) or none: then the group keeps their name and a
phone number, encrypted (DESIGN §5). A volunteer visit (篇四) is an ``activities`` event of
kind ``volunteer_visit`` held by the host unit (the school visited); ``VolunteerVisit`` adds
the group that goes and the cap of volunteers. The roles of plan 四's thank-you list are
``VisitRole`` rows: one volunteer may hold several on one visit, and the participant role
is the sign-up the cap counts. A ``ServiceShift`` is one check-in and check-out; the host
unit confirms it, and only confirmed hours count in a volunteer's yearly total.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.activities.models.events import Event
from guanai.core.fields import EncryptedCharField
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit


class Skill(models.TextChoices):
    """What a volunteer can offer on a visit; anything else goes in the free text."""

    COMPANY = "company", _("Company and games")
    TUTORING = "tutoring", _("Tutoring")
    MEDICAL = "medical", _("Medical care")
    COUNSELLING = "counselling", _("Counselling")
    DRIVING = "driving", _("Driving")
    WRITING = "writing", _("Writing and photos")
    REPAIRS = "repairs", _("Repairs")
    COOKING = "cooking", _("Cooking")


class Volunteer(Versioned):
    group = models.ForeignKey(
        OrgUnit,
        verbose_name=_("volunteer group"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    # A volunteer with an account signs up and checks in themselves; one record per account.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # For the search: 张三 is found by "zhangsan" and by "zs" (``core.pinyin``).
    name_pinyin = models.CharField(max_length=200, editable=False)
    name_initials = models.CharField(max_length=50, editable=False)
    name_sort = models.CharField(max_length=400, editable=False)
    phone = EncryptedCharField(_("phone"), blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    skills_note = models.CharField(_("other skills"), max_length=100, blank=True)
    availability = models.CharField(_("availability"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    joined_on = models.DateField(_("joined on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name_sort", "pk"]
        indexes = [models.Index(fields=["group", "name_sort"], name="volunteer_group_sort")]

    def __str__(self) -> str:
        return self.name


class VolunteerVisit(models.Model):
    """The volunteer side of an event of kind ``volunteer_visit``: who goes, how many."""

    event = models.OneToOneField(
        Event, on_delete=models.PROTECT, related_name="volunteer_visit", primary_key=True
    )
    group = models.ForeignKey(
        OrgUnit,
        verbose_name=_("volunteer group"),
        on_delete=models.PROTECT,
        related_name="volunteer_visits",
    )
    volunteer_cap = models.PositiveIntegerField(_("volunteers at most"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer visit")
        verbose_name_plural = _("volunteer visits")
        constraints = [
            models.CheckConstraint(condition=Q(volunteer_cap__gte=1), name="visit_cap_positive"),
        ]

    def __str__(self) -> str:
        return str(self.event)


class VisitRoleKind(models.TextChoices):
    """The roles of plan 四's thank-you list, in its order."""

    LEAD_GIVER = "lead_giver", _("Gave the lead")
    SCOUT = "scout", _("Scouted the site")
    LEAD = "lead", _("Led the visit")
    DONOR = "donor", _("Donor")
    PARTICIPANT = "participant", _("Participant")
    DRIVER = "driver", _("Driver")
    WRITER = "writer", _("Wrote it up")


class VisitRole(models.Model):
    visit = models.ForeignKey(VolunteerVisit, on_delete=models.CASCADE, related_name="roles")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="visit_roles")
    role = models.CharField(_("role"), max_length=12, choices=VisitRoleKind.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit role")
        verbose_name_plural = _("visit roles")
        ordering = ["visit", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "volunteer", "role"], name="visit_role_once"),
            models.CheckConstraint(
                condition=Q(role__in=VisitRoleKind.values), name="visit_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.get_role_display()}"


class ServiceShift(models.Model):
    """One volunteer's time on one visit: checked in, checked out, confirmed by the host."""

    visit = models.ForeignKey(VolunteerVisit, on_delete=models.PROTECT, related_name="shifts")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="shifts")
    in_at = models.DateTimeField(_("checked in"))
    out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    # Hours to the nearest half hour (``volunteers.hours``), set at check-out.
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("service shift")
        verbose_name_plural = _("service shifts")
        ordering = ["in_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "volunteer"], name="shift_once"),
            models.CheckConstraint(
                condition=Q(out_at__isnull=True) | Q(out_at__gte=F("in_at")),
                name="shift_out_after_in",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0), name="shift_hours_positive"
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "in_at"], name="shift_volunteer_in")]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.visit}"
