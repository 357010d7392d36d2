"""Pocket money kept by a surrogate parent (代家长代管零花钱): accounts and entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.core.locking import Versioned
from guanai.registry.models import Person


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
