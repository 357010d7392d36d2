"""Routes of the care app's log pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care.log import views, work_views

urlpatterns: list[URLPattern] = [
    path("", work_views.worklist_page, name="worklist"),
    path("records/new/", work_views.record_new, name="record_new"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:record_pk>/photos/<int:pk>/", views.record_photo, name="record_photo"),
    path("persons/<int:pk>/", views.person_care, name="person_care"),
    path("persons/<int:pk>/risk/", views.risk_propose, name="risk_propose"),
    path("risk/<int:pk>/<str:decision>/", views.risk_decide, name="risk_decide"),
    path("rules/", views.rules_page, name="rules"),
    path("rules/new/", views.rule_new, name="rule_new"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
]
