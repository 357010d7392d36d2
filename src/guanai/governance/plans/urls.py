from django.urls import path

from guanai.governance.plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plans_index"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan_print"),
    path("plans/<int:pk>/tasks/new/", views.task_new, name="plan_task_new"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/withdraw/", views.plan_withdraw, name="plan_withdraw"),
    path("plan-tasks/<int:pk>/edit/", views.task_edit, name="plan_task_edit"),
    path("plan-tasks/<int:pk>/remove/", views.task_remove, name="plan_task_remove"),
]
