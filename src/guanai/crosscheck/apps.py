from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosscheckConfig(AppConfig):
    name = "guanai.crosscheck"
    label = "crosscheck"
    verbose_name = _("Cross-checks")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.benefits.rolls import roll_holds_register
        from guanai.crosscheck import holds, person_panel, signals
        from guanai.crosscheck.models import CheckList, Finding

        auditlog.register(Finding)
        auditlog.register(CheckList, exclude_fields=["rejects", "warnings", "findings"])
        roll_holds_register(holds.roll_holds)
        signals.connect()
        person_panel.register()

        # Notification kinds (issue 22): what this app notifies, and to whom.
        from guanai.crosscheck import notifications

        notifications.register()
        # The app's scheduled jobs (the times are in notify.jobs.SCHEDULE; issue 22).
        from guanai.crosscheck import jobs as scheduled_jobs

        scheduled_jobs.register()
