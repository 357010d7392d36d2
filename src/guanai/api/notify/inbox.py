"""The caller's inbox through the API, as the page (``notify.inbox``): unread, all or
archived notifications with their sentence in the caller's language and the page of their
work; one read, all read, archived or back. Only the caller's own: another's is 404."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from guanai.api.auth import acting_user
from guanai.api.pagination import Pages
from guanai.api.schemas import READ_ERRORS, Id
from guanai.api.types import Bool
from guanai.notify import kinds, selectors, services
from guanai.notify.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="The kind's code, e.g. care_due, report_returned.")
    kind_label: str
    text: str = Field(description="The sentence, in the caller's language.")
    link: str = Field(description="The page where the work is done (a path of Guanai).")
    count: int | None
    urgent: bool
    created_at: datetime
    read_at: datetime | None
    archived_at: datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int
    unread: int = Field(description="The caller's unread notifications, for a badge.")


class NotificationQuery(Pages.Input):
    show: Literal["unread", "all", "archived"] = "unread"


class NotificationArchiveIn(Schema):
    archived: Bool = Field(True, description="False takes it back to the inbox.")


def notification_out(item: Notification) -> NotificationOut:
    kind = kinds.get(item.kind)
    return NotificationOut(
        id=item.pk,
        kind=item.kind,
        kind_label=str(kind.label) if kind else "",
        text=kinds.say(item),
        link=item.link,
        count=item.count,
        urgent=item.urgent,
        created_at=item.created_at,
        read_at=item.read_at,
        archived_at=item.archived_at,
    )


@router.get("/notifications", response={200: NotificationPage, **READ_ERRORS})
def inbox(request: HttpRequest, filters: Query[NotificationQuery]) -> NotificationPage:
    """The caller's notifications, newest first."""
    user = acting_user(request)
    rows = selectors.inbox(user, archived=filters.show == "archived")
    if filters.show == "unread":
        rows = rows.filter(read_at__isnull=True)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    return NotificationPage(
        items=[notification_out(item) for item in rows[start : start + size]],
        count=rows.count(),
        unread=selectors.unread_count(user),
    )


@router.post(
    "/notifications/{notification_id}/read", response={200: NotificationOut, **READ_ERRORS}
)
def read(request: HttpRequest, notification_id: Id) -> NotificationOut:
    """Mark one notification read."""
    user = acting_user(request)
    item = selectors.access_notification(user, notification_id)
    services.mark_read(user, item)
    return notification_out(item)


@router.post(
    "/notifications/{notification_id}/archive", response={200: NotificationOut, **READ_ERRORS}
)
def archive(
    request: HttpRequest, notification_id: Id, payload: NotificationArchiveIn
) -> NotificationOut:
    """Archive one notification, or take it back to the inbox."""
    user = acting_user(request)
    item = selectors.access_notification(user, notification_id)
    services.archive(user, item, undo=not payload.archived)
    return notification_out(item)


class NotificationsReadOut(Schema):
    marked: int


@router.post("/notifications/read-all", response={200: NotificationsReadOut, **READ_ERRORS})
def read_all(request: HttpRequest) -> NotificationsReadOut:
    """Mark every unread notification of the caller read."""
    return NotificationsReadOut(marked=services.mark_all_read(acting_user(request)))
