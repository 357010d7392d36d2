"""An institution's staff roster (五 (二) 人员要求): roles, time, certificates, trainings.

The roles are those the standard names: managers (管理人员) and the financial staff among
them (财务等专业岗位上的管理人员), the professionals (专业人员: medical staff, rehabilitation
technicians, mental-health doctors or therapists, counsellors, employment-service
instructors, social workers) and the caregivers (护理人员). A certificate (``Qualification``)
may expire; a training (``Training``) is a day and a title, of a kind that tells whether it
was management training (管理-5) or social-work, welfare or rehabilitation study (管理-1).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.institutions.models.register import Institution


class StaffRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    FINANCIAL = "financial", _("Financial staff")
    DOCTOR = "doctor", _("Doctor")
    NURSE = "nurse", _("Nurse")
    REHABILITATION = "rehabilitation", _("Rehabilitation therapist")
    MENTAL_HEALTH = "mental_health", _("Mental-health doctor or psychotherapist")
    COUNSELLOR = "counsellor", _("Psychological counsellor")
    EMPLOYMENT = "employment", _("Employment-service instructor")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    CAREGIVER = "caregiver", _("Caregiver")


# 专业人员 of 五 (二) 2: the roles 专业-5 asks to be full-time in a residential institution.
PROFESSIONAL_ROLES = frozenset(
    {
        StaffRole.DOCTOR,
        StaffRole.NURSE,
        StaffRole.REHABILITATION,
        StaffRole.MENTAL_HEALTH,
        StaffRole.COUNSELLOR,
        StaffRole.EMPLOYMENT,
        StaffRole.SOCIAL_WORKER,
    }
)


class Staff(Versioned):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="staff")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    name_sort = models.CharField(max_length=400, editable=False)
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices)
    full_time = models.BooleanField(_("full time"), default=True)
    birth_date = models.DateField(_("birth date"))
    # 管理-1: social-work, welfare or rehabilitation study (a degree, a course) in words.
    relevant_study = models.CharField(_("relevant study"), max_length=200, blank=True)
    is_active = models.BooleanField(_("on the staff"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["institution", "name_sort", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=StaffRole.values), name="staff_role_known"),
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("certificate"), max_length=100)
    number = models.CharField(_("certificate number"), max_length=50, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # Empty: the certificate does not expire.
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["staff", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(expires_on__gte=F("issued_on")),
                name="qualification_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingKind(models.TextChoices):
    MANAGEMENT = "management", _("Management training")
    PROFESSIONAL = "professional", _("Social work, welfare or rehabilitation")
    OTHER = "other", _("Other training")


class Training(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="trainings")
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=TrainingKind.choices)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["staff", "-on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TrainingKind.values), name="training_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title
