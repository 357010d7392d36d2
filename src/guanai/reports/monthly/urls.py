"""Monthly report pages, included in ``reports.urls`` (the ``reports`` namespace)."""

from django.urls import path

from guanai.reports.monthly import views

urlpatterns = [
    path("", views.report_index, name="index"),
    # Before the month's page, which would take "deadline" for a month.
    path("monthly/<int:unit>/deadline/", views.deadline_update, name="deadline"),
    path(
        "monthly/<int:unit>/deadline/holidays/", views.deadline_holidays, name="deadline_holidays"
    ),
    path("monthly/<int:unit>/<str:month>/", views.report_month, name="month"),
    path("monthly/<int:unit>/<str:month>/start/", views.report_start, name="start"),
    path("monthly/<int:unit>/<str:month>/summary/", views.summary_print, name="summary_print"),
    path("monthly/<int:unit>/<str:month>/summary/xlsx/", views.summary_xlsx, name="summary_xlsx"),
    path("monthly/report/<int:pk>/", views.report_detail, name="report"),
    # Before the actions, which would take "print" for one.
    path("monthly/report/<int:pk>/print/", views.report_print, name="report_print"),
    path("monthly/report/<int:pk>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("monthly/report/<int:pk>/<str:action>/", views.report_action, name="report_action"),
]
