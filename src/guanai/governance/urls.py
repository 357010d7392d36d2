from django.urls import include, path

from guanai.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.unit_page, name="index"),
    path("", include("guanai.governance.groups.urls")),
    path("", include("guanai.governance.plans.urls")),
    path("", include("guanai.governance.matters.urls")),
    path("", include("guanai.governance.supervision.urls")),
    path("", include("guanai.governance.targets.urls")),
]
