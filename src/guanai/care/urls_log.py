"""Routes of the care app's log pages (included by care/urls.py)."""

from django.urls import URLPattern, path

from guanai.care import views_log

urlpatterns: list[URLPattern] = [
    path("", views_log.worklist_page, name="worklist"),
    path("records/new/", views_log.record_new, name="record_new"),
    path("records/<int:pk>/edit/", views_log.record_edit, name="record_edit"),
    path("persons/<int:pk>/", views_log.person_care, name="person_care"),
    path("persons/<int:pk>/risk/", views_log.risk_propose, name="risk_propose"),
    path("risk/<int:pk>/<str:decision>/", views_log.risk_decide, name="risk_decide"),
    path("rules/", views_log.rules_page, name="rules"),
    path("rules/new/", views_log.rule_new, name="rule_new"),
    path("rules/<int:pk>/edit/", views_log.rule_edit, name="rule_edit"),
]
