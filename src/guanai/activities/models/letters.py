"""The letters-home models (亲情书信): a unit's round for an occasion, each child's letter,
and the scans of a letter.

篇一: "指导特殊群体学生利用传统节日、长辈生日、寒暑假等特殊日子给远方的家长写一封亲情书信". A school
opens a round for an occasion (``letters.festivals``) for the children of its subtree in the
target categories (left-behind children by default); the class teacher marks, with one tap
per child, who wrote. The letter stays the child's: it is not kept here, only the fact that
it was written and, when the teacher wants, a photo of it (``LetterScan``), which only those
who may read the child on the roster see (never a volunteer).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from guanai.core.locking import Versioned
from guanai.core.photos import PhotoFields
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person


def default_categories() -> list[str]:
    return [Category.LEFT_BEHIND.value]


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class LetterRound(Versioned):
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="letter_rounds"
    )
    # The occasion it was made from (``festivals.Occasion.code`` and its day): the title
    # and dates may be changed, the occasion stays what it was.
    occasion = models.CharField(_("occasion"), max_length=30)
    occasion_on = models.DateField(_("occasion's day"))
    title = models.CharField(_("title"), max_length=100)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # Registry category codes whose children the round lists when it is made.
    target_categories = models.JSONField(
        _("for categories"), default=default_categories, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("letters-home round")
        verbose_name_plural = _("letters-home rounds")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="letter_round_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="letter_round_status_known"
            ),
        ]
        indexes = [models.Index(fields=["org_unit", "opens_on"], name="letter_round_unit_open")]

    def __str__(self) -> str:
        return self.title


class Letter(models.Model):
    """One child of a round: whether they wrote, when, and who recorded it."""

    round = models.ForeignKey(
        LetterRound, on_delete=models.CASCADE, related_name="letters", verbose_name=_("round")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="letters_home", verbose_name=_("person")
    )
    written = models.BooleanField(_("wrote a letter"), default=False)
    written_on = models.DateField(_("written on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter home")
        verbose_name_plural = _("letters home")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="letter_once_per_round"),
            models.CheckConstraint(
                condition=Q(written=False) | Q(written_on__isnull=False),
                name="letter_written_has_day",
            ),
        ]
        # The family-contact KPI asks for letters written in a month.
        indexes = [models.Index(fields=["person", "written_on"], name="letter_person_written")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id} {'✓' if self.written else '·'}"


class LetterScan(PhotoFields):
    """A photo or scan of a letter (``core.photos``), served only through a view that
    checks the reader may read the child on the roster."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="scans")

    class Meta(PhotoFields.Meta):
        verbose_name = _("scan of a letter")
        verbose_name_plural = _("scans of letters")
