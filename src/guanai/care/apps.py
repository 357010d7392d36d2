from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "guanai.care"
    label = "care"
    verbose_name = _("Care work")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.care.models import (
            AssistancePlan,
            CareRecord,
            CareRecordPhoto,
            CareWarning,
            FrequencyRule,
            Pairing,
            PocketMoneyAccount,
            RiskAssessment,
            TermEvaluation,
        )

        for model in (
            AssistancePlan,
            CareRecord,
            CareRecordPhoto,
            CareWarning,
            FrequencyRule,
            Pairing,
            PocketMoneyAccount,
            RiskAssessment,
            TermEvaluation,
        ):
            auditlog.register(model)

        from guanai.care import person_panel, scoping_filters

        person_panel.register()
        scoping_filters.register()

        # Notification kinds (issue 22): what this app notifies, and to whom.
        from guanai.care import notifications

        notifications.register()
        # The app's scheduled jobs (the times are in notify.jobs.SCHEDULE; issue 22).
        from guanai.care import jobs as scheduled_jobs

        scheduled_jobs.register()
