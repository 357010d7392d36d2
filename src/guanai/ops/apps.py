from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: demo data, backup and restore, serving. Sits above every domain app."""

    name = "guanai.ops"
    label = "ops"
    verbose_name = _("Operations")
