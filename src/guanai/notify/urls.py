from django.urls import URLPattern, URLResolver

from guanai.notify.delivery import urls as delivery
from guanai.notify.inbox import urls as inbox
from guanai.notify.prefs import urls as prefs
from guanai.notify.scheduler import urls as scheduler

app_name = "notify"

urlpatterns: list[URLPattern | URLResolver] = [
    *inbox.urlpatterns,
    *prefs.urlpatterns,
    *delivery.urlpatterns,
    *scheduler.urlpatterns,
]
