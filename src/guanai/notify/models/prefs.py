"""What each person chose (per kind, the digest, the addresses) and the units' robots."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.core.fields import EncryptedCharField
from guanai.orgs.models import OrgUnit

DIGEST_TIME = datetime.time(7, 30)
DAILY_LIMIT = 5


class Channel(models.TextChoices):
    INAPP = "inapp", _("In-app inbox")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("WeChat Work group robot")


class Preference(models.Model):
    """A person's choice for one kind, stored only once they change its default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    enabled = models.BooleanField(_("notify me"))
    email = models.BooleanField(_("by e-mail"), default=False)
    sms = models.BooleanField(_("by SMS"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notify_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class UserSettings(models.Model):
    """A person's digest: when it comes, by which channels, and the day's limit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_settings"
    )
    digest_time = models.TimeField(_("digest time"), default=DIGEST_TIME)
    email_digest = models.BooleanField(_("daily digest by e-mail"), default=False)
    sms_digest = models.BooleanField(_("daily digest by SMS"), default=False)
    daily_limit = models.PositiveSmallIntegerField(_("messages a day at most"), default=DAILY_LIMIT)
    last_digest_on = models.DateField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)


class Address(models.Model):
    """An e-mail address or phone number a person gave, used once verified by a code."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_addresses"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    value = EncryptedCharField(_("address"), max_length=254)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    # A keyed hash of the code sent, its time and the wrong tries since.
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification address")
        verbose_name_plural = _("notification addresses")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="notify_address_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}"


class UnitWebhook(models.Model):
    """A unit's WeChat Work group robot: its events, said by count or name, go there."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="notify_webhook"
    )
    # The robot's address holds its key: kept encrypted, shown masked.
    url = EncryptedCharField(_("robot address"), max_length=300)
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    initials = models.BooleanField(_("persons' names as initials"), default=True)
    active = models.BooleanField(_("active"), default=True)
    verified_at = models.DateTimeField(_("tested"), null=True, blank=True)
    last_digest_on = models.DateField(_("last digest"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")

    def __str__(self) -> str:
        return str(self.unit_id)
