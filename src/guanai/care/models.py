"""Care work (关爱帮扶): pairings, the care log, risk levels, frequency rules, plans and
reviews, term evaluations, progress entries, the pocket-money ledger and early warnings.

Every record hangs on a ``registry.Person``; who may see it is decided by
``accounts.scoping.care_persons_q`` (the roster subtree, or the persons paired to a helper).
Records are never deleted: pairings end, plans close, warnings are acknowledged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person

# --- Pairing (结对帮扶) -----------------------------------------------------------------


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


# --- The care log -----------------------------------------------------------------------


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


# --- Risk level -------------------------------------------------------------------------


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


# --- Frequency rules --------------------------------------------------------------------


class Period(models.TextChoices):
    WEEK = "week", _("every week")
    MONTH = "month", _("every month")
    YEAR = "year", _("every year")
    DAYS = "days", _("every so many days")


class RuleTarget(models.TextChoices):
    PERSON = "person", _("each person")
    HELPER = "helper", _("each helper")


class FrequencyRule(Versioned):
    """How often care must happen, set per org unit for its subtree (editable).

    A *person* rule: each matching person (by category and risk level, blank = any)
    needs ``times`` records of the given kinds (blank = any kind) per period. A *helper*
    rule: each helper in ``helper_role`` writes ``times`` … ``times_max`` such records per
    period (篇一: each class teacher talks with 3–5 pupils a week). A unit's rule replaces
    an ancestor's rule with the same ``code``.
    """

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    target = models.CharField(
        _("applies to"), max_length=6, choices=RuleTarget.choices, default=RuleTarget.PERSON
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    risk_level = models.CharField(
        _("risk level"), max_length=6, choices=RiskLevel.choices, blank=True
    )
    helper_role = models.CharField(
        _("helper role"), max_length=20, choices=HelperRole.choices, blank=True
    )
    # Care kinds that count, comma-separated codes; blank: any kind.
    kinds = models.CharField(_("kinds of care"), max_length=200, blank=True)
    period = models.CharField(_("period"), max_length=6, choices=Period.choices)
    days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    times = models.PositiveSmallIntegerField(_("at least"), default=1)
    times_max = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("frequency rule")
        verbose_name_plural = _("frequency rules")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "code"], name="rule_code_per_unit"),
            models.CheckConstraint(
                condition=~Q(period="days") | Q(days__gte=1), name="rule_days_given"
            ),
            models.CheckConstraint(condition=Q(times__gte=1), name="rule_times_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_list(self) -> list[str]:
        return [k for k in self.kinds.split(",") if k]


# --- Plans, reviews, term evaluations, progress ------------------------------------------


class PlanDomain(models.TextChoices):
    STUDY = "study", _("Study")
    LIFE = "life", _("Daily life")
    PSYCHOLOGY = "psychology", _("Psychology")
    HEALTH = "health", _("Health")
    ACTIVITIES = "activities", _("Activities")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("plan status", "Active")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


class AssistancePlan(Versioned):
    """An assistance plan (帮扶计划): goals and measures over a span, approved by a leader."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plans")
    domain = models.CharField(_("domain"), max_length=12, choices=PlanDomain.choices)
    goals = models.TextField(_("goals"))
    measures = models.TextField(_("measures"))
    phase_targets = models.TextField(_("phase targets"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible helper"),
        on_delete=models.PROTECT,
        related_name="plans_responsible",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.CharField(_("closing note"), max_length=300, blank=True)
    # When the plan was completed or closed.
    closed_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assistance plan")
        verbose_name_plural = _("assistance plans")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="plan_dates_in_order"
            )
        ]
        indexes = [models.Index(fields=["status", "ends_on"], name="plan_status_end")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_domain_display()}"


class PlanProgress(models.TextChoices):
    AHEAD = "ahead", _("Ahead of plan")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    ACHIEVED = "achieved", _("Goal reached")


class PlanReview(models.Model):
    plan = models.ForeignKey(AssistancePlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("date"))
    progress = models.CharField(_("progress"), max_length=10, choices=PlanProgress.choices)
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["plan", "reviewed_on"], name="review_plan_date")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.reviewed_on:%Y-%m-%d}"


