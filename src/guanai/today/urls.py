"""The "today" page is the site's root (``home``, where a login lands): see guanai/urls.py.
Beside it, the user's calendar feed: its settings page and the feed a phone reads."""

from django.urls import URLPattern, path

from guanai.today import views
from guanai.today.feed import views as feed_views

urlpatterns: list[URLPattern] = [
    path("", views.today_page, name="home"),
    path("calendar/", feed_views.calendar_page, name="calendar"),
    # No key in the path: the address has no object in it, the key is its query string.
    path("calendar/feed.ics", feed_views.calendar_feed, name="calendar_feed"),
]
