"""Pairings (结对帮扶): a helper or a buddy with a person, from a day until ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from guanai.registry.models import Person


class HelperRole(models.TextChoices):
    SUBJECT_TEACHER = "subject_teacher", _("Subject teacher")
    CLASS_TEACHER = "class_teacher", _("Class teacher")
    SURROGATE_PARENT = "surrogate_parent", _("Surrogate parent")
    PAIRED_CADRE = "paired_cadre", _("Paired cadre")
    CHILD_DIRECTOR = "child_director", _("Village child-welfare director")
    VOLUNTEER = "volunteer", _("Volunteer")
    STUDY_BUDDY = "study_buddy", _("Study buddy")


class Pairing(models.Model):
    """A helper paired with a person in a role, over a span of time (结对帮扶).

    The helper is an account, except a study buddy (学习帮手), a fellow pupil who is
    named only. Ending a pairing keeps it in the history.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pairings")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    buddy_name = models.CharField(_("study buddy"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=HelperRole.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(helper__isnull=False) | ~Q(buddy_name=""),
                name="pairing_has_helper",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="pairing_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["person", "helper", "role"],
                condition=Q(ended_on__isnull=True, helper__isnull=False),
                name="pairing_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["helper", "ended_on"], name="pairing_helper_open"),
            models.Index(fields=["person", "ended_on"], name="pairing_person_open"),
        ]

    def __str__(self) -> str:
        who = self.helper.get_full_name() if self.helper else self.buddy_name
        return f"{who} · {self.get_role_display()} · {self.person}"
