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
            StagePhoto,
            StageRecord,
            Target,
        )

        for model in (Service, Application, FollowUp, StageRecord, StagePhoto, Target):
            auditlog.register(model)

        from guanai.inkind import person_panel

        person_panel.register()
