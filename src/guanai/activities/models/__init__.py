"""The activities models, one module per sub-domain; import them from their module
(``from guanai.activities.models.events import Event``)."""

from guanai.activities.models import birthdays, events, media, plans

__all__ = ["birthdays", "events", "media", "plans"]
