"""The activities models, one module per sub-domain; import them from their module
(``from guanai.activities.models.events import Event``)."""

from guanai.activities.models import birthdays, events, kinds, letters, media, plans

__all__ = ["birthdays", "events", "kinds", "letters", "media", "plans"]
