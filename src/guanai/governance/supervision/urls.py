from django.urls import path

from guanai.governance.supervision import views

# The index route names the page the sub-navigation links to: the visits list.
urlpatterns = [
    path("supervision/", views.visit_list, name="supervision_index"),
    path("supervision/visits/new/", views.visit_new, name="visit_new"),
    path("supervision/visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("supervision/visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path(
        "supervision/rectifications/<int:pk>/",
        views.rectification_detail,
        name="rectification_detail",
    ),
    path(
        "supervision/rectifications/<int:pk>/report/",
        views.rectification_report,
        name="rectification_report",
    ),
    path(
        "supervision/rectifications/<int:pk>/accept/",
        views.rectification_accept,
        name="rectification_accept",
    ),
    path(
        "supervision/rectifications/<int:pk>/return/",
        views.rectification_return,
        name="rectification_return",
    ),
    path("supervision/photos/<int:pk>/", views.rectification_photo, name="rectification_photo"),
]
