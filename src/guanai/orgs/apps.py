from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "guanai.orgs"
    label = "orgs"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from guanai.core.audit import reverse_one_to_ones
        from guanai.orgs.models import OrgUnit

        auditlog.register(OrgUnit, exclude_fields=["path", "depth", *reverse_one_to_ones(OrgUnit)])
