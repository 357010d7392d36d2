from django.urls import include, path

from guanai.accounts.home import home
from guanai.api.urls import api

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("guanai.accounts.urls")),
    path("", include("guanai.registry.urls")),
    path("care/", include("guanai.care.urls")),
    path("benefits/", include("guanai.benefits.urls")),
    path("reports/", include("guanai.reports.urls")),
]
