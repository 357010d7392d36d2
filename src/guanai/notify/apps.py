from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "guanai.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.notify import models as m
        from guanai.notify.delivery import kinds as delivery_kinds

        # The daily digest is a notification of its own, in the inbox beside its items.
        delivery_kinds.register()

        # The settings people and units choose are audited; the messages themselves and
        # their delivery log are the record (they hold no personal data, point 4).
        auditlog.register(m.Preference)
        auditlog.register(m.UserSettings)
        auditlog.register(m.Address, exclude_fields=["value", "code_hash"])
        auditlog.register(m.UnitWebhook, exclude_fields=["url"])

        # The scheduled jobs of notify itself, and the check that every job has a time.
        from guanai.notify import checks
        from guanai.notify.scheduler import own_jobs

        own_jobs.register()
        checks.register()
