"""Pages of activities: plans (joined into the ``activities`` namespace by ../urls.py)."""

from django.urls import URLPattern, path

from guanai.activities.plans import views

urlpatterns: list[URLPattern] = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/items/new/", views.item_new, name="item_new"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan_print"),
    path("plans/<int:pk>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("plans/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("plans/items/<int:pk>/remove/", views.item_remove, name="item_remove"),
]
