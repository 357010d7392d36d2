"""The care log and risk levels: records of care work, whom they met, risk assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from guanai.core.locking import Versioned
from guanai.core.photos import PhotoFields
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


class CareKind(models.TextChoices):
    TALK = "talk", _("Heart-to-heart talk")
    HOME_VISIT = "home_visit", _("Home visit")
    CONDOLENCE_VISIT = "condolence_visit", _("Condolence visit")
    FAMILY_CALL = "family_call", _("Family phone call")
    COUNSELLING = "counselling", _("Counselling session")
    LETTER = "letter", _("Letter home")
    BIRTHDAY = "birthday", _("Birthday care")
    TUTORING = "tutoring", _("Tutoring")
    OTHER = "other", _("Other")


class Parent(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    BOTH = "both", _("Both parents")


# The five areas of 篇一 (学习、生活、情绪、交友、健康), each rated 1 (worrying) … 5 (good).
AREAS = ("study", "life", "mood", "friends", "health")
RATING_MIN, RATING_MAX = 1, 5


def _rating(label: StrOrPromise) -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class CareRecord(Versioned):
    """A talk, visit, call … with one or more persons, written by its author."""

    kind = models.CharField(_("kind"), max_length=20, choices=CareKind.choices)
    occurred_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_records"
    )
    # The unit of the (first) person met, when written: reports count by it.
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    persons: models.ManyToManyField[Person, CareRecordPerson] = models.ManyToManyField(
        Person, through="CareRecordPerson", related_name="care_records", verbose_name=_("met")
    )
    summary = models.TextField(_("summary"), blank=True)
    study = _rating(_("study"))
    life = _rating(_("life"))
    mood = _rating(_("mood"))
    friends = _rating(_("friends"))
    health = _rating(_("health"))
    needs = models.TextField(_("needs found"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    # A family phone call: which parent, how many minutes.
    parent = models.CharField(_("parent"), max_length=6, choices=Parent.choices, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    # The key a phone made for a record written offline (issue 23): the same record sent
    # twice, after a lost answer, is stored once.
    key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("care record")
        verbose_name_plural = _("care records")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(**{f"{a}__isnull": True})
                        | Q(**{f"{a}__gte": RATING_MIN, f"{a}__lte": RATING_MAX})
                        for a in AREAS
                    ]
                ),
                name="care_ratings_in_range",
            )
        ]
        indexes = [models.Index(fields=["author", "occurred_on"], name="care_author_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


class CareRecordPerson(models.Model):
    """A person met in a care record; kind and date are copied here for the work lists,
    which find each person's latest contact of each kind with one indexed aggregate."""

    record = models.ForeignKey(CareRecord, on_delete=models.CASCADE, related_name="met")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_contacts")
    kind = models.CharField(max_length=20, choices=CareKind.choices)
    occurred_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "person"], name="care_person_once")
        ]
        indexes = [
            models.Index(fields=["person", "kind", "occurred_on"], name="care_person_kind_date")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


class CareRecordPhoto(PhotoFields):
    """A photo taken on a visit, kept with its record (read as the record is)."""

    record = models.ForeignKey(CareRecord, on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoFields.Meta):
        pass


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")


class RiskAssessment(models.Model):
    """A risk level set for a person with a reason; in force once a leader confirms it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risk_assessments")
    level = models.CharField(_("risk level"), max_length=6, choices=RiskLevel.choices)
    reason = models.CharField(_("reason"), max_length=300)
    # "warning" when an early warning proposed it.
    source = models.CharField(max_length=10, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)  # when it was decided
    decision = models.CharField(
        _("decision"), max_length=10, choices=RiskDecision.choices, blank=True
    )
    # The confirmed assessment in force; at most one per person.
    current = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(current=True), name="risk_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_level_display()}"
