"""Assistance in kind and projects (篇八): the service catalogue, requests and their delivery,
follow-ups, housing renovation stages with photos, and multi-year targets.

A service (帮扶服务: a wheelchair, a hearing aid, rehabilitation of a child with cerebral
palsy, renovation of a dangerous house, skills training, a micro-loan guarantee …) says who
qualifies in ``rules``, read by the pure ``inkind.rules``. A request (申请) for a person goes
requested → assessed → approved (by a leader) or refused → delivered, or is cancelled with a
reason; a delivered device is followed up (in use, needs repair, unused). A service that is a
project (危房改造) is delivered through stages — survey, plan, funding, works, acceptance —
each with a date, a note and photos; acceptance delivers it. A service target (目标) of a unit
says what the unit promises for a service over some years, read against the deliveries: a
multi-year target of the work organisation (``governance.Target``) with its service.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.core.photos import PhotoFields
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


class ServiceKind(models.TextChoices):
    DEVICE = "device", _("Assistive device")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    HOUSING = "housing", _("Housing")
    TRAINING = "training", _("Training and work")
    LOAN = "loan", _("Loan")
    INSURANCE = "insurance", _("Insurance")
    SCHOOLING = "schooling", pgettext_lazy("service kind", "Schooling")
    OTHER = "other", pgettext_lazy("service kind", "Other")


class Service(Versioned):
    """One service of the catalogue, with who qualifies for it (``inkind.rules``)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("service", "name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=ServiceKind.choices)
    basis = models.TextField(_("policy basis"), max_length=2000, blank=True)
    # The eligibility rules as data; inkind.rules reads, checks and explains them.
    rules = models.JSONField(_("eligibility"), default=dict)
    # Delivered through stages (survey … acceptance) rather than in one step.
    is_project = models.BooleanField(_("delivered as a project"), default=False)
    # A device delivered has a serial number.
    needs_serial = models.BooleanField(_("serial number on delivery"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=100)
    built_in = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("request status", "Requested")
    ASSESSED = "assessed", pgettext_lazy("request status", "Assessed")
    APPROVED = "approved", pgettext_lazy("request status", "Approved")
    REFUSED = "refused", pgettext_lazy("request status", "Refused")
    DELIVERED = "delivered", pgettext_lazy("request status", "Delivered")
    CANCELLED = "cancelled", pgettext_lazy("request status", "Cancelled")


# A request still being worked: one per person and service at a time.
OPEN_STATUSES = (
    ApplicationStatus.REQUESTED,
    ApplicationStatus.ASSESSED,
    ApplicationStatus.APPROVED,
)


class ApplicationSource(models.TextChoices):
    PERSON = "person", _("The person or the family")
    HELPER = "helper", _("A helper")
    SURVEY = "survey", _("A survey")
    SCREENING = "screening", _("Eligible but not served")
    OFFICE = "office", _("The office")


class Application(Versioned):
    """A person's request for a service, from the asking to the delivery and after."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="inkind_applications",
        verbose_name=_("person"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="applications", verbose_name=_("service")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.REQUESTED,
    )
    source = models.CharField(_("source"), max_length=10, choices=ApplicationSource.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Assessment (评估): whether the service suits the person, and what exactly (a size).
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment = models.TextField(_("assessment"), max_length=2000, blank=True)
    # Decision by a leader (审批).
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), max_length=1000, blank=True)
    # Delivery (发放 / 竣工验收).
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=10, decimal_places=2, null=True, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    delivery_note = models.TextField(_("delivery note"), max_length=1000, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["service", "status"], name="inkind_application_service")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=Q(status__in=["requested", "assessed", "approved"]),
                name="inkind_one_open_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.service}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class UseStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    NEEDS_REPAIR = "needs_repair", _("Needs repair")
    UNUSED = "unused", _("Not used")


class FollowUp(models.Model):
    """A visit after delivery: is the device (the training, the house) in use?"""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="followups")
    visited_on = models.DateField(_("visited on"))
    status = models.CharField(_("use"), max_length=12, choices=UseStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.visited_on}"


class Stage(models.TextChoices):
    SURVEY = "survey", _("Survey of the house")
    PLAN = "plan", _("Renovation plan")
    FUNDING = "funding", _("Funding")
    WORKS = "works", _("Works")
    ACCEPTANCE = "acceptance", _("Acceptance")


# The stages in the order a project goes through them; acceptance delivers it.
STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


class StageRecord(models.Model):
    """One stage of a project done: when, what, for how much, with photos."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="stages")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "stage"], name="inkind_stage_once")
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_stage_display()}"


class StagePhoto(PhotoFields):
    record = models.ForeignKey(StageRecord, on_delete=models.PROTECT, related_name="photos")

    class Meta(PhotoFields.Meta):
        pass


class Measure(models.TextChoices):
    ALL_SERVED = "all_served", _("Every eligible person served")
    COUNT = "count", _("A number of persons served")


# A service target's figure is computed by the target source "inkind.<measure>", which
# inkind registers with governance (``inkind.coverage.sources``).
SOURCE_PREFIX = "inkind."


class ServiceTarget(models.Model):
    """A multi-year target of a unit for a service (篇八: 力争三年内消除散居五保户危房).

    The target itself — unit, title, years, goal, note, who set it, archived — is the work
    organisation's (``governance.Target``), as every multi-year target; its ``source``
    says the measure (``inkind.all_served``: the share of every eligible person served, in
    percent; ``inkind.count``: the persons served since the first year). This row adds the
    service it is about. The properties read the target's fields under the names the
    in-kind pages use.
    """

    target = models.OneToOneField(
        "governance.Target",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="service_target",
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="service_targets",
        verbose_name=_("service"),
    )

    class Meta:
        ordering = ["target__org_unit__path", "target__base_year", "pk"]

    def __str__(self) -> str:
        return self.target.title

    @property
    def org_unit(self) -> OrgUnit:
        return self.target.org_unit

    @property
    def title(self) -> str:
        return self.target.title

    @property
    def start_year(self) -> int:
        return self.target.base_year

    @property
    def end_year(self) -> int:
        return self.target.final_year

    @property
    def measure(self) -> str:
        return self.target.source.removeprefix(SOURCE_PREFIX)

    def get_measure_display(self) -> str:
        return str(Measure(self.measure).label)

    @property
    def goal(self) -> int | None:
        """Return the persons to serve (a count), None for every eligible person."""
        if self.measure != Measure.COUNT or self.target.goal is None:
            return None
        return int(self.target.goal)

    @property
    def note(self) -> str:
        return self.target.note

    @property
    def version(self) -> int:
        return self.target.version

    @property
    def archived_at(self) -> datetime | None:
        return self.target.archived_at

    @property
    def created_by(self) -> Any:
        return self.target.created_by
