from django.urls import URLPattern, path

from guanai.notify.prefs import views

urlpatterns: list[URLPattern] = [
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/email/", views.address, {"channel": "email"}, name="address_email"),
    path("preferences/phone/", views.address, {"channel": "sms"}, name="address_sms"),
    path("units/<int:unit_id>/robot/", views.webhook, name="webhook"),
]
