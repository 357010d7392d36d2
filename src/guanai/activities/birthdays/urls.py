"""Routes of the birthday pages (joined into the ``activities`` namespace)."""

from django.urls import URLPattern, path

from guanai.activities.birthdays import views

urlpatterns: list[URLPattern] = [
    path("birthdays/", views.birthdays, name="birthdays"),
    path("birthdays/persons/<int:pk>/lunar/", views.lunar_birthday, name="lunar_birthday"),
    path("birthdays/persons/<int:pk>/celebrate/", views.celebrate, name="birthday_celebrate"),
    path(
        "birthdays/persons/<int:pk>/celebrate/undo/",
        views.celebration_undo,
        name="birthday_celebration_undo",
    ),
]
