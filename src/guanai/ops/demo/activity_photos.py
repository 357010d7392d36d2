"""Photos of the demo's past events (issue 15, point 8): two or three each, drawn by
``pictures`` and stored through the event photo service, so that they land under
MEDIA_ROOT like any upload and are served only to the event's readers."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from guanai.activities.events.photos import event_photos_add
from guanai.activities.models.events import Event, EventStatus
from guanai.core.actors import SYSTEM
from guanai.ops.demo.pictures import scene

CAPTIONS = ("活动现场", "孩子们在一起", "合影留念")


def demo_event_photos() -> int:
    """Give each published event that is over two or three photos; return how many."""
    past = Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__lt=timezone.now())
    added = 0
    for k, event in enumerate(past.select_related("org_unit").order_by("starts_at", "pk")):
        count = 2 + k % 2
        photos = [ContentFile(scene(k + i), name=f"活动照片{i + 1}.png") for i in range(count)]
        added += len(
            event_photos_add(
                acting_user=SYSTEM, event=event, photos=photos, caption=CAPTIONS[k % len(CAPTIONS)]
            )
        )
    return added
