"""Persons of the roster (花名册) and their case files (档案): categories and contacts."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.fields import EncryptedCharField
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit

# The 56 ethnic groups in the order of GB 3304; stored by name, as rosters write them.
# A table as the standard prints it, read into a list (hence the split).
ETHNICITIES = (  # noqa: SIM905
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 "
    "土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 "
    "景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 "
    "阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 "
    "塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Category(models.TextChoices):
    """The categories of DESIGN §4; the codes are fixed names other tools rely on."""

    LEFT_BEHIND = "left_behind", _("Left-behind child")
    MIGRANT_CHILD = "migrant_child", _("Migrant worker's child")
    SINGLE_PARENT = "single_parent", _("Single-parent child")
    ORPHAN = "orphan", _("Orphan")
    UNSUPPORTED_CHILD = "unsupported_child", _("De-facto unsupported child")
    DISABLED = "disabled", _("Disabled person")
    SANWU = "sanwu", _("Three-no person")
    TEKUN = "tekun", _("Extremely poor person")
    DIBAO = "dibao", _("Minimum-living-guarantee recipient")
    MAJOR_ILLNESS = "major_illness", _("Major-illness patient")


class SchoolingStatus(models.TextChoices):
    IN_SCHOOL = "in_school", _("In school")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    SUSPENDED = "suspended", _("Suspended")
    GRADUATED = "graduated", _("Graduated")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    NOT_ENROLLED = "not_enrolled", _("Not enrolled")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    DISABLED = "disabled", _("Disabled")
    ILL = "ill", _("Ill")


class HouseCondition(models.TextChoices):
    """The safety of the house the person lives in (住房安全等级; C and D are 危房)."""

    SAFE = "safe", _("Safe")
    C_GRADE = "c_grade", _("Dangerous, grade C")
    D_GRADE = "d_grade", _("Dangerous, grade D")


class ArchiveReason(models.TextChoices):
    GRADUATED = "graduated", _("Graduated")
    MOVED_AWAY = "moved_away", _("Moved away")
    AGED_OUT = "aged_out", _("Aged out")
    DECEASED = "deceased", _("Deceased")
    NOT_ELIGIBLE = "not_eligible", _("No longer eligible")
    MERGED_DUPLICATE = "merged_duplicate", _("Merged duplicate")


class Person(Versioned):
    # No index of its own: ("org_unit", "name_sort") below serves it.
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="persons",
        db_index=False,
    )
    # Kept on every large table so the data can later be sharded by province (DESIGN §3).
    province_code = models.CharField(max_length=2, blank=True, editable=False)
    # A person's name is 姓名; "name" alone reads 名称, the name of a unit or a thing.
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # No index: a pinyin search also matches initials, which have no index, so it reads
    # the user's subtree in roster order (the name_sort index) either way.
    name_pinyin = models.CharField(max_length=200, editable=False)
    name_initials = models.CharField(max_length=50, editable=False)
    # The roster's order, core.pinyin.sort_key: pinyin, tone and character, character by
    # character (陈 before 程 whatever follows, each surname together). Indexed below
    # (Meta.indexes), not with db_index, which on PostgreSQL adds an unused LIKE index.
    name_sort = models.CharField(max_length=400, editable=False)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=10, blank=True, choices=[(e, e) for e in ETHNICITIES]
    )
    id_number = EncryptedCharField(_("ID number"), blank=True)
    # HMAC of the normalised ID number: exact look-up and one file per person. NULL when
    # no ID number is known (a unique column holds any number of NULLs). Unique by a
    # constraint, not ``unique=True``, which on PostgreSQL adds a second index for LIKE
    # that no query uses and every insert pays for (a hash is random: a costly index).
    id_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    phone = EncryptedCharField(_("phone"), blank=True)
    hukou_place = models.CharField(_("household registration"), max_length=200, blank=True)
    address = models.CharField(_("current address"), max_length=200, blank=True)
    village = models.ForeignKey(
        OrgUnit,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_persons",
    )
    school = models.ForeignKey(
        OrgUnit,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pupils",
    )
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    class_name = models.CharField(_("class"), max_length=20, blank=True)
    boarding = models.BooleanField(_("boarding"), default=False)
    schooling_status = models.CharField(
        _("schooling"), max_length=16, choices=SchoolingStatus.choices, blank=True
    )
    schooling_since = models.DateField(_("schooling status since"), null=True, blank=True)
    health = models.CharField(
        _("health"), max_length=10, choices=Health.choices, default=Health.HEALTHY
    )
    # Blank: not recorded. Read by assistance in kind (危房改造 for scattered 五保 persons).
    house_condition = models.CharField(
        _("house condition"), max_length=8, choices=HouseCondition.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archive_reason = models.CharField(
        _("archive reason"), max_length=20, choices=ArchiveReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name_sort", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="person_archive_has_reason",
            ),
            models.UniqueConstraint(fields=["id_hash"], name="person_id_hash_unique"),
        ]
        indexes = [
            models.Index(fields=["org_unit", "name_sort"], name="person_unit_sort"),
            models.Index(fields=["name_sort"], name="person_sort"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class PersonCategory(models.Model):
    """One category of a person over a span of time; ending it keeps the history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    # The category's own details (who is away, support mode, certificate, disease …).
    details = models.JSONField(_("details"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="category_dates_in_order",
            )
        ]
        indexes = [models.Index(fields=["category", "ended_on"], name="category_current")]

    def __str__(self) -> str:
        return str(self.get_category_display())


