from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "guanai.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Every model of the app holds what a unit did with its persons: all audited.
        for model in self.get_models():
            auditlog.register(model)

        from guanai.activities.plans.governance_links import activity_plan_links
        from guanai.governance.extensions import register_plan_links

        # A unit's annual work plan lists its activity plans of the year.
        register_plan_links("activities", activity_plan_links)
