"""Benefits (政策扶助): policy standards, granted entitlements, bank accounts, monthly
payment rolls and medical-assistance claims.

Amounts are ``Decimal`` yuan with two places (``money.py``). A roll, once approved, is
locked: its lines never change, and a correction is an adjusting line in a later roll.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.benefits.catalogue import ITEMS, MONTHLY_ITEMS
from guanai.core.fields import EncryptedCharField
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

ITEM_CHOICES = [(entry.code, entry.label) for entry in ITEMS]
MONTHLY_CHOICES = [(entry.code, entry.label) for entry in MONTHLY_ITEMS]


class PolicyRate(models.Model):
    """A version of one catalogue item's amount, set by an org unit for its subtree.

    Versions are never edited: a new standard is a new row with its effective date. The
    national defaults of ``catalogue.py`` are the version in effect everywhere since 2000.
    """

    item = models.CharField(_("item"), max_length=24, choices=ITEM_CHOICES)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    effective_from = models.DateField(_("effective from"))
    # Yuan for amounts, a fraction (0.7000) for ratios.
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=4)
    note = models.CharField(_("basis"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("policy standard")
        verbose_name_plural = _("policy standards")
        ordering = ["item", "-effective_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "org_unit", "effective_from"], name="policy_rate_one_per_day"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="policy_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.effective_from:%Y-%m-%d}"


class Entitlement(models.Model):
    """A benefit granted by a clerk rather than derived from categories.

    The one-child-family aid (独生子女伤残家庭特别扶助) rests on a household fact the
    registry does not hold: the only child disabled or died and no other child. It is paid
    to ``quantity`` persons (usually the two parents) from ``started_on``.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="entitlements")
    item = models.CharField(_("item"), max_length=24, choices=MONTHLY_CHOICES)
    quantity = models.PositiveSmallIntegerField(pgettext_lazy("entitlement", "persons"), default=1)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="entitlement_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="entitlement_quantity"),
        ]
        indexes = [models.Index(fields=["item", "ended_on"], name="entitlement_current")]

    def __str__(self) -> str:
        return str(self.get_item_display())


