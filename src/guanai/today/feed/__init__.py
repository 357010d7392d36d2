"""The calendar feed (日历订阅, issue 15 point 6): a secret address per user that a phone's
calendar subscribes to, holding the user's events, birthdays and due care.

Its modules: ``tokens`` (the secret: made, replaced, turned off, checked), ``build`` (the
iCalendar content) and ``views`` (the settings page and the feed).
"""

from guanai.today.feed.build import feed_calendar
from guanai.today.feed.tokens import (
    feed_address,
    feed_authenticate,
    feed_token_new,
    feed_token_of,
    feed_token_off,
    may_have_feed,
)

__all__ = [
    "feed_address",
    "feed_authenticate",
    "feed_calendar",
    "feed_token_new",
    "feed_token_of",
    "feed_token_off",
    "may_have_feed",
]
