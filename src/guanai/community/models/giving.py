"""Needs, donations and the charity fund (篇四, 篇八).

A need (需求) is what a unit lacks — "大容量洗衣机 4 台" — posted by its staff, for the unit
or for one of its persons (whose name the needs board never shows). A donation (捐赠) is
cash or goods given to a unit, a need, a person or a charity fund; goods matched to a need
(``DonationMatch``) meet it, in part or in full: the need's status is derived from those
matches, never stored. A charity fund (慈善救助基金) of a county or township is a ledger:
income from cash donations (the charity day's among them), spending by grants approved by
a leader, each entry with the balance after it, the balance never below zero.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.community.models.volunteers import VolunteerVisit
from guanai.core.fields import EncryptedCharField
from guanai.core.locking import Versioned
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    WHEN_POSSIBLE = "when_possible", _("When possible")


class Need(models.Model):
    """What a unit (or one of its persons, through its staff) lacks, as the board shows it."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # For whom, when the need is a person's: kept for the unit's staff, never on the board.
    person = models.ForeignKey(
        Person,
        verbose_name=_("for the person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.CharField(_("item"), max_length=100)
    quantity = models.PositiveIntegerField(_("quantity"))
    measure = models.CharField(_("unit of measure"), max_length=10)
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.SOON
    )
    why = models.CharField(_("why"), max_length=1000, blank=True)
    posted_on = models.DateField(_("posted on"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="need_quantity_positive"),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="need_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.quantity} {self.measure}"


class DonorKind(models.TextChoices):
    PERSON = "person", _("A person")
    COMPANY = "company", _("A company or organisation")
    ANONYMOUS = "anonymous", _("Anonymous")


class DonationKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class Destination(models.TextChoices):
    UNIT = "unit", _("A unit")
    NEED = "need", _("A need")
    PERSON = "person", _("A person")
    FUND = "fund", _("A charity fund")


class CharityFund(Versioned):
    """A county's or township's charity fund (慈善救助基金): a ledger that never goes negative."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    balance = models.DecimalField(_("balance"), max_digits=12, decimal_places=2, default=0)
    opened_on = models.DateField(_("opened on"))
    # 篇八: the charity day is 11-19 unless the fund sets another.
    charity_month = models.PositiveSmallIntegerField(_("charity day: month"), default=11)
    charity_day = models.PositiveSmallIntegerField(_("charity day: day"), default=19)

    class Meta:
        verbose_name = _("charity fund")
        verbose_name_plural = _("charity funds")
        constraints = [
            models.UniqueConstraint(fields=["org_unit"], name="charity_fund_one_per_unit"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="charity_fund_not_negative"),
            models.CheckConstraint(
                condition=Q(charity_month__gte=1, charity_month__lte=12)
                & Q(charity_day__gte=1, charity_day__lte=31),
                name="charity_fund_day_in_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A fund's appeal on one day (the charity day, 慈善日), with the donations made to it."""

    fund = models.ForeignKey(CharityFund, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=100)
    on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(fields=["fund", "on"], name="campaign_one_per_fund_and_day")
        ]

    def __str__(self) -> str:
        return self.title


class Donation(models.Model):
    """Cash or goods given, to whom and by whom; the donor's contact is kept encrypted."""

    # The unit that received it: the need's, the person's or the fund's unit, or the unit
    # named. Who sees the donation follows this unit.
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("received by"), on_delete=models.PROTECT, related_name="+"
    )
    donor_kind = models.CharField(_("donor"), max_length=10, choices=DonorKind.choices)
    donor_name = models.CharField(_("donor's name"), max_length=100, blank=True)
    donor_phone = EncryptedCharField(_("donor's phone"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=DonationKind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    item = models.CharField(_("item"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=10, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    on = models.DateField(_("date"))
    destination = models.CharField(_("for"), max_length=8, choices=Destination.choices)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fund = models.ForeignKey(
        CharityFund, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    acknowledged_on = models.DateField(_("acknowledgement sent"), null=True, blank=True)
    # The volunteer visit on which it was received, when a volunteer recorded it there.
    visit = models.ForeignKey(
        VolunteerVisit,
        verbose_name=_("received on the visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "receipt_number"],
                condition=~Q(receipt_number=""),
                name="donation_receipt_unique_per_unit",
            ),
            models.CheckConstraint(
                condition=(Q(kind="cash") & Q(amount__gt=0) & Q(quantity__isnull=True))
                | (Q(kind="in_kind") & Q(amount__isnull=True) & Q(quantity__gt=0)),
                name="donation_cash_or_in_kind",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="donation_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == DonationKind.CASH:
            return f"{self.donor_name} ¥{self.amount}"
        return f"{self.donor_name} {self.item} {self.quantity} {self.measure}"


class DonationMatch(models.Model):
    """So many of a donation's goods meet a need; several donations may meet one need."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="matches")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="matches")
    quantity = models.PositiveIntegerField(_("quantity"))
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("donation matched to a need")
        verbose_name_plural = _("donations matched to needs")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="match_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.donation} → {self.need}"


class GrantStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting a leader")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Grant(Versioned):
    """Money of a fund given to a person or a unit, with its reason, approved by a leader."""

    fund = models.ForeignKey(CharityFund, on_delete=models.PROTECT, related_name="grants")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.REQUESTED
    )
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(org_unit__isnull=True),
                name="grant_to_a_person_or_a_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} ¥{self.amount}"


class FundDirection(models.TextChoices):
    INCOME = "income", _("Income")
    SPENDING = "spending", _("Spending")


class FundEntry(models.Model):
    """One line of a fund's ledger, with the balance after it; never edited or deleted."""

    fund = models.ForeignKey(CharityFund, on_delete=models.PROTECT, related_name="entries")
    direction = models.CharField(_("type"), max_length=8, choices=FundDirection.choices)
    on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    what = models.CharField(_("from whom / what for"), max_length=600)
    balance_after = models.DecimalField(_("balance after"), max_digits=12, decimal_places=2)
    donation = models.ForeignKey(
        Donation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grant = models.ForeignKey(
        Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="fund_entry_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=(Q(direction="income") & Q(donation__isnull=False))
                | (Q(direction="spending") & Q(grant__isnull=False)),
                name="fund_entry_from_donation_or_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.on} ¥{self.amount}"
