from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InkindConfig(AppConfig):
    name = "guanai.inkind"
    label = "inkind"
    verbose_name = _("Assistance in kind")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.inkind.models import (
            Application,
            FollowUp,
            Service,
            ServiceTarget,
            StagePhoto,
            StageRecord,
        )

        for model in (Service, Application, FollowUp, StageRecord, StagePhoto, ServiceTarget):
            auditlog.register(model)

        from guanai.inkind import person_panel
        from guanai.inkind.coverage import sources

        person_panel.register()
        sources.register()