class ContactKind(models.TextChoices):
    GUARDIAN = "guardian", _("Guardian")
    PARENT = "parent", _("Parent")
    NEIGHBOUR = "neighbour", _("Neighbour")
    OTHER = "other", _("Other contact")


class Contact(models.Model):
    """A guardian, parent, neighbour or other contact of a person (篇二)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=20, blank=True)
    phone = EncryptedCharField(_("phone"), blank=True)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_guardian = models.BooleanField(_("guardian"), default=False)
    works_away_at = models.CharField(_("works away at"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_guardian", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）" if self.relation else self.name


# PIPL art. 31: processing a child's data under 14 needs a guardian's consent.
CONSENT_AGE = 14


class Consent(models.Model):
    """A guardian's consent to processing a child's personal information (PIPL art. 31)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(_("consented by"), max_length=50)
    relation = models.CharField(_("relation"), max_length=20)
    given_on = models.DateField(_("date of consent"))
    scope = models.CharField(_("scope"), max_length=200)
    purpose = models.CharField(_("purpose of processing"), max_length=200)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.given_by}（{self.relation}）{self.given_on:%Y-%m-%d}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the receiving unit")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Transfer(models.Model):
    """A person moving to another unit (a child changes school or township).

    The receiving unit accepts or declines; on acceptance the file, its categories,
    contacts and history move, and the sending unit keeps a read-only trace.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=pgettext_lazy("transfer", "from"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=pgettext_lazy("transfer", "to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200)
    # What the sending helpers want the receiving unit to know (篇一: 外来务工子女).
    handover_note = models.TextField(_("handover note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    requested_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open transfer per person at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending"),
                name="transfer_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=F("to_unit")), name="transfer_to_another_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.to_unit}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, not imported")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class RosterImport(models.Model):
    """One upload of a roster: checked (dry run), then imported, in the background if large.

    The upload is kept in ``var/media/imports`` (mode 0600: it holds ID numbers in clear)
    only from the check to the end of the import, or a day if it is never imported; the
    error workbook for ``GUANAI_IMPORT_ERRORS_DAYS`` (7) days (``guanai purge-import-files``).
    """

    token = models.CharField(max_length=32, unique=True, editable=False)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12)
    # The name as the clerk's computer gave it, whole: a long name is not the clerk's error,
    # so it is neither refused nor cut (issue 13).
    file_name = models.TextField()
    upload_path = models.CharField(max_length=500, blank=True)
    errors_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    # Progress: the stage ("check" or "write") and how many of ``rows`` are done.
    stage = models.CharField(max_length=8, blank=True)
    done = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # [row, column, reason] of the first rejected rows, shown on the result page.
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.org_unit}"

    @property
    def percent(self) -> int:
        """Progress in percent: rows are checked and written chunk by chunk, together."""
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows:
            return 0
        return 100 * min(self.done, self.rows) // self.rows

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
