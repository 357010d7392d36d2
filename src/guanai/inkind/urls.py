"""The assistance-in-kind pages: the catalogue, requests and projects, not served, targets."""

from django.urls import include, path

app_name = "inkind"

urlpatterns = [
    path("catalogue/", include("guanai.inkind.catalogue.urls")),
    path("", include("guanai.inkind.applications.urls")),
    path("", include("guanai.inkind.coverage.urls")),
]