class PaymentAccount(models.Model):
    """Where a person's benefits are paid: bank, account (encrypted), account holder."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="payment_account")
    bank = models.CharField(_("bank"), max_length=60)
    account_number = EncryptedCharField(_("account number"), max_length=30)
    # A child's benefits go to the guardian's account.
    holder = models.CharField(_("account holder"), max_length=50)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment account")
        verbose_name_plural = _("payment accounts")

    def __str__(self) -> str:
        return f"{self.bank} {self.holder}"


class RollStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", pgettext_lazy("roll status", "Approved")


class PaymentRoll(Versioned):
    """The monthly payment roll (发放花名册) of a unit's subtree."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))  # the first day of the month
    status = models.CharField(
        _("status"), max_length=10, choices=RollStatus.choices, default=RollStatus.DRAFT
    )
    # Kept on the roll so lists need no aggregate over millions of lines.
    lines_count = models.PositiveIntegerField(_("lines"), default=0)
    persons_count = models.PositiveIntegerField(_("persons"), default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    generated_at = models.DateTimeField(null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A leader who sends the roll back says why; shown until it is submitted again.
    review_note = models.CharField(_("review note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("payment roll")
        verbose_name_plural = _("payment rolls")
        ordering = ["-month", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month"], name="roll_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="roll_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.month:%Y-%m}"

    @property
    def locked(self) -> bool:
        return self.status == RollStatus.APPROVED


class LineKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    ADJUSTMENT = "adjustment", _("Adjustment")


class RollLine(models.Model):
    """One payment of one item to one person in a roll, with the standard it applied.

    A county's roll writes a million lines in one statement (issue 5: under a minute).
    The person, unit and standard of a line are read by that same statement, and none of
    them is ever deleted (persons are archived, units deactivated, standards versioned),
    so the database is spared checking a million foreign keys at commit: those three
    keys have no database constraint, and Django's PROTECT still guards deletions.
    """

    roll = models.ForeignKey(
        PaymentRoll, on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    # The person's unit when the roll was made: the roll stays as it was if they move.
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    item = models.CharField(_("item"), max_length=24, choices=MONTHLY_CHOICES)
    kind = models.CharField(
        _("kind"), max_length=10, choices=LineKind.choices, default=LineKind.REGULAR
    )
    quantity = models.PositiveSmallIntegerField(default=1)
    rate = models.DecimalField(_("standard"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # The standard's version: NULL for the national default of catalogue.py.
    policy_rate = models.ForeignKey(
        PolicyRate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # An adjusting line names the line of an approved roll it corrects, and why.
    adjusts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="adjusted_by"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("roll line")
        verbose_name_plural = _("roll lines")
        ordering = ["roll", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["roll", "person", "item"],
                condition=Q(kind="regular"),
                name="roll_line_once",
            ),
            models.CheckConstraint(
                condition=Q(kind="adjustment") | Q(amount__gte=0),
                name="roll_line_regular_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "item"], name="roll_line_person"),
            # Pages of a roll in line order; also serves look-ups by roll.
            models.Index(fields=["roll", "id"], name="roll_line_order"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.item} {self.amount}"


class ClaimStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    CANCELLED = "cancelled", pgettext_lazy("claim status", "Cancelled")


class MedicalClaim(models.Model):
    """A hospital stay of a poor-group patient and the assistance computed for it.

    The inputs and every computed amount are stored with the explanation lines, so the
    claim reads the same after the standards change. A cancelled claim stays on file and
    no longer counts toward the year's caps.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="medical_claims")
    hospital = models.CharField(_("hospital"), max_length=100)
    admitted = models.DateField(_("admitted"))
    discharged = models.DateField(_("discharged"))
    disease = models.CharField(_("disease"), max_length=100, blank=True)
    leukemia = models.BooleanField(_("leukaemia"), default=False)
    surgery = models.BooleanField(_("treated with surgery"), default=False)
    second_round = models.BooleanField(_("second round (still in great difficulty)"), default=False)
    rehabilitation = models.BooleanField(
        _("rehabilitation of an orphaned or disabled child"), default=False
    )
    total_cost = models.DecimalField(_("total cost"), max_digits=12, decimal_places=2)
    insurance_paid = models.DecimalField(_("paid by insurance"), max_digits=12, decimal_places=2)
    ineligible_cost = models.DecimalField(_("ineligible items"), max_digits=12, decimal_places=2)
    temporary_request = models.DecimalField(
        _("temporary assistance asked"), max_digits=12, decimal_places=2, default=0
    )
    eligible_out_of_pocket = models.DecimalField(max_digits=12, decimal_places=2)
    # 篇八 (一) 5: relieved in full; not counted toward the yearly caps of the other items.
    rehabilitation_relief = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    medical_assistance = models.DecimalField(max_digits=12, decimal_places=2)
    second_assistance = models.DecimalField(max_digits=12, decimal_places=2)
    hospital_allowance = models.DecimalField(max_digits=12, decimal_places=2)
    lump_sum = models.DecimalField(max_digits=12, decimal_places=2)
    temporary = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    explanation = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.RECORDED
    )
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medical-assistance claim")
        verbose_name_plural = _("medical-assistance claims")
        ordering = ["-discharged", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged__gte=F("admitted")), name="claim_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(medical_assistance__gte=0)
                & Q(second_assistance__gte=0)
                & Q(hospital_allowance__gte=0)
                & Q(lump_sum__gte=0)
                & Q(temporary__gte=0),
                name="claim_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rehabilitation_relief__gte=0), name="claim_relief_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["person", "discharged"], name="claim_person_year")]

    def __str__(self) -> str:
        return f"{self.person} {self.hospital} {self.discharged:%Y-%m-%d}"
