"""Event series through the API: read one with its occurrences, cancel what is left of it.

A series is made with ``POST /activities/events`` and ``repeat``. It is seen by whoever
sees one of its events (``activities.events.series_visible``; another is 404), with the
occurrences they see; cancelling needs a leader or worker of its unit (403 otherwise).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from guanai.accounts.models import User
from guanai.activities import events
from guanai.activities.models.events import EventSeries, EventStatus
from guanai.api.activities.event_schemas import (
    SeriesCancelIn,
    SeriesCancelOut,
    SeriesDetailOut,
    SeriesEventOut,
    series_out,
)
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.schemas import READ_ERRORS, WRITE_ERRORS, Id

router = Router(tags=["activities"])


def _detail(user: User, series: EventSeries) -> SeriesDetailOut:
    occurrences = events.events_visible(user).filter(series=series).order_by("starts_at", "pk")
    return SeriesDetailOut(
        **series_out(series).model_dump(),
        events=[
            SeriesEventOut(
                id=e.pk,
                starts_at=e.starts_at,
                target_classes=list(e.target_classes),
                status=EventStatus(e.status),
            )
            for e in occurrences
        ],
    )


@router.get("/activities/series/{series_id}", response={200: SeriesDetailOut, **READ_ERRORS})
def series_detail(request: HttpRequest, series_id: Id) -> SeriesDetailOut:
    """Return a series with the occurrences the caller sees, in date order."""
    user = acting_user(request)
    return _detail(user, get_object_or_404(events.series_visible(user), pk=series_id))


@router.post(
    "/activities/series/{series_id}/cancel",
    response={200: SeriesCancelOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def series_cancel(request: HttpRequest, series_id: Id, payload: SeriesCancelIn) -> SeriesCancelOut:
    """Cancel the occurrences of ``since`` and after (every class's) that are not cancelled
    yet; the earlier ones stay. None left to cancel is 400."""
    user = acting_user(request)
    series = get_object_or_404(events.series_visible(user), pk=series_id)
    cancelled = events.event_series_cancel(acting_user=user, series=series, since=payload.since)
    return SeriesCancelOut(
        **_detail(user, series).model_dump(), cancelled=[e.pk for e in cancelled]
    )
