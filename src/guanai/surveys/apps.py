from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "guanai.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.surveys.models import Case, FormVersion, Questionnaire, Round

        # Answer sets (Response) are not registered: each is kept whole with its author and
        # times, and every change of one is an access-log event named in its service.
        for model in (Questionnaire, FormVersion, Round, Case):
            auditlog.register(model)

        from guanai.surveys import person_panel

        person_panel.register()
