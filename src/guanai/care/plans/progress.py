"""Progress entries and the progress archive (进步档案) of a person.

篇一: "教师要对结对帮扶效果进行定期检查，建立进步档案". The archive is one timeline of what
happened to a person's care: plans started and completed, plan reviews, term evaluations,
marks and awards entered, and care records (talks, visits, calls …), newest first. It is
read with one query per kind of item, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import (
    AssistancePlan,
    CareRecordPerson,
    Grade,
    PlanReview,
    PlanStatus,
    ProgressEntry,
    ProgressKind,
    TermEvaluation,
)
from guanai.care.permissions import require_can_care_for
from guanai.care.plans.evaluations import GRADED, grade_label
from guanai.care.plans.selectors import plans_of
from guanai.care.plans.terms import term_label
from guanai.core.audit import access_log
from guanai.core.errors import ValidationFailed
from guanai.core.models import AuditAction
from guanai.core.text import column_limit, within
from guanai.registry.models import Person
from guanai.registry.services import require_open_file

TITLE_LIMIT = column_limit(ProgressEntry, "title")
DETAIL_LIMIT = 2000  # the detail is a TextField: this limit is the entry's


@transaction.atomic
def progress_entry_add(
    *,
    acting_user: User,
    person: Person,
    kind: str,
    on: date,
    title: str,
    detail: str = "",
) -> ProgressEntry:
    """Enter a mark, an award or another step forward of a person the user cares for.

    The entry is written in the access log (``PLAN_PROGRESS``) in the same transaction.
    """
    require_can_care_for(acting_user, person)
    require_open_file(person)
    if kind not in ProgressKind.values:
        raise ValidationFailed(_("Choose a mark, an award or other progress."), field="kind")
    if on > timezone.localdate():
        raise ValidationFailed(_("The date is in the future."), field="on")
    if person.birth_date is not None and on < person.birth_date:
        raise ValidationFailed(_("The date is before the person was born."), field="on")
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(
            _("Write what it was, e.g. “期中数学 92 分” or “校级三好学生”."), field="title"
        )
    within(title, TITLE_LIMIT, field="title")
    detail = within(detail.strip(), DETAIL_LIMIT, field="detail")
    entry = ProgressEntry.objects.create(
        person=person, kind=kind, on=on, title=title, detail=detail, author=acting_user
    )
    access_log(
        user=acting_user,
        action=AuditAction.PLAN_PROGRESS,
        obj=entry,
        detail={"person": person.pk, "kind": kind, "on": on.isoformat()},
    )
    return entry


def progress_entries(person: Person) -> QuerySet[ProgressEntry]:
    return person.progress_entries.select_related("author").order_by("-on", "-pk")


# --- The archive -------------------------------------------------------------------------


class ItemKind(StrEnum):
    """What a timeline item is; the template styles each (and the API names it)."""

    PLAN_STARTED = "plan_started"
    PLAN_COMPLETED = "plan_completed"
    REVIEW = "review"
    EVALUATION = "evaluation"
    PROGRESS = "progress"
    CARE = "care"


# Items of one day in this order, newest first: the completion after its last review.
_DAY_ORDER: dict[ItemKind, int] = {
    ItemKind.PLAN_COMPLETED: 0,
    ItemKind.REVIEW: 1,
    ItemKind.EVALUATION: 2,
    ItemKind.PROGRESS: 3,
    ItemKind.CARE: 4,
    ItemKind.PLAN_STARTED: 5,
}


@dataclass(frozen=True)
class TimelineItem:
    on: date
    kind: ItemKind
    label: str
    title: str
    detail: str
    author: str
    url: str = ""
    # Order among items of the same kind and day: the later written first.
    seq: int = 0


@dataclass(frozen=True)
class Timeline:
    items: list[TimelineItem]
    years: list[int]
    year: int | None


def _author(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def _plan_items(plans: list[AssistancePlan]) -> list[TimelineItem]:
    """Return the starts of the approved plans and the completions of the completed ones.

    A completion is dated by ``closed_on``; plans completed before that date was kept
    are dated by their last review (completing needs one).
    """
    items = []
    for plan in plans:
        if plan.approved_at is None:  # a draft, or a draft withdrawn: nothing started
            continue
        url = reverse("care:plan_detail", args=[plan.pk])
        domain = plan.get_domain_display()
        items.append(
            TimelineItem(
                on=plan.starts_on,
                kind=ItemKind.PLAN_STARTED,
                label=_("Plan started"),
                title=_("Assistance plan: %(domain)s") % {"domain": domain},
                detail=plan.goals,
                author=_author(plan.responsible),
                url=url,
                seq=plan.pk,
            )
        )
        finished_on: date | None = plan.closed_on or getattr(plan, "last_reviewed_on", None)
        if plan.status == PlanStatus.COMPLETED and finished_on is not None:
            items.append(
                TimelineItem(
                    on=finished_on,
                    kind=ItemKind.PLAN_COMPLETED,
                    label=_("Plan completed"),
                    title=_("Assistance plan: %(domain)s") % {"domain": domain},
                    detail=plan.closing_note,
                    author=_author(plan.responsible),
                    url=url,
                    seq=plan.pk,
                )
            )
    return items


def _review_item(review: PlanReview) -> TimelineItem:
    parts = [str(review.get_progress_display()), review.notes]
    if review.next_step:
        parts.append(_("Next step: %(step)s") % {"step": review.next_step})
    return TimelineItem(
        on=review.reviewed_on,
        kind=ItemKind.REVIEW,
        label=_("Plan review"),
        title=_("Assistance plan: %(domain)s") % {"domain": review.plan.get_domain_display()},
        detail="\n".join(p for p in parts if p),
        author=_author(review.author),
        url=reverse("care:plan_detail", args=[review.plan_id]),
        seq=review.pk,
    )


def grades_text(evaluation: TermEvaluation) -> str:
    """Return the four grades in a line: "品行：优　学习：良 …"."""
    names = {f: grade_label(f) for f in GRADED}
    return "　".join(f"{names[f]}：{Grade(getattr(evaluation, f)).label}" for f in GRADED)


def _evaluation_item(evaluation: TermEvaluation) -> TimelineItem:
    term = term_label(evaluation.term)
    return TimelineItem(
        on=evaluation.written_on,
        kind=ItemKind.EVALUATION,
        label=_("Term evaluation"),
        title=term,
        detail="\n".join(t for t in (grades_text(evaluation), evaluation.comment) if t),
        author=_author(evaluation.author),
        seq=evaluation.pk,
    )


def _progress_item(entry: ProgressEntry) -> TimelineItem:
    return TimelineItem(
        on=entry.on,
        kind=ItemKind.PROGRESS,
        label=str(entry.get_kind_display()),
        title=entry.title,
        detail=entry.detail,
        author=_author(entry.author),
        seq=entry.pk,
    )


def _care_item(met: CareRecordPerson) -> TimelineItem:
    record = met.record
    return TimelineItem(
        on=met.occurred_on,
        kind=ItemKind.CARE,
        label=str(record.get_kind_display()),
        title=str(record.get_kind_display()),
        detail="\n".join(t for t in (record.summary, record.needs) if t),
        author=_author(record.author),
        seq=record.pk,
    )


def progress_timeline(person: Person, *, year: int | None = None) -> Timeline:
    """Return the person's progress archive, newest first, limited to ``year`` if given.

    Five queries whatever the number of items: plans (with their last review date),
    reviews, evaluations, progress entries and care records.
    """
    items: list[TimelineItem] = _plan_items(list(plans_of(person)))
    reviews = PlanReview.objects.filter(plan__person=person).select_related("plan", "author")
    items += [_review_item(r) for r in reviews]
    evaluations = person.term_evaluations.select_related("author")
    items += [_evaluation_item(e) for e in evaluations]
    items += [_progress_item(e) for e in progress_entries(person)]
    care = CareRecordPerson.objects.filter(person=person).select_related("record__author")
    items += [_care_item(m) for m in care]
    years = sorted({item.on.year for item in items}, reverse=True)
    if year is not None:
        items = [item for item in items if item.on.year == year]
    items.sort(key=lambda i: (i.on, -_DAY_ORDER[i.kind], i.seq), reverse=True)
    return Timeline(items=items, years=years, year=year)


def progress_archive_read(
    *,
    acting_user: AnyUser,
    person: Person,
    year: int | None = None,
    request: HttpRequest | None = None,
) -> Timeline:
    """Return a person's progress archive for the page or the API, and log the read.

    The archive gathers a person's care, evaluations and marks: reading it is audited like
    opening the case file (PIPL). The caller has read ``person`` through its scope.
    """
    timeline = progress_timeline(person, year=year)
    access_log(
        user=acting_user,
        action=AuditAction.READ,
        obj=person,
        request=request,
        detail={"page": "progress_archive"},
    )
    return timeline
