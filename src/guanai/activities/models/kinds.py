"""The one list of kinds of activity: a plan's item and the event made from it share it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """The kinds of activity the seed plans hold (篇一, 篇三, 篇七)."""

    LECTURE = "lecture", _("Lecture or talk")
    FESTIVAL = "festival", _("Festival or show")
    COMPETITION = "competition", _("Competition")
    VISIT = "visit", _("Visit or outing")
    PARENT_SCHOOL = "parent_school", _("Parent school")
    OPEN_DAY = "open_day", _("Open half-day")
    CONTACT_BOOK = "contact_book", _("Contact book issue")
    BIRTHDAY_PARTY = "birthday_party", _("Birthday party")
    LETTER_HOME = "letter_home", _("Letter home")
    VOLUNTEER_VISIT = "volunteer_visit", _("Volunteer visit")
    OTHER = "other", _("Other activity")


__all__ = ["EventKind"]
