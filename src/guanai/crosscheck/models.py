"""Cross-checks (数据比对): another agency's list compared with the registry and the rolls.

A unit uploads a list (``CheckList``): deaths from public security or the funeral parlour,
the disability federation's certificates, the education bureau's school rolls, the low-income
(低保) list, household-registration moves. Its rows (``ListRow``) are matched with the
persons by the ID number's look-up hash and kept for a retention period only; what a match
means is a ``Finding`` (a person still paid after death, a changed disability grade, a
left-behind child who dropped out …), assigned to the unit managing the person and worked
until it is resolved: fixed here (the fix made through the normal page, linked), or not an
error, with a reason. A finding outlives the list's rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.fields import EncryptedCharField
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


class ListKind(models.TextChoices):
    DEATHS = "deaths", _("Deaths")
    DISABILITY = "disability", _("Disability certificates")
    SCHOOL = "school", _("School rolls")
    DIBAO = "dibao", _("Minimum-living-guarantee list")
    HUKOU_MOVES = "hukou_moves", _("Household-registration moves")


class FindingKind(models.TextChoices):
    """What a match means; the codes are fixed names (``guanai crosscheck --json``)."""

    DEATH_ACTIVE_FILE = "death_active_file", _("Deceased, file still active")
    DEATH_ON_ROLL = "death_on_roll", _("Deceased, still on a payment roll")
    DEATH_PAID = "death_paid", _("Deceased, paid after death")
    DISABILITY_GRADE = "disability_grade", _("Disability type or grade differs")
    DISABILITY_CERTIFICATE = "disability_certificate", _("Certificate number differs")
    DISABILITY_CATEGORY = "disability_category", _("Certified, not in the disabled category")
    DISABILITY_UNREGISTERED = "disability_unregistered", _("Certified, not registered")
    SCHOOL_DROPPED_OUT = "school_dropped_out", _("Dropped out of school")
    SCHOOL_TRANSFERRED = "school_transferred", _("Transferred to another school")
    DIBAO_CATEGORY = "dibao_category", _("On the dibao list, not in the dibao category")
    DIBAO_UNREGISTERED = "dibao_unregistered", _("On the dibao list, not registered")
    DIBAO_NOT_LISTED = "dibao_not_listed", _("In the dibao category, not on the list")
    MOVED_AWAY = "moved_away", _("Household registration moved away")
    NAME_DIFFERS = "name_differs", _("ID matches, name differs")


class FindingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding status", "Open")
    FIXED = "fixed", pgettext_lazy("finding status", "Fixed")
    NOT_ERROR = "not_error", pgettext_lazy("finding status", "Not an error")


class CheckList(models.Model):
    """One upload of another agency's list, with what the comparison counted."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of list"), max_length=12, choices=ListKind.choices)
    source = models.CharField(_("issued by"), max_length=60)
    purpose = models.CharField(_("purpose"), max_length=200)
    as_of = models.DateField(_("list date"))
    file_name = models.CharField(_("file"), max_length=200)
    # The encrypted copy of the file (core.crypto.encrypt_bytes), "" when none is kept.
    stored_file = models.CharField(max_length=300, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    not_found = models.PositiveIntegerField(_("not found"), default=0)
    out_of_scope = models.PositiveIntegerField(_("outside the unit"), default=0)
    # {finding kind: n} found by this upload (new and found again).
    findings = models.JSONField(default=dict, blank=True)
    # The rejected rows: [{"row": n, "field": f, "reason": text}], never a number in clear.
    rejects = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # When the rows were deleted (the retention period ended); the findings stay.
    rows_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("compared list")
        verbose_name_plural = _("compared lists")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["org_unit", "kind", "uploaded_at"], name="checklist_unit")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of:%Y-%m-%d}"


class ListRow(models.Model):
    """A row of a list as read: kept until the retention period ends, then deleted."""

    check_list = models.ForeignKey(CheckList, on_delete=models.CASCADE, related_name="list_rows")
    row = models.PositiveIntegerField()
    id_hash = models.CharField(max_length=64)
    # The ID number, encrypted: a finding about someone not registered needs it to register.
    id_number = EncryptedCharField(blank=True)
    region = models.CharField(max_length=6)  # the ID number's region code
    name = models.CharField(max_length=50)
    # The list's values of its kind (date of death, certificate, grade, school status …).
    data = models.JSONField(default=dict)
    person = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    name_differs = models.BooleanField(default=False)
    in_scope = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["check_list", "id_hash"], name="listrow_hash")]

    def __str__(self) -> str:
        return f"{self.check_list_id}:{self.row}"


class Finding(Versioned):
    """A discrepancy found by a list, worked by the unit managing the person."""

    kind = models.CharField(_("finding"), max_length=24, choices=FindingKind.choices)
    list_kind = models.CharField(_("kind of list"), max_length=12, choices=ListKind.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="crosscheck_findings"
    )
    # The ID number's look-up hash: one open finding of a kind per number.
    key = models.CharField(max_length=64)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # Only for someone not registered (kept encrypted, to register them).
    id_number = EncryptedCharField(blank=True)
    # What the list said and what the registry held, for the explanation and the re-check.
    facts = models.JSONField(default=dict)
    first_list = models.ForeignKey(CheckList, on_delete=models.PROTECT, related_name="+")
    last_list = models.ForeignKey(CheckList, on_delete=models.PROTECT, related_name="+")
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    resolution = models.CharField(_("resolution"), max_length=300, blank=True)
    # Where the fix was made (the file, the roll), when it was made through a normal page.
    fix_url = models.CharField(max_length=200, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-urgent", "-found_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"], condition=Q(status="open"), name="finding_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(resolution=""), name="finding_resolved_why"
            ),
        ]
        indexes = [
            models.Index(fields=["org_unit", "status"], name="finding_unit"),
            models.Index(fields=["person", "status"], name="finding_person"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == FindingStatus.OPEN
