from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "guanai.community"
    label = "community"
    verbose_name = _("Volunteers and donations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Every model of the app holds who gave, who served or who received: all audited.
        for model in self.get_models():
            auditlog.register(model)

        from guanai.community.giving import person_action

        person_action.register()
