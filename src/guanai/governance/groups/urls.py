from django.urls import path

from guanai.governance import views

# Filled by the sub-domain's pages; the index route names the sub-navigation links to.
urlpatterns = [
    path("groups/", views.coming, name="groups_index"),
]
