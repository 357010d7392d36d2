from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodayConfig(AppConfig):
    name = "guanai.today"
    label = "today"
    verbose_name = _("Today's tasks")
