"""Routes of the care app's plans pages (included by care/urls.py): assistance plans and
their reviews, term evaluations, progress entries and the progress archive."""

from django.urls import URLPattern, path

from guanai.care.plans import evaluation_views, views

urlpatterns: list[URLPattern] = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/reviews/new/", views.plan_review_new, name="plan_review_new"),
    path("evaluations/", evaluation_views.evaluation_class, name="evaluation_class"),
    path("evaluations/<int:pk>/edit/", evaluation_views.evaluation_edit, name="evaluation_edit"),
    path("persons/<int:pk>/progress/", evaluation_views.progress_archive, name="progress_archive"),
    path("persons/<int:pk>/progress/new/", evaluation_views.progress_new, name="progress_new"),
]
