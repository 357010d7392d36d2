"""Org units: the hierarchy every record hangs from (province → … → school)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.core.locking import Versioned
from guanai.orgs import divisions

# Each level of the materialized path is the unit's primary key as 10 digits, so a
# subtree is the key range [path, next sibling's path) — one B-tree range scan on
# SQLite and PostgreSQL alike, whatever the collation (only digits are compared).
PATH_STEP = 10


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village / community")
    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    INSTITUTION = "institution", _("Care institution")
    VOLUNTEER_GROUP = "volunteer_group", _("Volunteer group")
    OFFICE = "office", _("Office")


def kind_rank() -> models.Case:
    """Return an expression ordering units by kind as the hierarchy reads, not by code."""
    return models.Case(
        *(models.When(kind=kind, then=models.Value(rank)) for rank, kind in enumerate(OrgKind)),
        output_field=models.IntegerField(),
    )


KIND_RANK = {kind.value: rank for rank, kind in enumerate(OrgKind)}

# The administrative kinds and the division level their code must have.
ADMIN_LEVEL = {
    OrgKind.PROVINCE: divisions.PROVINCE,
    OrgKind.PREFECTURE: divisions.PREFECTURE,
    OrgKind.COUNTY: divisions.COUNTY,
    OrgKind.TOWNSHIP: divisions.TOWNSHIP,
    OrgKind.VILLAGE: divisions.VILLAGE,
}


class OrgUnit(Versioned):
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("division code"),
        # 18: a care institution's unified social credit code (GB 32100, issue 17).
        max_length=18,
        blank=True,
        help_text=_("6-digit GB/T 2260 code or 12-digit statistical code."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # Kept on every large table so the data can later be sharded by province (DESIGN §3).
    province_code = models.CharField(max_length=2, blank=True, editable=False)
    # The unit's public number: a school's hotline for families (亲情电话, 篇一) on the
    # contact cards. A unit's number is not personal data and is stored in clear.
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        # The partial unique index on code cannot serve plain look-ups on SQLite.
        indexes = [models.Index(fields=["code"], name="orgunit_code_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="orgunit_code_unique"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_admin_division(self) -> bool:
        return self.kind in ADMIN_LEVEL

    def subtree_bounds(self) -> tuple[str, str]:
        """Return the half-open path range [low, high) holding this unit and its subtree."""
        last = int(self.path[-PATH_STEP:])
        return self.path, self.path[:-PATH_STEP] + str(last + 1).zfill(PATH_STEP)

    def ancestor_paths(self) -> list[str]:
        """Return the paths of this unit's ancestors, root first, itself last."""
        return [self.path[:end] for end in range(PATH_STEP, len(self.path) + 1, PATH_STEP)]


class OrgImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    CHECKED = "checked", _("Checked, not imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class OrgImport(models.Model):
    """One upload of org units: checked (a dry run), then imported, each as a job.

    The upload is kept (readable by the application only) from the check to the import,
    or a day at most when it is never imported (issue 12).
    """

    token = models.CharField(max_length=32, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The name as the clerk's computer gave it, whole: a long name is not the clerk's error,
    # so it is neither refused nor cut (issue 13).
    file_name = models.TextField()
    upload_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=OrgImportStatus.choices, default=OrgImportStatus.QUEUED
    )
    # "check" (the dry run) or "write", and how many of ``rows`` are done.
    stage = models.CharField(max_length=8, default="check")
    done = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # [row, message] of the rejected rows; [row, name, kind, parent] of the units created
    # (or to create), the first ones; the file's warnings.
    errors = models.JSONField(default=list, blank=True)
    units = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.status in (OrgImportStatus.CHECKED, OrgImportStatus.DONE):
            return 100
        return 100 * min(self.done, self.rows) // self.rows if self.rows else 0

    @property
    def working(self) -> bool:
        """Whether a check or an import is waiting or running."""
        return self.status in (OrgImportStatus.QUEUED, OrgImportStatus.RUNNING)
