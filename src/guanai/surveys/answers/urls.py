from django.urls import path

from guanai.surveys.answers import views

urlpatterns = [
    path("cases/<int:pk>/fill/", views.case_fill, name="case_fill"),
]