class Grade(models.TextChoices):
    """The four marks of a term evaluation (优、良、中、差)."""

    EXCELLENT = "excellent", pgettext_lazy("grade", "Excellent")
    GOOD = "good", pgettext_lazy("grade", "Good")
    FAIR = "fair", pgettext_lazy("grade", "Fair")
    POOR = "poor", pgettext_lazy("grade", "Needs help")


class TermEvaluation(Versioned):
    """The class teacher's evaluation of a pupil at the end of a term (学期评议)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="term_evaluations")
    # "2026-2027-1": the school year and the term (1 autumn, 2 spring).
    term = models.CharField(_("term"), max_length=11)
    conduct = models.CharField(_("conduct"), max_length=10, choices=Grade.choices)
    study = models.CharField(_("study"), max_length=10, choices=Grade.choices)
    life_skills = models.CharField(_("life skills"), max_length=10, choices=Grade.choices)
    mental_state = models.CharField(_("mental state"), max_length=10, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("term evaluation")
        verbose_name_plural = _("term evaluations")
        ordering = ["-term", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "term"], name="evaluation_once_a_term")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.term}"


class ProgressKind(models.TextChoices):
    MARK = "mark", _("Mark")
    AWARD = "award", _("Award")
    OTHER = "other", _("Other progress")


class ProgressEntry(models.Model):
    """A mark, an award or another step forward, for the progress archive (进步档案)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="progress_entries")
    kind = models.CharField(_("kind"), max_length=6, choices=ProgressKind.choices)
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    detail = models.TextField(_("detail"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"


# --- Pocket money (代家长代管零花钱) ------------------------------------------------------


class PocketMoneyAccount(Versioned):
    """A child's pocket money kept by a surrogate parent; the balance is never negative."""

    # A foreign key with a unique constraint, not a OneToOneField: django-auditlog reads
    # every reverse one-to-one of a Person on each save (a query per person).
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pocket_money")
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    monthly_quota = models.DecimalField(
        _("monthly quota"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    balance = models.DecimalField(_("balance"), max_digits=12, decimal_places=2, default=0)
    opened_on = models.DateField(_("opened on"))

    class Meta:
        verbose_name = _("pocket-money account")
        verbose_name_plural = _("pocket-money accounts")
        constraints = [
            models.UniqueConstraint(fields=["person"], name="pocket_money_one_per_person"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="pocket_money_not_negative"),
            models.CheckConstraint(
                condition=Q(monthly_quota__isnull=True) | Q(monthly_quota__gte=0),
                name="pocket_money_quota_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · ¥{self.balance}"


class LedgerDirection(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    SPENDING = "spending", _("Spending")


class LedgerEntry(models.Model):
    account = models.ForeignKey(
        PocketMoneyAccount, on_delete=models.PROTECT, related_name="entries"
    )
    direction = models.CharField(_("type"), max_length=8, choices=LedgerDirection.choices)
    on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    # A deposit: from whom; a spending: what for.
    what = models.CharField(_("from whom / what for"), max_length=100)
    balance_after = models.DecimalField(max_digits=12, decimal_places=2)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="ledger_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} ¥{self.amount} · {self.what}"


# --- Early warnings (关爱预警) ------------------------------------------------------------


class WarningKind(models.TextChoices):
    NO_CARE = "no_care", _("No care record for a long time")
    NO_PARENT_CONTACT = "no_parent_contact", _("No contact with a parent")
    PLAN_UNREVIEWED = "plan_unreviewed", _("Plan past its end without a review")
    LOW_MOOD = "low_mood", _("Low mood three times in a row")
    PAIRING_GAP = "pairing_gap", _("Pairing ended without a replacement")
    HIGH_RISK_UNCONTACTED = "high_risk", _("High-risk person not contacted this week")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class CareWarning(models.Model):
    """An early warning about a person, explained in a sentence; a leader acknowledges it.

    ``key`` names what was found (kind, person and the fact's date), so finding the same
    thing again does not raise a second warning; when the cause is gone the warning is
    resolved.
    """

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_warnings")
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    key = models.CharField(max_length=100, unique=True)
    message = models.CharField(_("explanation"), max_length=300)
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(
        _("status"), max_length=12, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-raised_on", "-pk"]
        # The lists read a status newest first: in this order PostgreSQL walks the index
        # and stops at the page, instead of sorting every warning of a county.
        indexes = [
            models.Index(fields=["status", "-raised_on", "-id"], name="warning_status_recent")
        ]

    def __str__(self) -> str:
        return self.message
