from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodayConfig(AppConfig):
    name = "guanai.today"
    label = "today"
    verbose_name = _("Today's tasks")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.today.models import CalendarFeedToken

        # Made, replaced and turned off are also access-log events (``today.feed.tokens``);
        # the hash and the noted uses change on their own and are not a user's change.
        auditlog.register(
            CalendarFeedToken, exclude_fields=["key_hash", "last_used_at", "logged_on"]
        )

        # Notification kinds (issue 22): what this app notifies, and to whom.
        from guanai.today import notifications

        notifications.register()
