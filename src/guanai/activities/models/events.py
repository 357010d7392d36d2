"""The events models: an event a unit holds, who is enrolled or waiting, who came.

An event is held by one org unit and seen by the roster roles of the units above it and by
the users who serve it (``helpers``: volunteers, subject teachers). Places are given by
priority (``activities.events.priority``): the rank a person had when enrolled is kept on
the enrolment, so that a later change of category does not reshuffle an event's lists.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.activities.models.kinds import EventKind
from guanai.activities.models.plans import PlanItem
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Repeat(models.TextChoices):
    """How a series repeats (``activities.events.series``): weekly on the same weekday, or
    monthly on the same day of the month, kept to the month's last day (the 31st falls on
    the 30th, or on the 28th or 29th in February)."""

    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class EventSeries(models.Model):
    """Events that repeat (篇三: 家园联系册 每月一次): the rule they were made by.

    The occurrences are ordinary events (``Event.series``), made together when the series
    is made; with ``per_class`` each occurrence is one event per class named, so that every
    class keeps its own list and attendance.
    """

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="event_series"
    )
    repeat = models.CharField(_("repeats"), max_length=10, choices=Repeat.choices)
    first_day = models.DateField(_("first day"))
    until = models.DateField(_("until"))
    occurrences = models.PositiveSmallIntegerField(_("occurrences"))
    per_class = models.BooleanField(_("one event per class"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        constraints = [
            models.CheckConstraint(
                condition=Q(repeat__in=Repeat.values), name="event_series_repeat_known"
            ),
            models.CheckConstraint(
                condition=Q(until__gte=F("first_day")), name="event_series_until_after_first"
            ),
            models.CheckConstraint(
                condition=Q(occurrences__gte=1), name="event_series_occurrences_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_repeat_display()} · {self.first_day:%Y-%m-%d}–{self.until:%Y-%m-%d}"


class Event(Versioned):
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    # Timezone-aware start and end: a parent school runs 14:00–16:00, a visit a whole day;
    # the form asks a date and optional times (a missing time is the whole day).
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_organised",
    )
    # Registry category codes (``Category``) the event is meant for; empty: everyone.
    target_categories = models.JSONField(_("for categories"), default=list, blank=True)
    # Classes as persons carry them, "三年级2班" (grade followed by class); empty: any class.
    target_classes = models.JSONField(_("for classes"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    # The users who serve the event (volunteers, subject teachers): they see it, its list
    # of names and take attendance, and see no other event (DESIGN §1).
    helpers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helpers"),
        blank=True,
        related_name="events_served",
    )
    # The plan item the event was made from ("安排活动" on the plan page); kept when the
    # item is taken out of its plan, as no event is lost.
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_known"
            ),
        ]
        indexes = [models.Index(fields=["org_unit", "starts_at"], name="event_unit_start")]

    def __str__(self) -> str:
        return self.title


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("Waiting")
    CANCELLED = "cancelled", pgettext_lazy("enrolment state", "Cancelled")


class Enrolment(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    state = models.CharField(_("state"), max_length=10, choices=EnrolmentState.choices)
    # The order of arrival in the event (1, 2, 3 …): within one priority rank, places and
    # the waiting list go first come, first served. A re-enrolment after a cancellation
    # joins at the end.
    position = models.PositiveIntegerField(_("order of arrival"))
    # The priority rank at enrolment (1 is first; ``priority.OTHERS`` for no category).
    priority_rank = models.PositiveSmallIntegerField(_("priority"))
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["priority_rank", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="enrolment_once"),
            models.UniqueConstraint(fields=["event", "position"], name="enrolment_position"),
            models.CheckConstraint(
                condition=Q(state__in=EnrolmentState.values), name="enrolment_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.event}"


class Attendance(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    present = models.BooleanField(_("present"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="attendance_once"),
        ]
        indexes = [models.Index(fields=["person", "present"], name="attendance_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.event}"


class CategoryPriority(models.Model):
    """A unit's own order of categories for places (1 first); its subtree follows it.

    Without rows for a unit or any unit above it, ``priority.DEFAULT_ORDER`` applies.
    """

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="category_priorities"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    rank = models.PositiveSmallIntegerField(_("priority"))

    class Meta:
        verbose_name = _("category priority")
        verbose_name_plural = _("category priorities")
        ordering = ["org_unit", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "category"], name="category_priority_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="category_priority_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} · {self.category} · {self.rank}"


__all__ = [
    "Attendance",
    "CategoryPriority",
    "Enrolment",
    "EnrolmentState",
    "Event",
    "EventKind",
    "EventSeries",
    "EventStatus",
    "Repeat",
]
