from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "guanai.institutions"
    label = "institutions"
    verbose_name = _("Care institutions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Every model holds what the county checks an institution by: all audited.
        for model in self.get_models():
            auditlog.register(model)
