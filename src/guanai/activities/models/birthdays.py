"""The birthdays models: a person's lunar birthday, and each year's celebration.

A person's solar birthday is ``Person.birth_date``. A person whose family keeps the
birthday by the lunar calendar has one ``LunarBirthday`` beside it; the lists then show
the lunar one, converted to the year (``birthdays/lunar.py``), and not the solar one.

A ``Celebration`` records that a person's birthday of one year was celebrated: one per
person per year, whatever was done. The question the plans ask (and the KPI "birthdays
celebrated" counts) is whether the child's birthday was marked, not how many things were
done; a card and then a party are one celebration, ``how`` naming the main one and the
note the rest. The year is the birthday's: the solar year of a solar birthday, the lunar
year of a lunar one (a twelfth-month birthday of lunar 2025 may fall in January 2026, and
one solar year may hold two of them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.registry.models import Person


class LunarBirthday(models.Model):
    """The lunar birthday a person keeps: month 1–12, day 1–30, leap month or not."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="lunar_birthday", verbose_name=_("person")
    )
    month = models.PositiveSmallIntegerField(_("lunar month"))
    day = models.PositiveSmallIntegerField(_("lunar day"))
    is_leap = models.BooleanField(_("leap month"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lunar birthday")
        verbose_name_plural = _("lunar birthdays")
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12, day__gte=1, day__lte=30),
                name="lunar_birthday_month_day",
            ),
        ]

    def __str__(self) -> str:
        leap = "闰" if self.is_leap else ""
        return f"{self.person_id}: {leap}{self.month}-{self.day}"


class CelebrationHow(models.TextChoices):
    CARD = "card", _("birthday card")
    WISHES = "wishes", _("wishes")
    PARTY = "party", _("birthday party")
    OTHER = "other", _("other")


class Celebration(models.Model):
    """A person's birthday of one year, celebrated: how, when and by whom."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="birthday_celebrations",
        verbose_name=_("person"),
    )
    # The birthday's year: solar for a solar birthday, lunar for a lunar one.
    year = models.PositiveSmallIntegerField(_("year"))
    lunar = models.BooleanField(_("lunar birthday"), default=False)
    how = models.CharField(_("how"), max_length=10, choices=CelebrationHow.choices)
    on = models.DateField(_("celebrated on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("celebrated by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("birthday celebration")
        verbose_name_plural = _("birthday celebrations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], name="birthday_celebration_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.year} {self.how}"
