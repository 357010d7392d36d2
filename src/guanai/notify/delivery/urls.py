from django.urls import URLPattern, path

from guanai.notify.delivery import views

urlpatterns: list[URLPattern] = [
    path("deliveries/", views.delivery_list, name="deliveries"),
]
