from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "guanai.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.reports.info import event_link
        from guanai.reports.models import (
            Bulletin,
            FigureChange,
            HolidayOverride,
            KpiTarget,
            MonthlyReport,
            ReportDeadline,
            SurveyCount,
        )
        from guanai.reports.models_assessment import (
            AssessmentItem,
            AssessmentScore,
            AssessmentSheet,
            InfoPhoto,
            InfoReport,
        )

        # Fact and DirtyFact are computed from the other tables and rebuilt at will: not
        # audited.
        for model in (
            AssessmentItem,
            AssessmentScore,
            AssessmentSheet,
            Bulletin,
            FigureChange,
            HolidayOverride,
            InfoPhoto,
            InfoReport,
            KpiTarget,
            MonthlyReport,
            ReportDeadline,
            SurveyCount,
        ):
            auditlog.register(model)
        event_link.register()
        from guanai.reports.kpis import checklist

        checklist.register()

        from guanai.reports.kpis import targets as kpi_targets

        kpi_targets.register()

        # Notification kinds (issue 22): what this app notifies, and to whom.
        from guanai.reports import notifications

        notifications.register()
        # The app's scheduled jobs (the times are in notify.jobs.SCHEDULE; issue 22).
        from guanai.reports import jobs as scheduled_jobs

        scheduled_jobs.register()
        # Writes that a figure counts mark their units' facts out of date (issue 24).
        from guanai.reports import dirty

        dirty.register()
