"""The caller's "today" list through the API: the same sources as the page (guanai.today).

Read-only. Dates are ISO; ``why`` is the sentence the page shows, in the caller's language.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.today import Batch, Today, today_for

router = Router(tags=["today"])


class TaskOut(Schema):
    kind: str = Field(description="The source of the task, e.g. care_due, warning, roll.")
    kind_label: str
    subject: str = Field(description="The person, report, roll or account it is about.")
    where: str
    detail: str
    why: str = Field(description="Why and by when, as the page says it.")
    when: date | None = Field(description="The date that orders it: due date, deadline …")
    overdue: bool
    action_url: str = Field(description="The page of its one action.")


class MoreOut(Schema):
    count: int = Field(description="How many more of the kind than the list holds.")
    label: str
    url: str


class FigureOut(Schema):
    label: str
    value: int
    url: str


class TodayOut(Schema):
    day: date
    total: int
    tasks: list[TaskOut] = Field(description="The most urgent first.")
    more: list[MoreOut]
    figures: list[FigureOut]


def _more(batch: Batch) -> MoreOut:
    return MoreOut(count=batch.more, label=str(batch.all_label), url=batch.all_url)


@router.get("/today", response={200: TodayOut, **AUTH_ERRORS})
def today(request: HttpRequest) -> TodayOut:
    """Return what the caller must do now, as their "today" page shows it."""
    found: Today = today_for(acting_user(request))
    return TodayOut(
        day=found.day,
        total=found.total,
        tasks=[
            TaskOut(
                kind=t.kind,
                kind_label=str(t.kind_label),
                subject=t.subject,
                where=t.where,
                detail=t.detail,
                why=t.why,
                when=t.when,
                overdue=t.overdue,
                action_url=t.action_url,
            )
            for t in found.tasks
        ],
        more=[_more(b) for b in found.more],
        figures=[FigureOut(label=str(f.label), value=f.value, url=f.url) for f in found.figures],
    )
